/**
 * HubSpot webhooks. The HTTP edge stores each event in the inbox as it arrives (InboxPort), before
 * answering. An event says only that a property changed, so it is not decided on: the events
 * waiting are resolved in batches — their contacts read 100 at a time (batchReadContacts) and
 * stored as contact reads (`${id}@${modifiedMs}`, the same key polling uses, so a change seen by
 * both is handled once) — and the events themselves are marked handled. Changes our own app made
 * (changeSource INTEGRATION from our app id) are marked ignored without a read.
 */
import type { InboxPort, InboundItem } from '../../http/inbound';
import type { Clock } from '../../domain/clock';
import type { Db } from '../../store/db';
import { storeInboundBatch } from '../inbox';
import type { PipelineContext } from './context';
import { contactItem } from './pollers';

/** HubSpot's contact subscription types: resolved here, never handed to the inbox handler. */
export const WEBHOOK_KINDS = [
  'contact.creation',
  'contact.propertyChange',
  'contact.deletion',
  'contact.privacyDeletion',
  'contact.merge',
  'contact.restore',
  'contact.associationChange',
] as const;

/** Kinds whose contact is read; the others (deletions, merges…) need no read and are noted as ignored. */
const READ_KINDS = new Set(['contact.creation', 'contact.propertyChange', 'contact.restore']);

export function inboxPort(db: Db, clock: Clock): InboxPort {
  return { store: (items: InboundItem[]) => storeInboundBatch(db, clock, items) };
}

interface WebhookRow {
  id: number;
  kind: string;
  payload: { objectId?: string | number; changeSource?: string; sourceId?: string; appId?: number };
}

export interface ResolveResult {
  events: number;
  read: number;
  stored: number;
  ignored: number;
}

const isOwnChange = (p: WebhookRow['payload']): boolean => p.changeSource === 'INTEGRATION' && p.appId !== undefined && p.sourceId === String(p.appId);

export async function resolveWebhooks(ctx: PipelineContext, limit = 1000): Promise<ResolveResult> {
  const { db, clock } = ctx;
  const { rows } = await db.query<WebhookRow>(
    `SELECT id, kind, payload FROM inbox WHERE source = 'hubspot' AND kind = ANY($1::text[]) AND processed_at IS NULL
      ORDER BY id LIMIT $2`,
    [[...WEBHOOK_KINDS], limit],
  );
  const result: ResolveResult = { events: rows.length, read: 0, stored: 0, ignored: 0 };
  if (rows.length === 0) return result;
  const toRead = rows.filter((r) => READ_KINDS.has(r.kind) && r.payload.objectId !== undefined && !isOwnChange(r.payload));
  const ids = [...new Set(toRead.map((r) => String(r.payload.objectId)))];
  const items: InboundItem[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const { records } = await ctx.hubspot.batchReadContacts(ids.slice(i, i + 100), ctx.fields.hubspot, { lane: 'critical' });
    result.read += records.length;
    items.push(...records.map(contactItem));
  }
  const readIds = new Set(toRead.map((r) => r.id));
  const now = clock.now().toISOString();
  await db.transaction(async (tx) => {
    result.stored = (await storeInboundBatch(tx, clock, items)).stored;
    const applied = rows.filter((r) => readIds.has(r.id)).map((r) => r.id);
    const ignored = rows.filter((r) => !readIds.has(r.id)).map((r) => r.id);
    result.ignored = ignored.length;
    for (const [ids_, outcome] of [[applied, 'applied'], [ignored, 'ignored']] as const) {
      if (ids_.length === 0) continue;
      await tx.query(
        `UPDATE inbox SET processed_at = $2, outcome = $3, attempts = attempts + 1 WHERE id = ANY($1::bigint[]) AND processed_at IS NULL`,
        [ids_, now, outcome],
      );
    }
  });
  return result;
}
