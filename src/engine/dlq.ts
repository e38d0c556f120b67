/**
 * The dead-letter queue: outbox rows that failed for good (a permanent error, or their attempts
 * used up), with the later rows of the same record held behind them. An operator lists them by
 * error class, then retries (after fixing the cause) or discards them with a reason. Both are
 * recorded in the audit trail, per record, on the lead they belong to.
 */
import type { Clock } from '../domain/clock';
import { HandoffError } from '../errors';
import type { Db } from '../store/db';
import { appendAudit } from './audit';
import { dropLedgerForRows } from './ledger';
import type { System } from './outbox';

export interface DeadClass {
  /** `system:code` (the failure's code, else its kind): what `retry --class` takes. */
  class: string;
  system: System;
  code: string;
  /** Records with a dead write, and the rows (dead and held) waiting on them. */
  records: number;
  deadRows: number;
  heldRows: number;
  /** A few record keys, to look one up. */
  examples: string[];
  /** The most recent error message of the class. */
  lastError: string;
  lastFailedAt: Date;
}

export type DeadSelector =
  | { id: number }
  | { recordKey: string; system?: System; object?: string }
  | { class: string };

interface ClassRow {
  system: System;
  code: string;
  records: number;
  dead_rows: number;
  held_rows: number;
  examples: string[];
  last_error: string;
  last_failed_at: Date;
}

const CLASS_SQL = `coalesce(o.last_error_code, o.last_error_kind, 'unknown')`;

export async function listDead(db: Db, opts: { examples?: number } = {}): Promise<DeadClass[]> {
  const { rows } = await db.query<ClassRow>(
    `WITH dead AS (
       SELECT o.*, ${CLASS_SQL} AS code FROM outbox o WHERE o.status = 'dead'
     ), per_record AS (
       SELECT system, object, record_key, code, count(*) AS dead_rows, max(updated_at) AS last_failed_at,
              (array_agg(last_error ORDER BY updated_at DESC, id DESC))[1] AS last_error,
              (SELECT count(*) FROM outbox h WHERE h.status = 'held' AND h.system = d.system AND h.object = d.object AND h.record_key = d.record_key) AS held_rows
         FROM dead d GROUP BY system, object, record_key, code
     )
     SELECT system, code, count(*) AS records, sum(dead_rows)::int AS dead_rows, sum(held_rows)::int AS held_rows,
            (array_agg(record_key ORDER BY last_failed_at DESC, record_key))[1:$1] AS examples,
            (array_agg(last_error ORDER BY last_failed_at DESC))[1] AS last_error,
            max(last_failed_at) AS last_failed_at
       FROM per_record GROUP BY system, code
      ORDER BY count(*) DESC, system, code`,
    [opts.examples ?? 5],
  );
  return rows.map((r) => ({
    class: `${r.system}:${r.code}`,
    system: r.system,
    code: r.code,
    records: r.records,
    deadRows: r.dead_rows,
    heldRows: r.held_rows,
    examples: r.examples,
    lastError: r.last_error,
    lastFailedAt: r.last_failed_at,
  }));
}

interface DeadRecord {
  system: System;
  object: string;
  record_key: string;
  lead_id: string | null;
  ids: number[];
  code: string;
}

/** The records with dead rows the selector names, their dead rows locked. */
async function selectRecords(tx: Db, sel: DeadSelector): Promise<DeadRecord[]> {
  let where: string;
  let params: unknown[];
  if ('id' in sel) {
    where = `(o.system, o.object, o.record_key) = (SELECT system, object, record_key FROM outbox WHERE id = $1)`;
    params = [sel.id];
  } else if ('recordKey' in sel) {
    where = `o.record_key = $1 AND ($2::text IS NULL OR o.system = $2) AND ($3::text IS NULL OR o.object = $3)`;
    params = [sel.recordKey, sel.system ?? null, sel.object ?? null];
  } else {
    const at = sel.class.indexOf(':');
    if (at <= 0) throw new HandoffError('DLQ_BAD_CLASS', `"${sel.class}" is not an error class: expected system:code, as \`handoff dlq list\` shows it (e.g. salesforce:REQUIRED_FIELD_MISSING)`);
    where = `o.system = $1 AND ${CLASS_SQL} = $2`;
    params = [sel.class.slice(0, at), sel.class.slice(at + 1)];
  }
  const { rows } = await tx.query<{ id: number; system: System; object: string; record_key: string; lead_id: string | null; code: string }>(
    `SELECT o.id, o.system, o.object, o.record_key, o.lead_id, ${CLASS_SQL} AS code FROM outbox o
      WHERE o.status = 'dead' AND ${where} ORDER BY o.id FOR UPDATE`,
    params,
  );
  const byRecord = new Map<string, DeadRecord>();
  for (const r of rows) {
    const key = JSON.stringify([r.system, r.object, r.record_key]);
    const rec = byRecord.get(key) ?? { system: r.system, object: r.object, record_key: r.record_key, lead_id: r.lead_id, ids: [], code: r.code };
    rec.ids.push(r.id);
    rec.lead_id ??= r.lead_id;
    byRecord.set(key, rec);
  }
  return [...byRecord.values()];
}

export interface DlqActionResult {
  records: number;
  /** Dead rows retried or discarded. */
  deadRows: number;
  /** Held rows released (back to pending). */
  releasedRows: number;
}

export interface OperatorAction {
  /** Who did it, for the audit trail (e.g. "operator:jdoe"). */
  actor: string;
}

/** Dead rows of the selected records go back to pending with fresh attempts, held rows with them. */
export function retryDead(db: Db, clock: Clock, sel: DeadSelector, op: OperatorAction): Promise<DlqActionResult> {
  return db.transaction(async (tx) => {
    const now = clock.now().toISOString();
    const out: DlqActionResult = { records: 0, deadRows: 0, releasedRows: 0 };
    for (const rec of await selectRecords(tx, sel)) {
      const { rows } = await tx.query<{ status: string }>(
        `UPDATE outbox o SET status = 'pending', attempts = 0, next_attempt_at = $4, updated_at = $4
           FROM (SELECT id, status FROM outbox WHERE system = $1 AND object = $2 AND record_key = $3 AND status IN ('dead', 'held')) was
          WHERE o.id = was.id
         RETURNING was.status`,
        [rec.system, rec.object, rec.record_key, now],
      );
      out.records++;
      out.deadRows += rows.filter((r) => r.status === 'dead').length;
      out.releasedRows += rows.filter((r) => r.status === 'held').length;
      await appendAudit(tx, clock, {
        leadId: rec.lead_id,
        type: 'outbox.retried',
        actor: op.actor,
        summary: `${op.actor} retried the dead ${rec.system} ${rec.object} write for record ${rec.record_key} (${rec.code})`,
        data: { system: rec.system, object: rec.object, recordKey: rec.record_key, errorClass: `${rec.system}:${rec.code}`, rows: rows.length },
      });
    }
    return out;
  });
}

/**
 * Dead rows of the selected records are discarded (never sent) with the reason; rows held behind
 * them are released in order. Their write-ledger entries go too: that echo will never come.
 */
export function discardDead(db: Db, clock: Clock, sel: DeadSelector, op: OperatorAction & { reason: string }): Promise<DlqActionResult> {
  if (op.reason.trim() === '') return Promise.reject(new HandoffError('DLQ_REASON_REQUIRED', 'a discard needs a reason: it goes to the audit trail'));
  return db.transaction(async (tx) => {
    const now = clock.now().toISOString();
    const out: DlqActionResult = { records: 0, deadRows: 0, releasedRows: 0 };
    for (const rec of await selectRecords(tx, sel)) {
      await tx.query(
        `UPDATE outbox SET status = 'discarded', discard_reason = $2, finished_at = $3, updated_at = $3 WHERE id = ANY($1::bigint[]) AND status = 'dead'`,
        [rec.ids, op.reason, now],
      );
      await dropLedgerForRows(tx, rec.ids);
      const released = await tx.query(
        `UPDATE outbox SET status = 'pending', updated_at = $4 WHERE system = $1 AND object = $2 AND record_key = $3 AND status = 'held'`,
        [rec.system, rec.object, rec.record_key, now],
      );
      out.records++;
      out.deadRows += rec.ids.length;
      out.releasedRows += released.rowCount;
      await appendAudit(tx, clock, {
        leadId: rec.lead_id,
        type: 'outbox.discarded',
        actor: op.actor,
        summary: `${op.actor} discarded the dead ${rec.system} ${rec.object} write for record ${rec.record_key} (${rec.code}): ${op.reason}`,
        data: { system: rec.system, object: rec.object, recordKey: rec.record_key, errorClass: `${rec.system}:${rec.code}`, rows: rec.ids, reason: op.reason },
      });
    }
    return out;
  });
}
