/**
 * Dead inbox items in the dead-letter queue: changes Handoff stored but could not handle after
 * their attempts (inbox.ts). An operator lists them by error class (`inbox:<source>:<code>`),
 * then retries them (after fixing the cause: they are handled again, with fresh attempts) or
 * discards them with a reason. Both are recorded in the audit trail, per item. An item is shown
 * by its ids only (the inbox id and the source's own id: an event id, a record id and version);
 * its payload holds personal data and is never printed.
 */
import type { Clock } from '../domain/clock';
import { HandoffError } from '../errors';
import { redactString } from '../observability/redact';
import type { Db } from '../store/db';
import { appendAudit } from './audit';
import type { InboxSource } from './inbox';

export const INBOX_CLASS_PREFIX = 'inbox:';

export const isInboxClass = (cls: string): boolean => cls.startsWith(INBOX_CLASS_PREFIX);

export interface DeadInboxClass {
  queue: 'inbox';
  /** `inbox:source:code`: what `retry --class` takes. */
  class: string;
  source: InboxSource;
  code: string;
  items: number;
  /** What the items are (contact, Lead, Task, an event type…). */
  kinds: string[];
  /** The newest few: the inbox id (what `--inbox` takes) and the source's id. */
  examples: { id: number; sourceId: string }[];
  /** The most recent error message of the class, with any personal data cut out. */
  lastError: string;
  lastFailedAt: Date;
}

export type DeadInboxSelector = { inboxId: number } | { class: string };

export const INBOX_CODE_SQL = `coalesce(last_error_code, 'unknown')`;
const CODE_SQL = INBOX_CODE_SQL;

export async function listDeadInbox(db: Db, opts: { examples?: number } = {}): Promise<DeadInboxClass[]> {
  const { rows } = await db.query<{ source: InboxSource; code: string; items: number; kinds: string[]; ids: number[]; source_ids: string[]; last_error: string | null; last_failed_at: Date }>(
    `SELECT source, ${CODE_SQL} AS code, count(*)::int AS items, array_agg(DISTINCT kind) AS kinds,
            (array_agg(id ORDER BY processed_at DESC, id DESC))[1:$1] AS ids,
            (array_agg(source_id ORDER BY processed_at DESC, id DESC))[1:$1] AS source_ids,
            (array_agg(last_error ORDER BY processed_at DESC, id DESC))[1] AS last_error,
            max(processed_at) AS last_failed_at
       FROM inbox WHERE outcome = 'dead' GROUP BY source, ${CODE_SQL}
      ORDER BY count(*) DESC, source, ${CODE_SQL}`,
    [opts.examples ?? 5],
  );
  return rows.map((r) => ({
    queue: 'inbox',
    class: `${INBOX_CLASS_PREFIX}${r.source}:${r.code}`,
    source: r.source,
    code: r.code,
    items: r.items,
    kinds: [...r.kinds].sort(),
    examples: r.ids.map((id, i) => ({ id: Number(id), sourceId: r.source_ids[i]! })),
    lastError: redactString(r.last_error ?? ''),
    lastFailedAt: r.last_failed_at,
  }));
}

/** The dead items a selector names, locked: `WHERE` clause and parameters. */
function where(sel: DeadInboxSelector): { sql: string; params: unknown[] } {
  if ('inboxId' in sel) return { sql: 'id = $1', params: [sel.inboxId] };
  const rest = sel.class.startsWith(INBOX_CLASS_PREFIX) ? sel.class.slice(INBOX_CLASS_PREFIX.length) : '';
  const at = rest.indexOf(':');
  if (at <= 0) throw new HandoffError('DLQ_BAD_CLASS', `"${sel.class}" is not an inbox error class: expected inbox:source:code, as \`handoff dlq list\` shows it (e.g. inbox:hubspot:HUBSPOT_RETRYABLE)`);
  return { sql: `source = $1 AND ${CODE_SQL} = $2`, params: [rest.slice(0, at), rest.slice(at + 1)] };
}

interface Item {
  id: number;
  source: InboxSource;
  source_id: string;
  kind: string;
  code: string;
}

async function audit(tx: Db, clock: Clock, actor: string, verb: 'retried' | 'discarded', it: Item, reason?: string): Promise<void> {
  await appendAudit(tx, clock, {
    leadId: null,
    type: `inbox.${verb}`,
    actor,
    summary: `${actor} ${verb} the dead inbox item #${it.id} (${it.source} ${it.kind} ${it.source_id}, ${it.code})${reason ? `: ${reason}` : ''}`,
    data: { inboxId: it.id, source: it.source, kind: it.kind, sourceId: it.source_id, errorClass: `${INBOX_CLASS_PREFIX}${it.source}:${it.code}`, ...(reason ? { reason } : {}) },
  });
}

/** The selected dead items are handled again at the next inbox run, with fresh attempts. */
export async function retryDeadInbox(db: Db, clock: Clock, sel: DeadInboxSelector, op: { actor: string }): Promise<{ items: number }> {
  const w = where(sel);
  return db.transaction(async (tx) => {
    const now = clock.now().toISOString();
    const { rows } = await tx.query<Item>(
      `UPDATE inbox SET processed_at = NULL, outcome = NULL, attempts = 0, available_at = $${w.params.length + 1}
        WHERE outcome = 'dead' AND ${w.sql} RETURNING id, source, source_id, kind, ${CODE_SQL} AS code`,
      [...w.params, now],
    );
    for (const it of rows.sort((a, b) => a.id - b.id)) await audit(tx, clock, op.actor, 'retried', it);
    return { items: rows.length };
  });
}

/** The selected dead items are never handled, with the reason. */
export async function discardDeadInbox(db: Db, clock: Clock, sel: DeadInboxSelector, op: { actor: string; reason: string }): Promise<{ items: number }> {
  if (op.reason.trim() === '') throw new HandoffError('DLQ_REASON_REQUIRED', 'a discard needs a reason: it goes to the audit trail');
  const w = where(sel);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Item>(
      `UPDATE inbox SET outcome = 'discarded', discard_reason = $${w.params.length + 1}
        WHERE outcome = 'dead' AND ${w.sql} RETURNING id, source, source_id, kind, ${CODE_SQL} AS code`,
      [...w.params, op.reason],
    );
    for (const it of rows.sort((a, b) => a.id - b.id)) await audit(tx, clock, op.actor, 'discarded', it, op.reason);
    return { items: rows.length };
  });
}
