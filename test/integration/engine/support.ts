import type { Backend } from '../../support/db';
import { TEST_DATABASE_URL } from '../../support/db';
import type { Db } from '../../../src/store/db';
import { openDb } from '../../../src/store/open';
import { ManualClock } from '../../../src/domain/clock';
import type { ApplyPlan } from '../../../src/engine/apply';
import { applyPlan } from '../../../src/engine/apply';
import type { Lane, Operation, OutboxItem, System } from '../../../src/engine/outbox';
import { enqueue } from '../../../src/engine/outbox';
import type { RecordWriter, WriteItem, WriteResult } from '../../../src/engine/dispatcher';

export const T0 = '2025-03-03T09:00:00.000Z';
export const clockAt = (at: string = T0): ManualClock => new ManualClock(at);

/** Empties the tables a test fills (audit_events is append-only and left alone). */
export async function resetTables(db: Db): Promise<void> {
  await db.query('DELETE FROM write_ledger; DELETE FROM outbox; DELETE FROM timers; DELETE FROM inbox; DELETE FROM cursors; DELETE FROM leads');
}

/** A second handle on the same database: another replica on pg, the same handle on PGlite. */
export async function secondHandle(backend: Backend, db: Db, schema: string | undefined): Promise<{ db: Db; close: () => Promise<void> }> {
  if (backend === 'pglite') return { db, close: async () => undefined };
  const other = await openDb({ databaseUrl: TEST_DATABASE_URL, schema });
  return { db: other, close: () => other.close() };
}

export function newLeadPlan(id: string, extra: Partial<ApplyPlan> = {}): ApplyPlan {
  return {
    lead: { id, expectedVersion: 'new', set: { state: 'captured' } },
    audit: { type: 'lead.captured', actor: 'engine', summary: `lead ${id} captured`, data: { source: 'test' } },
    ...extra,
  };
}

export async function createLead(db: Db, clock: ManualClock, id: string): Promise<void> {
  await applyPlan(db, newLeadPlan(id), clock);
}

export const row = (recordKey: string, payload: Record<string, unknown>, o: Partial<OutboxItem> = {}): OutboxItem => ({
  system: 'salesforce',
  object: 'Lead',
  operation: 'upsert',
  recordKey,
  payload,
  ...o,
});

export async function enqueueRows(db: Db, clock: ManualClock, items: OutboxItem[]): Promise<number[]> {
  return db.transaction((tx) => enqueue(tx, clock, items));
}

export interface Call {
  system: System;
  object: string;
  operation: Operation;
  items: WriteItem[];
  lane?: Lane;
}

/**
 * A writer that behaves like an upsert API keyed by recordKey: `store` holds the last payload per
 * key, so a repeated write changes nothing there, while `calls` and `writes` count every attempt.
 */
export class FakeWriter implements RecordWriter {
  readonly calls: Call[] = [];
  readonly store = new Map<string, Record<string, unknown>>();
  readonly writes = new Map<string, number>();
  constructor(private readonly answer: (item: WriteItem, call: Call) => WriteResult | Promise<WriteResult> = () => ({ ok: true })) {}

  async write(system: System, object: string, operation: Operation, items: WriteItem[], lane?: Lane): Promise<WriteResult[]> {
    const call: Call = { system, object, operation, items, ...(lane ? { lane } : {}) };
    this.calls.push(call);
    // Yield as a network call would, so concurrent dispatchers interleave.
    await new Promise((r) => setImmediate(r));
    const results: WriteResult[] = [];
    for (const item of items) {
      const r = await this.answer(item, call);
      this.writes.set(item.recordKey, (this.writes.get(item.recordKey) ?? 0) + 1);
      if (r.ok) this.store.set(item.recordKey, { ...this.store.get(item.recordKey), ...item.payload });
      results.push(r);
    }
    return results;
  }

  /** Record keys in the order they were sent. */
  sentKeys(): string[] {
    return this.calls.flatMap((c) => c.items.map((i) => i.recordKey));
  }
}

export async function statuses(db: Db, recordKey?: string): Promise<{ id: number; record_key: string; status: string; attempts: number }[]> {
  const { rows } = await db.query<{ id: number; record_key: string; status: string; attempts: number }>(
    `SELECT id, record_key, status, attempts FROM outbox ${recordKey ? 'WHERE record_key = $1' : ''} ORDER BY id`,
    recordKey ? [recordKey] : [],
  );
  return rows;
}
