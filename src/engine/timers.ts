/**
 * Timers (DESIGN "The pipeline", step 5): SLA warnings and breaches, recycle cooldowns. Set and
 * cancelled in the apply transaction; a sweep claims the due ones with a lease and feeds them to
 * Decide. A worker that dies holding a claim leaves it `claimed`; once the lease has passed, the
 * next claim takes it back, so a failed firing is simply retried a lease later.
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';

export interface TimerSpec {
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export interface Timer {
  id: number;
  leadId: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

interface TimerRow {
  id: number;
  lead_id: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
}
const toTimer = (r: TimerRow): Timer => ({ id: r.id, leadId: r.lead_id, kind: r.kind, dueAt: r.due_at, payload: r.payload });

/**
 * Arms a timer, replacing the lead's timer of the same kind: the pending one, and one being fired
 * right now too (its firing would act on a decision this apply has just superseded).
 */
export async function setTimer(tx: Db, clock: Clock, leadId: string, spec: TimerSpec): Promise<number> {
  await cancelTimers(tx, leadId, [spec.kind]);
  const { rows } = await tx.query<{ id: number }>(
    'INSERT INTO timers (lead_id, kind, due_at, payload, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [leadId, spec.kind, spec.dueAt.toISOString(), JSON.stringify(spec.payload ?? {}), clock.now().toISOString()],
  );
  return rows[0]!.id;
}

/**
 * setTimer for several kinds at once, in two statements: cancels the lead's pending or claimed
 * timers of every kind armed or listed in `cancel`, then arms the specs (one per kind: a later
 * spec of the same kind replaces an earlier one, as a second setTimer call would).
 */
export async function setTimers(tx: Db, clock: Clock, leadId: string, t: { set?: TimerSpec[]; cancel?: string[] }): Promise<number[]> {
  const byKind = new Map<string, TimerSpec>();
  for (const spec of t.set ?? []) byKind.set(spec.kind, spec);
  const specs = [...byKind.values()];
  await cancelTimers(tx, leadId, [...new Set([...(t.cancel ?? []), ...byKind.keys()])]);
  if (specs.length === 0) return [];
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO timers (lead_id, kind, due_at, payload, created_at)
     SELECT $1, k, d, p::jsonb, $5 FROM unnest($2::text[], $3::timestamptz[], $4::text[]) WITH ORDINALITY AS x(k, d, p, n) ORDER BY n
     RETURNING id`,
    [leadId, specs.map((s) => s.kind), specs.map((s) => s.dueAt.toISOString()), specs.map((s) => JSON.stringify(s.payload ?? {})), clock.now().toISOString()],
  );
  return rows.map((r) => r.id);
}

export async function cancelTimers(tx: Db, leadId: string, kinds: string[]): Promise<number> {
  if (kinds.length === 0) return 0;
  const { rowCount } = await tx.query(
    `UPDATE timers SET status = 'cancelled', claimed_by = NULL, lease_until = NULL
      WHERE lead_id = $1 AND kind = ANY($2::text[]) AND status IN ('pending', 'claimed')`,
    [leadId, kinds],
  );
  return rowCount;
}

export interface ClaimTimersOptions {
  workerId: string;
  limit: number;
  leaseMs: number;
  /** SLA breach timers (sla_*_breach) are due this long after their time (PipelineOptions.breachGraceMs). */
  breachGraceMs?: number;
}

/** Due timers (and ones whose claim has expired), oldest due first, leased to `workerId`. */
export async function claimDue(db: Db, clock: Clock, opts: ClaimTimersOptions): Promise<Timer[]> {
  const now = clock.now();
  const breachesUpTo = new Date(now.getTime() - (opts.breachGraceMs ?? 0));
  const { rows } = await db.query<TimerRow>(
    `WITH due AS (
       SELECT id FROM timers
        WHERE (status = 'pending' AND due_at <= CASE WHEN kind ~ '^sla_[a-z_]+_breach$' THEN $5::timestamptz ELSE $1::timestamptz END)
           OR (status = 'claimed' AND lease_until <= $1)
        ORDER BY due_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     )
     UPDATE timers t SET status = 'claimed', claimed_by = $3, lease_until = $4
       FROM due WHERE t.id = due.id
     RETURNING t.id, t.lead_id, t.kind, t.due_at, t.payload`,
    [now.toISOString(), opts.limit, opts.workerId, new Date(now.getTime() + opts.leaseMs).toISOString(), breachesUpTo.toISOString()],
  );
  return rows.map(toTimer).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

/**
 * Marks a claimed timer fired. Call it first in the transaction that applies the firing's
 * effects: it locks the row, and false means the timer was cancelled or re-armed (or another
 * worker took it after our lease ran out), so the firing must not be applied.
 */
export async function markFired(tx: Db, timerId: number, workerId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE timers SET status = 'fired', claimed_by = NULL, lease_until = NULL
      WHERE id = $1 AND status = 'claimed' AND claimed_by = $2`,
    [timerId, workerId],
  );
  return rowCount > 0;
}

/** The lead's timers that are still to fire, by kind (for `handoff explain` and tests). */
export async function pendingTimers(db: Db, leadId: string): Promise<Timer[]> {
  const { rows } = await db.query<TimerRow>(
    `SELECT id, lead_id, kind, due_at, payload FROM timers WHERE lead_id = $1 AND status IN ('pending', 'claimed') ORDER BY due_at, id`,
    [leadId],
  );
  return rows.map(toTimer);
}
