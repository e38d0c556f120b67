/**
 * Echo suppression (RELIABILITY "Bidirectional sync"): a ledger of the field values Handoff
 * writes. When a change comes back from a system, the first matching live entry is our own
 * echo: it is consumed, and the change ignored. Anything else is a real change, even when the
 * integration user made it (its automations make real changes too). Entries expire, so a value
 * a person types back later is not swallowed by an old write.
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';
import type { System } from './outbox';
import { valueHash } from './values';

/** Salesforce keeps change events 72 h and HubSpot retries webhooks for about a day. */
export const DEFAULT_LEDGER_TTL_MS = 72 * 3600_000;

export interface LedgerWrite {
  system: System;
  /** The id the echo will carry: the record id, or the external id the write matched on. */
  recordId: string;
  field: string;
  value: unknown;
  /** The outbox row that will write it, so discarding or superseding that row drops the entry. */
  outboxId?: number;
}

export async function recordWrites(tx: Db, clock: Clock, writes: LedgerWrite[], ttlMs = DEFAULT_LEDGER_TTL_MS): Promise<void> {
  if (writes.length === 0) return;
  const now = clock.now();
  const expires = new Date(now.getTime() + ttlMs).toISOString();
  await tx.query(
    `INSERT INTO write_ledger (system, record_id, field, value_hash, outbox_id, written_at, expires_at)
     SELECT *, $6::timestamptz, $7::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])`,
    [
      writes.map((w) => w.system),
      writes.map((w) => w.recordId),
      writes.map((w) => w.field),
      writes.map((w) => valueHash(w.value)),
      writes.map((w) => w.outboxId ?? null),
      now.toISOString(),
      expires,
    ],
  );
}

export interface ObservedChange {
  system: System;
  recordId: string;
  field: string;
  value: unknown;
}

/**
 * True when this change is the echo of a live ledger entry, which it consumes: a second
 * identical change is real unless a second identical write was recorded. SKIP LOCKED so two
 * workers seeing the same echo cannot both consume one entry.
 */
export async function consumeEcho(db: Db, change: ObservedChange, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE write_ledger SET consumed_at = $5
      WHERE id = (SELECT id FROM write_ledger
                   WHERE system = $1 AND record_id = $2 AND field = $3 AND value_hash = $4
                     AND consumed_at IS NULL AND expires_at > $5
                   ORDER BY id LIMIT 1
                   FOR UPDATE SKIP LOCKED)`,
    [change.system, change.recordId, change.field, valueHash(change.value), now.toISOString()],
  );
  return rowCount > 0;
}

/** Splits a record's changed fields into our echoes (consumed) and real changes. */
export async function filterEchoes(
  db: Db,
  system: System,
  recordId: string,
  changes: Record<string, unknown>,
  now: Date,
): Promise<{ echoes: string[]; real: Record<string, unknown> }> {
  const echoes: string[] = [];
  const real: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (await consumeEcho(db, { system, recordId, field, value }, now)) echoes.push(field);
    else real[field] = value;
  }
  return { echoes, real };
}

/** Values that will never be written (superseded before sending): their echo cannot come. */
export async function dropLedgerEntries(tx: Db, entries: { outboxId: number; field: string }[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `DELETE FROM write_ledger w USING unnest($1::bigint[], $2::text[]) AS x(outbox_id, field)
      WHERE w.outbox_id = x.outbox_id AND w.field = x.field AND w.consumed_at IS NULL`,
    [entries.map((e) => e.outboxId), entries.map((e) => e.field)],
  );
}

/** Entries of outbox rows that will never be sent (discarded). */
export async function dropLedgerForRows(tx: Db, outboxIds: number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await tx.query('DELETE FROM write_ledger WHERE outbox_id = ANY($1::bigint[]) AND consumed_at IS NULL', [outboxIds]);
}

/** Housekeeping for a sweep: expired entries, and consumed ones once expired too. */
export async function pruneLedger(db: Db, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM write_ledger WHERE expires_at <= $1', [now.toISOString()]);
  return rowCount;
}
