/**
 * Dispatch (DESIGN "The pipeline", step 4): claim outbox rows, batch them per (system, object,
 * operation) up to the API's batch size, hand each batch to the RecordWriter port (the
 * connectors), and record every record's result: done, retry later, or dead.
 *
 * Delivery is at least once: a worker that dies after the call and before recording the result
 * leaves its claim to expire, and the write is sent again. Writes are upserts by external id,
 * so the repeat changes nothing. The lease must outlast a write (with the connector's own
 * retries); a late write landing after its lease was taken over could overwrite a newer one.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ClaimedGroup, Lane, Operation, System } from './outbox';
import { claimOutbox, markDead, markDone, markRetry, rateLimitedStreakAfter } from './outbox';
import type { RetryPolicy, WriteFailure } from './retry-policy';
import { DEFAULT_RETRY, createRetryPolicy } from './retry-policy';

export interface WriteItem {
  /** The outbox rows this write carries (several when updates were coalesced). */
  rowIds: number[];
  recordKey: string;
  payload: Record<string, unknown>;
}

/** One result per item, in the order of the items; `detail` is what the write did, for onWritten. */
export type WriteResult = { ok: true; id?: string; detail?: Record<string, unknown> } | { ok: false; failure: WriteFailure };

/**
 * The port the connectors implement. A thrown error means the whole batch failed and may be
 * retried (network, 5xx on the batch call); per-record problems are results, not throws.
 */
export interface RecordWriter {
  /** `lane`: the batch's priority, for the connectors' rate limiters (critical before bulk). */
  write(system: System, object: string, operation: Operation, items: WriteItem[], lane?: Lane): Promise<WriteResult[]>;
}

/** A record the other system accepted, with the id it answered (e.g. the Lead it created). */
export interface WrittenRecord {
  system: System;
  object: string;
  operation: Operation;
  recordKey: string;
  leadId: string | null;
  rowIds: number[];
  /** The lane it went on: what it releases goes on the same one when nothing else says. */
  lane: Lane;
  id?: string;
  detail?: Record<string, unknown>;
}

export const DEFAULT_BATCH_SIZE: Record<System, number> = { hubspot: 100, salesforce: 200 };

export interface DispatchDeps {
  db: Db;
  clock: Clock;
  writer: RecordWriter;
  /** Names this worker's claims; one per process or loop. */
  workerId?: string;
  policy?: RetryPolicy;
  /** Attempts after which a row whose worker keeps dying is dead (the policy counts failures). */
  maxAttempts?: number;
  leaseMs?: number;
  /** Records claimed per run. */
  maxRecords?: number;
  batchSize?: Partial<Record<System, number>>;
  /** Batches in flight at once. */
  concurrency?: number;
  coalesce?: boolean;
  /**
   * Called in the transaction that marks the record done: store the link (e.g. the Salesforce
   * Lead id on the lead) atomically with it.
   */
  onWritten?: (tx: Db, written: WrittenRecord & { payload: Record<string, unknown> }) => Promise<void>;
  logger?: Logger;
  metrics?: Pick<Metrics, 'syncErrors'>;
}

export interface DispatchResult {
  /** Outbox rows claimed (coalesced rows count one each). */
  claimed: number;
  /** Records sent: one write item each. */
  sent: number;
  succeeded: number;
  /** Records scheduled for another try. */
  failed: number;
  dead: number;
  /** Rows taken back from workers whose lease expired. */
  released: number;
  /** Results that could not be recorded because this worker's lease had been taken over. */
  lostLease: number;
  written: WrittenRecord[];
}

interface Batch {
  system: System;
  object: string;
  operation: Operation;
  lane: Lane;
  groups: ClaimedGroup[];
}

/** Groups records per (system, object, operation) in claim order, chunked to the batch size. */
export function toBatches(groups: ClaimedGroup[], batchSize: Record<System, number>): Batch[] {
  const open = new Map<string, Batch>();
  const out: Batch[] = [];
  for (const g of groups) {
    const key = JSON.stringify([g.system, g.object, g.operation]);
    let b = open.get(key);
    if (!b || b.groups.length >= batchSize[g.system]) {
      b = { system: g.system, object: g.object, operation: g.operation, lane: g.lane, groups: [] };
      open.set(key, b);
      out.push(b);
    }
    b.groups.push(g);
    if (g.lane === 'critical') b.lane = 'critical';
  }
  // Stable: critical batches first, otherwise claim order.
  return out.sort((a, b) => (a.lane === b.lane ? 0 : a.lane === 'critical' ? -1 : 1));
}

/**
 * Runs `fn` over the items, `limit` at a time. One failing item does not stop the others (their
 * results still get recorded); the first error is thrown once all are done.
 */
async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch((err: unknown) => errors.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}

export async function runDispatchOnce(deps: DispatchDeps): Promise<DispatchResult> {
  const logger = deps.logger ?? silentLogger();
  const workerId = deps.workerId ?? `dispatcher-${randomUUID()}`;
  const maxAttempts = deps.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
  const policy = deps.policy ?? createRetryPolicy({ maxAttempts });
  const batchSize = { ...DEFAULT_BATCH_SIZE, ...deps.batchSize };
  const claim = await claimOutbox(deps.db, {
    workerId,
    clock: deps.clock,
    leaseMs: deps.leaseMs ?? 5 * 60_000,
    limit: deps.maxRecords ?? 500,
    coalesce: deps.coalesce,
    maxAttempts,
  });
  const result: DispatchResult = {
    claimed: claim.groups.reduce((n, g) => n + g.rowIds.length, 0),
    sent: 0,
    succeeded: 0,
    failed: 0,
    dead: claim.deadOnRelease,
    released: claim.released,
    lostLease: 0,
    written: [],
  };
  if (claim.released + claim.deadOnRelease > 0) {
    logger.warn('took back outbox rows from workers whose lease expired', { released: claim.released, dead: claim.deadOnRelease });
  }

  await mapLimit(toBatches(claim.groups, batchSize), deps.concurrency ?? 4, async (batch) => {
    const items: WriteItem[] = batch.groups.map((g) => ({ rowIds: g.rowIds, recordKey: g.recordKey, payload: g.payload }));
    let results: WriteResult[];
    try {
      results = await deps.writer.write(batch.system, batch.object, batch.operation, items, batch.lane);
    } catch (err) {
      const failure: WriteFailure = { kind: 'retryable', message: `batch call failed: ${err instanceof Error ? err.message : String(err)}` };
      results = items.map(() => ({ ok: false, failure }));
    }
    if (results.length !== items.length) {
      logger.error('writer returned a result count that does not match the batch', { system: batch.system, object: batch.object, items: items.length, results: results.length });
    }
    result.sent += items.length;
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const outcomes = batch.groups.map((group, i) => ({ group, r: results[i] ?? ({ ok: false, failure: { kind: 'retryable', message: 'the writer returned no result for this record' } } as WriteResult) }));
      // The successes are settled together, then each is followed up in the batch's order.
      const succeeded = outcomes.flatMap(({ group, r }) => (r.ok ? [{ group, result: r.id === undefined ? null : { id: r.id } }] : []));
      const kept = await markDone(tx, succeeded, workerId, now);
      for (const { group, r } of outcomes) {
        const settled = r.ok ? kept.has(group) && (await followUp(tx, group, r)) : await settleFailure(tx, group, r.failure, now);
        if (!settled) result.lostLease++;
      }
    });
  });
  return result;

  /** What a settled success leads to: onWritten in the same transaction, and the counts. */
  async function followUp(tx: Db, group: ClaimedGroup, r: Extract<WriteResult, { ok: true }>): Promise<true> {
    const written: WrittenRecord = {
      system: group.system,
      object: group.object,
      operation: group.operation,
      recordKey: group.recordKey,
      leadId: group.leadId,
      rowIds: group.rowIds,
      lane: group.lane,
      ...(r.id === undefined ? {} : { id: r.id }),
      ...(r.detail === undefined ? {} : { detail: r.detail }),
    };
    // onWritten also gets what was sent (the rows' payloads merged in id order).
    if (deps.onWritten) await deps.onWritten(tx, { ...written, payload: group.payload });
    result.written.push(written);
    result.succeeded++;
    return true;
  }

  /** Records one record's failure; false when our claim on it was lost. */
  async function settleFailure(tx: Db, group: ClaimedGroup, failure: WriteFailure, now: Date): Promise<boolean> {
    deps.metrics?.syncErrors.inc({ system: group.system, class: failure.code ?? failure.kind });
    const decision = policy(failure, group.attempts, rateLimitedStreakAfter(group, failure));
    const meta = { system: group.system, object: group.object, recordKey: group.recordKey, rows: group.rowIds, kind: failure.kind, code: failure.code, error: failure.message };
    if (decision.action === 'dead') {
      if (!(await markDead(tx, group, workerId, now, failure))) return false;
      logger.error('outbox write dead: later writes for this record are held until an operator retries or discards it', { ...meta, attempts: group.attempts });
      result.dead++;
      return true;
    }
    if (!(await markRetry(tx, group, workerId, now, failure, decision))) return false;
    logger.warn('outbox write failed; will retry', { ...meta, attempts: group.attempts, delayMs: decision.delayMs });
    result.failed++;
    return true;
  }
}
