/**
 * Claims (outbox rows, timers) that outlive the worker holding them. At a graceful shutdown a
 * worker gives back what it still holds at once: outbox rows it claimed but did not settle,
 * timers it claimed but did not fire. (Inbox rows are never held outside a transaction.) A
 * worker killed with -9 cannot; then the claims of a process that is gone are taken back as
 * soon as that is known (liveness.ts), and the leases cover a process that lives but hangs.
 */
import type { Db } from '../../store/db';
import type { WorkerLiveness } from '../liveness';
import { releaseOfDeadWorkers } from '../outbox';

export interface Released {
  outbox: number;
  timers: number;
  /** Outbox rows that had used up their attempts: dead, not pending. */
  dead: number;
}

/** A graceful release: not a failed attempt, so the attempt is given back. */
export async function releaseClaims(db: Db, workerId: string, now: Date): Promise<{ outbox: number; timers: number }> {
  return db.transaction(async (tx) => {
    const outbox = await tx.query(
      `UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = $2
        WHERE status = 'claimed' AND claimed_by = $1`,
      [workerId, now.toISOString()],
    );
    const timers = await releaseTimers(tx, [workerId]);
    return { outbox: outbox.rowCount, timers };
  });
}

/**
 * Takes back the claims of processes that are gone.
 *
 * `atStart` on embedded PGlite: the folder is opened by one process at a time (its lock), so
 * every claim found at start is a dead process's (typically killed with -9). Otherwise (and
 * always on PostgreSQL, where replicas share the tables) a claim is taken back only when its
 * worker holds no liveness lock: a live replica's claims stay its own.
 *
 * The killed write may have landed; the upserts make sending it again harmless.
 */
export async function releaseClaimsOfDeadProcesses(
  db: Db,
  liveness: WorkerLiveness,
  now: Date,
  opts: { atStart: boolean; maxAttempts: number },
): Promise<Released> {
  let dead: string[] | 'all';
  if (db.kind === 'pglite') {
    if (!opts.atStart) return { outbox: 0, timers: 0, dead: 0 };
    dead = 'all';
  } else {
    const { rows } = await db.query<{ w: string }>(
      `SELECT claimed_by AS w FROM outbox WHERE status = 'claimed' UNION SELECT claimed_by FROM timers WHERE status = 'claimed' AND claimed_by IS NOT NULL`,
    );
    const holders = rows.map((r) => r.w).filter((w) => w !== liveness.workerId);
    if (holders.length === 0) return { outbox: 0, timers: 0, dead: 0 };
    const alive = await liveness.alive(holders);
    dead = holders.filter((w) => !alive.has(w));
    if (dead.length === 0) return { outbox: 0, timers: 0, dead: 0 };
  }
  const gone = dead;
  return db.transaction(async (tx) => {
    const outbox = await releaseOfDeadWorkers(tx, now, opts.maxAttempts, gone);
    const timers = await releaseTimers(tx, gone === 'all' ? null : gone);
    return { outbox: outbox.released, dead: outbox.dead, timers };
  });
}

async function releaseTimers(tx: Db, workers: string[] | null): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE timers SET status = 'pending', claimed_by = NULL, lease_until = NULL
      WHERE status = 'claimed' AND ($1::text[] IS NULL OR claimed_by = ANY($1::text[]))`,
    [workers],
  );
  return rowCount;
}
