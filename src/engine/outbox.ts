/**
 * The outbox: writes to HubSpot and Salesforce, inserted in the transaction of the state change
 * that needs them and drained by dispatchers (RELIABILITY "Nobody gets exactly-once").
 *
 * Claiming keeps per-record order: only the oldest open row of a record (system, object,
 * record_key) may be claimed, and the later pending rows of that record are merged into it
 * ("coalesced") so one write carries them all. A claim is a lease: a worker killed mid-send
 * leaves rows `claimed`, and once `lease_until` has passed the next claim takes them back
 * (sooner when its process is known to be gone: releaseOfDeadWorkers, liveness.ts).
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';
import { dropLedgerEntries, extendForSend } from './ledger';
import type { OutboxStatus } from './outbox-status';
import { OPEN_SQL, canMoveOutbox } from './outbox-status';
import type { WriteFailure } from './retry-policy';

export type System = 'hubspot' | 'salesforce';
export type Operation = 'upsert' | 'update' | 'create';
export type Lane = 'critical' | 'bulk';

export interface OutboxItem {
  system: System;
  object: string;
  operation: Operation;
  /** External id / idempotency key the write matches on, so a retry never creates twice. */
  recordKey: string;
  payload: Record<string, unknown>;
  lane?: Lane;
  leadId?: string | null;
}

export interface OutboxRow {
  id: number;
  leadId: string | null;
  system: System;
  object: string;
  operation: Operation;
  recordKey: string;
  payload: Record<string, unknown>;
  lane: Lane;
  attempts: number;
  /** Rate-limited failures in a row (they use up no attempt, so this is what backs them off). */
  rateLimitedStreak: number;
}

/** One record's claimed rows (id order), sent as one write with their payloads merged. */
export interface ClaimedGroup {
  system: System;
  object: string;
  operation: Operation;
  recordKey: string;
  leadId: string | null;
  lane: Lane;
  rows: OutboxRow[];
  rowIds: number[];
  payload: Record<string, unknown>;
  /** Counted attempts of the group, this one included. */
  attempts: number;
  /** Rate-limited failures in a row before this attempt. */
  rateLimitedStreak: number;
}

/** The SQL condition for moving rows to `to`, checked against the transition table once. */
function from(to: OutboxStatus, ...sources: OutboxStatus[]): string {
  for (const s of sources) if (!canMoveOutbox(s, to)) throw new Error(`outbox: ${s} -> ${to} is not an allowed move`);
  return `status IN (${sources.map((s) => `'${s}'`).join(', ')})`;
}
const FROM_PENDING_TO_CLAIMED = from('claimed', 'pending');
const FROM_CLAIMED_TO_DONE = from('done', 'claimed');
const FROM_CLAIMED_TO_PENDING = from('pending', 'claimed');
const FROM_CLAIMED_TO_DEAD = from('dead', 'claimed');
const FROM_PENDING_TO_HELD = from('held', 'pending');
const FROM_HELD_TO_PENDING = from('pending', 'held');

interface RawRow {
  id: number;
  lead_id: string | null;
  system: System;
  object: string;
  operation: Operation;
  record_key: string;
  payload: Record<string, unknown>;
  lane: Lane;
  attempts: number;
  rate_limited_streak: number;
}
const ROW_COLUMNS = 'id, lead_id, system, object, operation, record_key, payload, lane, attempts, rate_limited_streak';
const toRow = (r: RawRow): OutboxRow => ({
  id: r.id,
  leadId: r.lead_id,
  system: r.system,
  object: r.object,
  operation: r.operation,
  recordKey: r.record_key,
  payload: r.payload,
  lane: r.lane,
  attempts: r.attempts,
  rateLimitedStreak: r.rate_limited_streak,
});

/**
 * Inserts rows in the caller's transaction. A row for a record whose earlier write is dead
 * starts `held`, so the DLQ shows what waits behind it (the claim rule blocks it either way).
 */
export async function enqueue(tx: Db, clock: Clock, items: OutboxItem[]): Promise<number[]> {
  if (items.length === 0) return [];
  // One statement for all the items: they are inserted in their order (WITH ORDINALITY … ORDER BY),
  // so the ids the sequence hands out, sorted, are the items' ids in order.
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO outbox (lead_id, system, object, operation, record_key, payload, lane, status, next_attempt_at, created_at, updated_at)
     SELECT x.lead_id, x.system, x.object, x.operation, x.record_key, x.payload::jsonb, x.lane,
            CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.system = x.system AND o.object = x.object AND o.record_key = x.record_key AND o.status IN ('dead', 'held'))
                 THEN 'held' ELSE 'pending' END,
            $8, $8, $8
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
            WITH ORDINALITY AS x(lead_id, system, object, operation, record_key, payload, lane, n)
      ORDER BY x.n
     RETURNING id`,
    [
      items.map((it) => it.leadId ?? null),
      items.map((it) => it.system),
      items.map((it) => it.object),
      items.map((it) => it.operation),
      items.map((it) => it.recordKey),
      items.map((it) => JSON.stringify(it.payload)),
      items.map((it) => it.lane ?? 'bulk'),
      clock.now().toISOString(),
    ],
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** A later row may ride along with the head when sending both as the head's operation is right. */
export function canCoalesce(head: Operation, next: Operation): boolean {
  return next === 'update' || next === head;
}

/** Splits a record's pending rows (id order, head first) into the merged group and the rest. */
export function coalesce(rows: OutboxRow[], enabled: boolean): OutboxRow[] {
  const head = rows[0];
  if (!head) return [];
  if (!enabled) return [head];
  const group = [head];
  for (const r of rows.slice(1)) {
    if (!canCoalesce(head.operation, r.operation)) break;
    group.push(r);
  }
  return group;
}

/** Ledger entries of values a later row of the same group overwrites: never sent, so dropped. */
function superseded(group: OutboxRow[]): { outboxId: number; field: string }[] {
  const lastWriter = new Map<string, number>();
  for (const r of group) for (const f of Object.keys(r.payload)) lastWriter.set(f, r.id);
  return group.flatMap((r) => Object.keys(r.payload).filter((f) => lastWriter.get(f) !== r.id).map((field) => ({ outboxId: r.id, field })));
}

export interface ClaimOptions {
  workerId: string;
  clock: Clock;
  leaseMs: number;
  /** Records (not rows) to claim at most. */
  limit: number;
  coalesce?: boolean;
  /** A row whose lease expired this many times is dead: it kills or hangs its workers. */
  maxAttempts: number;
}

export interface ClaimResult {
  groups: ClaimedGroup[];
  /** Rows taken back from workers whose lease expired (and of those, the ones now dead). */
  released: number;
  deadOnRelease: number;
}

export async function claimOutbox(db: Db, opts: ClaimOptions): Promise<ClaimResult> {
  const now = opts.clock.now();
  const leaseUntil = new Date(now.getTime() + opts.leaseMs).toISOString();
  return db.transaction(async (tx) => {
    const { released, dead } = await releaseExpired(tx, now, opts.maxAttempts);
    await releaseOrphans(tx, now);
    // Critical lane first; each lane in id order, which its partial index gives without a sort.
    const heads: { rows: RawRow[] } = { rows: [] };
    for (const lane of ['critical', 'bulk'] as const) {
      const room = opts.limit - heads.rows.length;
      if (room <= 0) break;
      const r = await tx.query<RawRow>(
        `SELECT ${ROW_COLUMNS} FROM outbox o
          WHERE o.status = 'pending' AND o.lane = $3 AND o.next_attempt_at <= $1
            AND NOT EXISTS (SELECT 1 FROM outbox p
                             WHERE p.system = o.system AND p.object = o.object AND p.record_key = o.record_key
                               AND p.id < o.id AND p.status IN (${OPEN_SQL}))
          ORDER BY o.id
          LIMIT $2
          FOR UPDATE OF o SKIP LOCKED`,
        [now.toISOString(), room, lane],
      );
      heads.rows.push(...r.rows);
    }
    if (heads.rows.length === 0) return { groups: [], released, deadOnRelease: dead };
    const headIds = heads.rows.map((r) => r.id);
    // Later pending rows of the same records, to merge. Nobody else claims a non-head row, so
    // these locks are waited for (briefly), never skipped: skipping one would break the order.
    const followers =
      opts.coalesce === false
        ? { rows: [] as RawRow[] }
        : await tx.query<RawRow>(
            `SELECT ${ROW_COLUMNS} FROM outbox f
              WHERE f.status = 'pending'
                AND EXISTS (SELECT 1 FROM outbox h WHERE h.id = ANY($1::bigint[])
                             AND h.system = f.system AND h.object = f.object AND h.record_key = f.record_key AND f.id > h.id)
              ORDER BY f.id
              FOR UPDATE OF f`,
            [headIds],
          );
    const byRecord = new Map<string, OutboxRow[]>();
    const key = (r: RawRow): string => JSON.stringify([r.system, r.object, r.record_key]);
    for (const r of heads.rows) byRecord.set(key(r), [toRow(r)]);
    for (const r of followers.rows) byRecord.get(key(r))?.push(toRow(r));
    const groups: ClaimedGroup[] = [];
    for (const rows of byRecord.values()) {
      const members = coalesce(rows, opts.coalesce !== false);
      const head = members[0]!;
      groups.push({
        system: head.system,
        object: head.object,
        operation: head.operation,
        recordKey: head.recordKey,
        leadId: members.map((m) => m.leadId).find((l) => l !== null) ?? null,
        lane: members.some((m) => m.lane === 'critical') ? 'critical' : 'bulk',
        rows: members,
        rowIds: members.map((m) => m.id),
        payload: Object.assign({}, ...members.map((m) => m.payload)) as Record<string, unknown>,
        attempts: Math.max(...members.map((m) => m.attempts)) + 1,
        rateLimitedStreak: Math.max(...members.map((m) => m.rateLimitedStreak)),
      });
    }
    await tx.query(
      `UPDATE outbox SET status = 'claimed', claimed_by = $2, lease_until = $3, attempts = attempts + 1, updated_at = $4
        WHERE id = ANY($1::bigint[]) AND ${FROM_PENDING_TO_CLAIMED}`,
      [groups.flatMap((g) => g.rowIds), opts.workerId, leaseUntil, now.toISOString()],
    );
    await dropLedgerEntries(tx, groups.flatMap((g) => superseded(g.rows)));
    // An echo can come from this send on, however long the row waited (ledger.ts, the TTL).
    await extendForSend(tx, groups.flatMap((g) => g.rowIds), now);
    return { groups, released, deadOnRelease: dead };
  });
}

/**
 * Claims whose lease has passed go back to pending (their worker died or hung). A row that has
 * used up its attempts this way goes dead instead: it is what kills its workers.
 */
export async function releaseExpired(tx: Db, now: Date, maxAttempts: number): Promise<{ released: number; dead: number }> {
  return takeBack(tx, now, maxAttempts, { where: 'lease_until <= $3', param: now.toISOString(), error: 'lease expired: the worker that claimed this write stopped before recording a result' });
}

/**
 * The claims of workers known to be dead (`'all'`: every claim, when no other process can be
 * alive), taken back at once as an expired lease would be: the attempt counts, so a record
 * that kills every process sending it still ends dead instead of looping.
 */
export async function releaseOfDeadWorkers(tx: Db, now: Date, maxAttempts: number, workers: readonly string[] | 'all'): Promise<{ released: number; dead: number }> {
  if (workers !== 'all' && workers.length === 0) return { released: 0, dead: 0 };
  return takeBack(tx, now, maxAttempts, {
    where: '($3::text[] IS NULL OR claimed_by = ANY($3::text[]))',
    param: workers === 'all' ? null : [...workers],
    error: 'the process that claimed this write died before recording a result',
  });
}

async function takeBack(tx: Db, now: Date, maxAttempts: number, which: { where: string; param: unknown; error: string }): Promise<{ released: number; dead: number }> {
  const { rows } = await tx.query<{ id: number; system: System; object: string; record_key: string; status: OutboxStatus }>(
    `WITH expired AS (
       SELECT id FROM outbox WHERE status = 'claimed' AND ${which.where} FOR UPDATE SKIP LOCKED
     )
     UPDATE outbox o
        SET status = CASE WHEN o.attempts >= $2 THEN 'dead' ELSE 'pending' END,
            claimed_by = NULL, lease_until = NULL, updated_at = $1,
            last_error = $4, last_error_kind = 'lease_expired', last_error_code = NULL
       FROM expired WHERE o.id = expired.id
     RETURNING o.id, o.system, o.object, o.record_key, o.status`,
    [now.toISOString(), maxAttempts, which.param, which.error],
  );
  const dead = rows.filter((r) => r.status === 'dead');
  for (const r of dead) await holdLater(tx, { system: r.system, object: r.object, recordKey: r.record_key, afterId: r.id }, now);
  return { released: rows.length - dead.length, dead: dead.length };
}

/**
 * A held row with no dead row before it is released. `enqueue` may label a row held from a
 * snapshot in which an operator's retry had not yet committed; this undoes that on the next
 * claim instead of leaving the row stuck.
 */
async function releaseOrphans(tx: Db, now: Date): Promise<void> {
  await tx.query(
    `WITH orphan AS (
       SELECT h.id FROM outbox h
        WHERE h.${FROM_HELD_TO_PENDING}
          AND NOT EXISTS (SELECT 1 FROM outbox d WHERE d.system = h.system AND d.object = h.object AND d.record_key = h.record_key
                             AND d.status = 'dead' AND d.id < h.id)
        FOR UPDATE OF h SKIP LOCKED
     )
     UPDATE outbox o SET status = 'pending', updated_at = $1 FROM orphan WHERE o.id = orphan.id`,
    [now.toISOString()],
  );
}

/** Every later pending row of the record waits behind a dead one. */
async function holdLater(tx: Db, rec: { system: System; object: string; recordKey: string; afterId: number }, now: Date): Promise<void> {
  await tx.query(
    `UPDATE outbox SET status = 'held', updated_at = $5
      WHERE system = $1 AND object = $2 AND record_key = $3 AND id > $4 AND ${FROM_PENDING_TO_HELD}`,
    [rec.system, rec.object, rec.recordKey, rec.afterId, now.toISOString()],
  );
}

/**
 * Settles the groups whose writes succeeded, each row with its group's result, in one statement.
 * Only the worker holding the claim may settle it: the groups returned are those it still held
 * (a group whose lease was lost meanwhile is left out).
 */
export async function markDone(tx: Db, done: { group: ClaimedGroup; result: Record<string, unknown> | null }[], workerId: string, now: Date): Promise<Set<ClaimedGroup>> {
  if (done.length === 0) return new Set();
  const ids: number[] = [];
  const results: (string | null)[] = [];
  for (const { group, result } of done) {
    for (const id of group.rowIds) {
      ids.push(id);
      results.push(result === null ? null : JSON.stringify(result));
    }
  }
  const { rows } = await tx.query<{ id: number }>(
    `UPDATE outbox SET status = 'done', claimed_by = NULL, lease_until = NULL, result = x.result::jsonb, finished_at = $3, updated_at = $3
       FROM unnest($1::bigint[], $2::text[]) AS x(row_id, result)
      WHERE outbox.id = x.row_id AND ${FROM_CLAIMED_TO_DONE} AND claimed_by = $4
      RETURNING outbox.id`,
    [ids, results, now.toISOString(), workerId],
  );
  const settled = new Set(rows.map((r) => Number(r.id)));
  return new Set(done.filter(({ group }) => group.rowIds.some((id) => settled.has(id))).map(({ group }) => group));
}

/** The group's rate-limited failures in a row once `failure` is recorded: one more, or none. */
export function rateLimitedStreakAfter(group: Pick<ClaimedGroup, 'rateLimitedStreak'>, failure: Pick<WriteFailure, 'kind'>): number {
  return failure.kind === 'rate_limited' ? group.rateLimitedStreak + 1 : 0;
}

export async function markRetry(
  tx: Db,
  group: ClaimedGroup,
  workerId: string,
  now: Date,
  failure: WriteFailure,
  retry: { delayMs: number; countsAsAttempt: boolean },
): Promise<boolean> {
  const r = await tx.query(
    `UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, next_attempt_at = $3,
            attempts = CASE WHEN $4::boolean THEN attempts ELSE greatest(attempts - 1, 0) END,
            last_error = $5, last_error_kind = $6, last_error_code = $7, updated_at = $8, rate_limited_streak = $9
      WHERE id = ANY($1::bigint[]) AND ${FROM_CLAIMED_TO_PENDING} AND claimed_by = $2`,
    [
      group.rowIds,
      workerId,
      new Date(now.getTime() + retry.delayMs).toISOString(),
      retry.countsAsAttempt,
      failure.message,
      failure.kind,
      failure.code ?? null,
      now.toISOString(),
      rateLimitedStreakAfter(group, failure),
    ],
  );
  return r.rowCount > 0;
}

export async function markDead(tx: Db, group: ClaimedGroup, workerId: string, now: Date, failure: WriteFailure): Promise<boolean> {
  const r = await tx.query(
    `UPDATE outbox SET status = 'dead', claimed_by = NULL, lease_until = NULL, rate_limited_streak = 0,
            last_error = $3, last_error_kind = $4, last_error_code = $5, updated_at = $6
      WHERE id = ANY($1::bigint[]) AND ${FROM_CLAIMED_TO_DEAD} AND claimed_by = $2`,
    [group.rowIds, workerId, failure.message, failure.kind, failure.code ?? null, now.toISOString()],
  );
  if (r.rowCount === 0) return false;
  await holdLater(tx, { system: group.system, object: group.object, recordKey: group.recordKey, afterId: Math.max(...group.rowIds) }, now);
  return true;
}

/** Row counts by system and status, for the outbox-depth gauge and `handoff doctor`. */
export async function outboxStats(db: Db): Promise<{ system: System; status: OutboxStatus; count: number }[]> {
  const { rows } = await db.query<{ system: System; status: OutboxStatus; count: number }>(
    `SELECT system, status, count(*) AS count FROM outbox GROUP BY system, status ORDER BY system, status`,
  );
  return rows;
}
