/**
 * What routing reads besides the lead, kept in the database next to it: each pool's durable
 * pointer, every RM's open leads, and who a breach streak took out of rotation. Routing decisions
 * take a transaction-scoped lock of the deployment's schema first (lock-keys.ts), so two workers
 * never pick from one pointer at once (the audit append serialises applies anyway; this makes the
 * read of the pointer part of it).
 */
import type { PoolState } from '../../domain/routing';
import type { BreachStreak } from '../../domain/sla';
import type { Db } from '../../store/db';
import { xactLockSql } from '../lock-keys';

/** States in which a lead counts against its RM's capacity (routed or accepted, not yet worked). */
export const OPEN_STATES = ['routed', 'escalated', 'accepted'] as const;

export interface RoutingState {
  poolStates: Record<string, PoolState>;
  openLeadCounts: Record<string, number>;
  outOfRotation: string[];
}

export async function loadRoutingState(tx: Db): Promise<RoutingState> {
  await tx.query(xactLockSql('routing'));
  const pools = await tx.query<{ pool_key: string; state: PoolState }>('SELECT pool_key, state FROM routing_pools');
  const open = await tx.query<{ owner_id: string; n: number }>(
    `SELECT owner_id, count(*)::int AS n FROM leads WHERE owner_kind = 'rm' AND state = ANY($1::text[]) GROUP BY owner_id`,
    [[...OPEN_STATES]],
  );
  const out = await tx.query<{ owner_id: string }>('SELECT owner_id FROM owner_streaks WHERE out_of_rotation ORDER BY owner_id');
  return {
    poolStates: Object.fromEntries(pools.rows.map((r) => [r.pool_key, r.state])),
    openLeadCounts: Object.fromEntries(open.rows.map((r) => [r.owner_id, r.n])),
    outOfRotation: out.rows.map((r) => r.owner_id),
  };
}

export async function savePoolStates(tx: Db, states: Record<string, PoolState>, now: Date): Promise<void> {
  for (const [key, state] of Object.entries(states)) {
    await tx.query(
      `INSERT INTO routing_pools (pool_key, state, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (pool_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [key, JSON.stringify(state), now.toISOString()],
    );
  }
}

export interface OutOfRotation {
  ownerId: string;
  /** When the streak took them out (null for a row written before `since` was kept). */
  since: Date | null;
  /** Missed accept-by deadlines in a row, as counted now. */
  consecutive: number;
}

/** Who a breach streak took out of rotation, longest out first. */
export async function listOutOfRotation(db: Db): Promise<OutOfRotation[]> {
  const { rows } = await db.query<{ owner_id: string; since: Date | null; consecutive: number }>(
    'SELECT owner_id, since, consecutive FROM owner_streaks WHERE out_of_rotation ORDER BY since NULLS FIRST, owner_id',
  );
  return rows.map((r) => ({ ownerId: r.owner_id, since: r.since, consecutive: r.consecutive }));
}

export async function loadStreak(tx: Db, ownerId: string): Promise<BreachStreak | undefined> {
  const { rows } = await tx.query<{ consecutive: number; out_of_rotation: boolean; since: Date | null }>(
    'SELECT consecutive, out_of_rotation, since FROM owner_streaks WHERE owner_id = $1 FOR UPDATE',
    [ownerId],
  );
  const r = rows[0];
  return r ? { ownerId, consecutive: r.consecutive, outOfRotation: r.out_of_rotation, ...(r.since ? { since: r.since.toISOString() } : {}) } : undefined;
}

export async function saveStreak(tx: Db, s: BreachStreak, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO owner_streaks (owner_id, consecutive, out_of_rotation, since, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (owner_id) DO UPDATE SET consecutive = excluded.consecutive, out_of_rotation = excluded.out_of_rotation,
       since = excluded.since, updated_at = excluded.updated_at`,
    [s.ownerId, s.consecutive, s.outOfRotation, s.since ?? null, now.toISOString()],
  );
}
