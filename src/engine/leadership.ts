/**
 * Leader election per role (pollers, sweeps) over a PostgreSQL session advisory lock (DESIGN
 * "Scale"). The leader keeps one connection open holding the lock; when its process dies, or
 * its connection does, PostgreSQL releases the lock and another replica takes it on its next
 * try. Nothing else to coordinate: no heartbeats table, no expiry to tune.
 *
 * On PGlite there is one process and one session, so the only elector there is always leader.
 * Shut down in reverse order: `resign()` before `db.close()` (a held session keeps a pool busy).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/db';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';

/**
 * The advisory-lock key of a role in one deployment: 64 bits of
 * sha256("handoff:leader:" + scope + ":" + role), signed. Advisory locks are database-wide, and
 * a deployment is a schema (its tables), so the scope is the schema: two deployments sharing a
 * database each have their own pollers' and sweeps' leader.
 */
export function leaderLockKey(role: string, scope: string): string {
  const digest = createHash('sha256').update(`handoff:leader:${scope}:${role}`).digest();
  return BigInt.asIntN(64, digest.readBigUInt64BE(0)).toString();
}

interface Term {
  conn: Db;
  pid: number;
  end: () => void;
  ended: Promise<void>;
}

export class LeaderElector {
  private term: Term | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private key: string | undefined;
  private readonly logger: Logger;

  /**
   * `scope` names the deployment the role belongs to; by default the database's current schema
   * (its search_path), asked once on the first campaign.
   */
  constructor(
    private readonly db: Db,
    readonly role: string,
    opts: { logger?: Logger; scope?: string } = {},
  ) {
    if (opts.scope !== undefined) this.key = leaderLockKey(role, opts.scope);
    this.logger = opts.logger ?? silentLogger();
  }

  /** The backend pid of the session holding the lock, while this elector leads (pg only). */
  get backendPid(): number | undefined {
    return this.term?.pid;
  }

  /**
   * Whether this process leads the role now: takes the lock when free; when already held,
   * checks the session still lives (a killed connection means the lock is gone). Call it before
   * every leader-only run.
   */
  isLeader(): Promise<boolean> {
    if (this.db.kind === 'pglite') return Promise.resolve(true);
    return this.serial(async () => ((this.term && (await this.stillHeld(this.term))) || (await this.campaign())));
  }

  /** Gives the role up (at shutdown): the lock is released and the session's connection closed. */
  resign(): Promise<void> {
    return this.serial(async () => {
      const term = this.term;
      if (!term) return;
      this.term = undefined;
      term.end();
      await term.ended;
      this.logger.info('resigned leadership', { role: this.role });
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async stillHeld(term: Term): Promise<boolean> {
    try {
      await term.conn.query('SELECT 1');
      return true;
    } catch (err) {
      this.term = undefined;
      term.end();
      this.logger.warn('lost leadership: the session holding the lock is gone', { role: this.role, error: (err as Error).message });
      return false;
    }
  }

  /** One try: opens a session, takes the lock if free and keeps the session open while leading. */
  private campaign(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let end!: () => void;
      const released = new Promise<void>((r) => (end = r));
      let finished!: () => void;
      const ended = new Promise<void>((r) => (finished = r));
      void this.db
        .session(async (conn) => {
          const key = (this.key ??= leaderLockKey(this.role, await currentSchema(conn)));
          const { rows } = await conn.query<{ ok: boolean; pid: number }>('SELECT pg_try_advisory_lock($1::bigint) AS ok, pg_backend_pid() AS pid', [key]);
          const row = rows[0];
          if (!row?.ok) return resolve(false);
          this.term = { conn, pid: row.pid, end, ended };
          this.logger.info('became leader', { role: this.role });
          resolve(true);
          await released;
          // The pg backend discards this connection anyway; unlocking is for tidiness.
          await conn.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
        })
        .catch((err: unknown) => {
          this.logger.warn('leader election failed', { role: this.role, error: (err as Error).message });
          resolve(false);
        })
        .finally(finished);
    });
  }
}

async function currentSchema(conn: Db): Promise<string> {
  const { rows } = await conn.query<{ s: string | null }>('SELECT current_schema() AS s');
  return rows[0]?.s ?? 'public';
}
