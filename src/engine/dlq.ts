/**
 * The dead-letter queue: outbox rows that failed for good (a permanent error, or their attempts
 * used up), with the later rows of the same record held behind them. An operator lists them by
 * error class, then retries (after fixing the cause) or discards them with a reason. Both are
 * recorded in the audit trail, per record, on the lead they belong to. Dead inbox items are the
 * queue's other half (dlq-inbox.ts).
 */
import type { Clock } from '../domain/clock';
import { HandoffError } from '../errors';
import type { Db } from '../store/db';
import { appendAudit } from './audit';
import { INBOX_CODE_SQL } from './dlq-inbox';
import { dropLedgerForRows } from './ledger';
import type { System } from './outbox';
import type { DiscardedWaits } from './pipeline/lead-waits';
import { resolveDiscarded, waitingOnDead } from './pipeline/lead-waits';

export interface DeadClass {
  queue: 'outbox';
  /** `system:code` (the failure's code, else its kind): what `retry --class` takes. */
  class: string;
  system: System;
  code: string;
  /** Records with a dead write, and the rows (dead and held) waiting on them. */
  records: number;
  deadRows: number;
  heldRows: number;
  /**
   * The leads' own writes waiting on the dead rows (pipeline/lead-waits.ts): the contact's status
   * and the owner's Task behind a Lead create that never landed, the steps after a lifecycle clear.
   */
  waitingWrites: number;
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

interface RecordRow {
  system: System;
  object: string;
  record_key: string;
  code: string;
  lead_id: string | null;
  dead_rows: number;
  held_rows: number;
  last_error: string;
  last_failed_at: Date;
}

const CLASS_SQL = `coalesce(o.last_error_code, o.last_error_kind, 'unknown')`;

export async function listDead(db: Db, opts: { examples?: number } = {}): Promise<DeadClass[]> {
  const { rows } = await db.query<RecordRow>(
    `WITH dead AS (
       SELECT o.*, ${CLASS_SQL} AS code FROM outbox o WHERE o.status = 'dead'
     )
     SELECT system, object, record_key, code, min(lead_id) AS lead_id, count(*)::int AS dead_rows, max(updated_at) AS last_failed_at,
            (array_agg(last_error ORDER BY updated_at DESC, id DESC))[1] AS last_error,
            (SELECT count(*)::int FROM outbox h WHERE h.status = 'held' AND h.system = d.system AND h.object = d.object AND h.record_key = d.record_key) AS held_rows
       FROM dead d GROUP BY system, object, record_key, code
      ORDER BY max(updated_at) DESC, record_key`,
  );
  const waiting = await waitingOnDead(db, rows.map((r) => ({ leadId: r.lead_id, system: r.system, object: r.object })));
  const classes = new Map<string, DeadClass>();
  rows.forEach((r, i) => {
    const key = `${r.system}:${r.code}`;
    const c = classes.get(key) ?? { queue: 'outbox' as const, class: key, system: r.system, code: r.code, records: 0, deadRows: 0, heldRows: 0, waitingWrites: 0, examples: [], lastError: r.last_error, lastFailedAt: r.last_failed_at };
    c.records++;
    c.deadRows += r.dead_rows;
    c.heldRows += r.held_rows;
    c.waitingWrites += waiting[i]!;
    // Rows come newest first: the first of a class has its last error.
    if (c.examples.length < (opts.examples ?? 5)) c.examples.push(r.record_key);
    classes.set(key, c);
  });
  return [...classes.values()].sort((a, b) => b.records - a.records || a.system.localeCompare(b.system) || a.code.localeCompare(b.code));
}

/** Dead records now, per queue, system (an inbox item's source) and error code: the dead-letter gauge. */
export async function deadLetterCounts(db: Db): Promise<{ queue: 'outbox' | 'inbox'; system: string; code: string; count: number }[]> {
  const { rows } = await db.query<{ queue: 'outbox' | 'inbox'; system: string; code: string; count: number }>(
    `SELECT 'outbox' AS queue, o.system, ${CLASS_SQL} AS code, count(DISTINCT (o.object, o.record_key))::int AS count
       FROM outbox o WHERE o.status = 'dead' GROUP BY 2, 3
     UNION ALL
     SELECT 'inbox', source, ${INBOX_CODE_SQL}, count(*)::int FROM inbox WHERE outcome = 'dead' GROUP BY 2, 3
     ORDER BY 1, 2, 3`,
  );
  return rows;
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
  /** Held rows discarded with them: updates of a Salesforce Lead never created (the next create carries their fields). */
  discardedHeldRows: number;
  /** The leads' own writes that waited on them (pipeline/lead-waits.ts). */
  leadWrites: {
    /** Released by a discard: in the outbox now. */
    released: number;
    /** Still waiting: after a retry, until the retried write lands; after a discard, Tasks until the Lead is created again. */
    waiting: number;
  };
}

const emptyResult = (): DlqActionResult => ({ records: 0, deadRows: 0, releasedRows: 0, discardedHeldRows: 0, leadWrites: { released: 0, waiting: 0 } });

export interface OperatorAction {
  /** Who did it, for the audit trail (e.g. "operator:jdoe"). */
  actor: string;
}

/** Dead rows of the selected records go back to pending with fresh attempts, held rows with them. */
export function retryDead(db: Db, clock: Clock, sel: DeadSelector, op: OperatorAction): Promise<DlqActionResult> {
  return db.transaction(async (tx) => {
    const now = clock.now().toISOString();
    const out = emptyResult();
    const records = await selectRecords(tx, sel);
    const waiting = await waitingOnDead(tx, records.map((r) => ({ leadId: r.lead_id, system: r.system, object: r.object })));
    for (const [i, rec] of records.entries()) {
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
      // The lead's waits stand: the retried write releases them when it lands.
      out.leadWrites.waiting += waiting[i]!;
      await appendAudit(tx, clock, {
        leadId: rec.lead_id,
        type: 'outbox.retried',
        actor: op.actor,
        summary: `${op.actor} retried the dead ${rec.system} ${rec.object} write for record ${rec.record_key} (${rec.code})`,
        data: { system: rec.system, object: rec.object, recordKey: rec.record_key, errorClass: `${rec.system}:${rec.code}`, rows: rows.length, ...(waiting[i] ? { leadWritesWaiting: waiting[i] } : {}) },
      });
    }
    return out;
  });
}

/**
 * Dead rows of the selected records are discarded (never sent) with the reason; rows held behind
 * them are released in order. Their write-ledger entries go too: that echo will never come. What
 * the lead itself kept waiting on them is resolved with them (pipeline/lead-waits.ts): behind a
 * Lead create that never landed, the contact's status is released and the Tasks wait for the next
 * create, which carries the fields of the discarded one and of the updates held behind it.
 */
export function discardDead(db: Db, clock: Clock, sel: DeadSelector, op: OperatorAction & { reason: string }): Promise<DlqActionResult> {
  if (op.reason.trim() === '') return Promise.reject(new HandoffError('DLQ_REASON_REQUIRED', 'a discard needs a reason: it goes to the audit trail'));
  return db.transaction(async (tx) => {
    const now = clock.now().toISOString();
    const out = emptyResult();
    for (const rec of await selectRecords(tx, sel)) {
      await tx.query(
        `UPDATE outbox SET status = 'discarded', discard_reason = $2, finished_at = $3, updated_at = $3 WHERE id = ANY($1::bigint[]) AND status = 'dead'`,
        [rec.ids, op.reason, now],
      );
      await dropLedgerForRows(tx, rec.ids);
      const lead = await resolveDiscarded(tx, clock, { leadId: rec.lead_id, system: rec.system, object: rec.object, recordKey: rec.record_key, ids: rec.ids, reason: op.reason });
      const released = await tx.query(
        `UPDATE outbox SET status = 'pending', updated_at = $4 WHERE system = $1 AND object = $2 AND record_key = $3 AND status = 'held'`,
        [rec.system, rec.object, rec.record_key, now],
      );
      out.records++;
      out.deadRows += rec.ids.length;
      out.releasedRows += released.rowCount;
      out.discardedHeldRows += lead.discardedHeld;
      out.leadWrites.released += lead.released;
      out.leadWrites.waiting += lead.waiting;
      const touched = lead.discardedHeld + lead.released + lead.waiting > 0;
      await appendAudit(tx, clock, {
        leadId: rec.lead_id,
        type: 'outbox.discarded',
        actor: op.actor,
        summary: `${op.actor} discarded the dead ${rec.system} ${rec.object} write for record ${rec.record_key} (${rec.code}): ${op.reason}${touched ? `; ${discardedLeadWrites(lead)}` : ''}`,
        data: { system: rec.system, object: rec.object, recordKey: rec.record_key, errorClass: `${rec.system}:${rec.code}`, rows: rec.ids, reason: op.reason, ...(touched ? { leadWrites: lead } : {}) },
      });
    }
    return out;
  });
}

function discardedLeadWrites(w: DiscardedWaits): string {
  const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
  const parts = [
    ...(w.discardedHeld > 0 ? [`${n(w.discardedHeld, 'held Lead update', 'held Lead updates')} discarded with it (the next create carries them)`] : []),
    `${n(w.released, 'write', 'writes')} of the lead released`,
    ...(w.waiting > 0 ? [`${n(w.waiting, 'write waits', 'writes wait')} for the Lead to be created again`] : []),
  ];
  return parts.join(', ');
}
