/**
 * Echo suppression (RELIABILITY "Bidirectional sync"): a ledger of the field values Handoff
 * writes, one entry per value, standing for the one echo that write will cause. An entry is
 * accounted for, and closed, in one of two ways:
 *
 * - the write is confirmed (onWritten): the lead's `raw` now holds the values sent, so a read
 *   showing them is no change by comparison, and the entry has nothing left to do;
 * - a read shows the field with the entry's value (a poll, a webhook's batch read, reconciliation):
 *   that is the echo, seen once. This is what covers a write whose answer was lost (a timeout, a
 *   dropped connection): it may have landed, `raw` does not know, and its echo must not look real.
 *
 * A read with another value is a real change, even when the integration user made it (its
 * automations make real changes too). An entry left live would swallow the next genuine change
 * back to its value, so none is left waiting for an echo that was already accounted for.
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';
import type { System } from './outbox';
import { valueHash } from './values';

/**
 * How long an entry lives after its write was last sent (claimOutbox extends it at every send).
 * Entries of confirmed writes are closed at once, so a live entry only stands for a write not
 * sent yet, or sent with its answer lost. If such a write landed, its echo is read by the next
 * poll (every 15 s, 30 s behind HubSpot's search) or the first one after a restart; if it did
 * not, the retry lands and closes it. Six hours outlasts any of that short of a long outage, and
 * bounds how long a write that never lands (its row dead) can swallow a genuine change to the
 * same value. (It was 72 h, Salesforce's change-event retention, when entries lived until an echo
 * came; Handoff polls rather than reading change events, and ignores its own HubSpot webhooks.)
 */
export const DEFAULT_LEDGER_TTL_MS = 6 * 3600_000;

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

/**
 * A read of one record against the ledger: each field it shows with the value of a live entry
 * consumes that entry, whether or not the field `moved` from what Handoff last saw (an entry whose
 * echo came back equal to `raw` would otherwise stay live). Of the moved fields, those that
 * matched no entry are real changes. Costs one query when the record has no live entry.
 */
export async function filterEchoesOfRead(
  db: Db,
  system: System,
  recordId: string,
  read: Record<string, unknown>,
  moved: readonly string[],
  now: Date,
): Promise<{ echoes: string[]; real: Record<string, unknown> }> {
  const { rows } = await db.query<{ field: string; value_hash: string }>(
    `SELECT DISTINCT field, value_hash FROM write_ledger
      WHERE system = $1 AND record_id = $2 AND consumed_at IS NULL AND expires_at > $3`,
    [system, recordId, now.toISOString()],
  );
  const live = new Set(rows.map((r) => `${r.field}\u0000${r.value_hash}`));
  const echoes: string[] = [];
  for (const [field, value] of Object.entries(read)) {
    if (live.has(`${field}\u0000${valueHash(value)}`) && (await consumeEcho(db, { system, recordId, field, value }, now))) echoes.push(field);
  }
  const real: Record<string, unknown> = {};
  for (const field of moved) if (field in read && !echoes.includes(field)) real[field] = read[field];
  return { echoes, real };
}

/** The records among `recordIds` with a live entry: a read of one must reach the ledger even when it shows no change. */
export async function recordsWithLiveEntries(db: Db, system: System, recordIds: string[], now: Date): Promise<Set<string>> {
  if (recordIds.length === 0) return new Set();
  const { rows } = await db.query<{ record_id: string }>(
    `SELECT DISTINCT record_id FROM write_ledger
      WHERE system = $1 AND record_id = ANY($2::text[]) AND consumed_at IS NULL AND expires_at > $3`,
    [system, recordIds, now.toISOString()],
  );
  return new Set(rows.map((r) => r.record_id));
}

/**
 * The writes of these outbox rows are confirmed and the lead's `raw` now holds what they sent: a
 * read showing those values is no change by comparison, so their entries are closed (as consumed)
 * in the transaction that records it. Left live, an entry would wait for an echo nobody asks it
 * about, and swallow the next genuine change back to its value.
 */
export async function closeConfirmed(tx: Db, outboxIds: number[], now: Date): Promise<void> {
  if (outboxIds.length === 0) return;
  await tx.query('UPDATE write_ledger SET consumed_at = $2 WHERE outbox_id = ANY($1::bigint[]) AND consumed_at IS NULL', [outboxIds, now.toISOString()]);
}

/** The rows are being sent now: their entries live DEFAULT_LEDGER_TTL_MS from this send, however long they waited. */
export async function extendForSend(tx: Db, outboxIds: number[], now: Date, ttlMs = DEFAULT_LEDGER_TTL_MS): Promise<void> {
  if (outboxIds.length === 0) return;
  await tx.query(
    'UPDATE write_ledger SET expires_at = greatest(expires_at, $2::timestamptz) WHERE outbox_id = ANY($1::bigint[]) AND consumed_at IS NULL',
    [outboxIds, new Date(now.getTime() + ttlMs).toISOString()],
  );
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
