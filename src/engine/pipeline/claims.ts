/**
 * At a graceful shutdown, whatever this worker still holds goes back at once instead of waiting
 * out its lease: outbox rows it claimed but did not settle, timers it claimed but did not fire.
 * (Inbox rows are never held outside a transaction.) A worker killed with -9 cannot do this;
 * the leases cover that case.
 */
import type { Db } from '../../store/db';

export async function releaseClaims(db: Db, workerId: string, now: Date): Promise<{ outbox: number; timers: number }> {
  return db.transaction(async (tx) => {
    const outbox = await tx.query(
      `UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = $2
        WHERE status = 'claimed' AND claimed_by = $1`,
      [workerId, now.toISOString()],
    );
    const timers = await tx.query(`UPDATE timers SET status = 'pending', claimed_by = NULL, lease_until = NULL WHERE status = 'claimed' AND claimed_by = $1`, [workerId]);
    return { outbox: outbox.rowCount, timers: timers.rowCount };
  });
}
