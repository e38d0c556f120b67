/**
 * Whether the process that claimed a row is still alive, asked of PostgreSQL itself (RELIABILITY
 * "a claim that outlives its worker is released"). Every claiming process holds a session-level
 * advisory lock named by its worker id for as long as it runs; PostgreSQL drops the lock the
 * moment that session ends: a `kill -9`, a crash, a terminated backend. A claim whose worker
 * holds no such lock belongs to a process that is gone and is released at once; a live
 * replica's claims are never touched, however long its batch takes. The lease stays as the
 * backstop for a process that is alive but hung.
 *
 * On PGlite there is one process (its folder lock): the claims found at start are all a dead
 * process's (pipeline/claims.ts), and none is taken back while it runs.
 */
import type { Db } from '../store/db';
import type { Logger } from '../observability/logger';
import { LeaderElector, leaderLockKey } from './leadership';

/** The advisory-lock role a worker holds while it lives (scoped by the schema, like leadership). */
export const workerRole = (workerId: string): string => `worker:${workerId}`;

/** pg_locks shows a bigint advisory key as two unsigned 32-bit halves (classid, objid), objsubid 1. */
export function advisoryKeyHalves(key: string): { classid: number; objid: number } {
  const k = BigInt.asUintN(64, BigInt(key));
  return { classid: Number(k >> 32n), objid: Number(k & 0xffffffffn) };
}

export class WorkerLiveness {
  private readonly elector: LeaderElector;

  constructor(
    private readonly db: Db,
    readonly schema: string,
    readonly workerId: string,
    opts: { logger?: Logger } = {},
  ) {
    this.elector = new LeaderElector(db, workerRole(workerId), { ...opts, scope: schema });
  }

  /**
   * Holds this worker's lock: takes it the first time, and again when its session was lost.
   * Call it before every claim, so no claim of this worker ever looks like a dead one's. False
   * when another session holds the lock (two processes given one worker id): their claims look
   * alive either way, so claiming goes on.
   */
  ensure(): Promise<boolean> {
    return this.elector.isLeader();
  }

  /** The backend pid of the session holding the lock (pg only, while held). */
  get backendPid(): number | undefined {
    return this.elector.backendPid;
  }

  /** At shutdown, after this worker's claims were released. */
  release(): Promise<void> {
    return this.elector.resign();
  }

  /**
   * Which of these workers are alive now: on PostgreSQL those whose lock is held. PGlite has no
   * locks to ask, so all count as alive (its dead process's claims are released at start).
   */
  async alive(workerIds: readonly string[]): Promise<Set<string>> {
    if (this.db.kind === 'pglite') return new Set(workerIds);
    if (workerIds.length === 0) return new Set();
    const halves = workerIds.map((w) => advisoryKeyHalves(leaderLockKey(workerRole(w), this.schema)));
    const { rows } = await this.db.query<{ w: string }>(
      `SELECT x.w FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS x(w, c, o)
        WHERE EXISTS (SELECT 1 FROM pg_locks l
                       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                         AND l.classid::bigint = x.c AND l.objid::bigint = x.o)`,
      [[...workerIds], halves.map((h) => h.classid), halves.map((h) => h.objid)],
    );
    return new Set(rows.map((r) => r.w));
  }
}
