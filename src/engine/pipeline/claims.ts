/**
 * At a graceful shutdown, whatever this worker still holds goes back at once instead of waiting
 * out its lease: outbox rows it claimed but did not settle, timers it claimed but did not fire.
 * (Inbox rows are never held outside a transaction.) A worker killed with -9 cannot do this;
 * the leases cover that case.
 */
import type { Db } from '../../store/db';

export async function releaseClaims(db: Db, workerId: string, now: Date): Promise<{ outbox: number; timers: number }> {
  return release(db, workerId, now);
}

/**
 * Embedded PGlite is opened by one process at a time (its folder lock), so at start every claim
 * in it belongs to a process that is gone, typically killed with -9: release them all now rather
 * than waiting out their leases. The killed write may have landed; the upserts make sending it
 * again harmless. (On PostgreSQL other replicas may be alive: there, leases decide.)
 */
export async function releaseClaimsOfDeadProcesses(db: Db, now: Date): Promise<{ outbox: number; timers: number }> {
  if (db.kind !== 'pglite') return { outbox: 0, timers: 0 };
  return release(db, null, now);
}

async function release(db: Db, workerId: string | null, now: Date): Promise<{ outbox: number; timers: number }> {
  return db.transaction(async (tx) => {
    const outbox = await tx.query(
      `UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = $2
        WHERE status = 'claimed' AND ($1::text IS NULL OR claimed_by = $1)`,
      [workerId, now.toISOString()],
    );
    const timers = await tx.query(
      `UPDATE timers SET status = 'pending', claimed_by = NULL, lease_until = NULL WHERE status = 'claimed' AND ($1::text IS NULL OR claimed_by = $1)`,
      [workerId],
    );
    return { outbox: outbox.rowCount, timers: timers.rowCount };
  });
}
