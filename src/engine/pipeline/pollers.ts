/**
 * Polling, the safety net under webhooks (RELIABILITY "Watermarks lose records"). HubSpot
 * contacts by lastmodifieddate with the connector's keyset walk, kept ~30 s behind now because
 * search lags writes; Salesforce Lead, Task, Event and Opportunity by (SystemModstamp, Id), each
 * poll starting a look-back window behind its cursor so late commits are read again. Every
 * change read is stored in the inbox as `${id}@${modstamp}`: a re-read is a duplicate and goes
 * no further. Cursors are durable and only move forward, and only after the page is stored.
 */
import type { ContactRecord } from '../../connectors/hubspot';
import { changeKey } from '../../connectors/hubspot';
import type { ModstampCursor } from '../../connectors/salesforce';
import type { InboundItem } from '../inbox';
import { storeInboundBatch } from '../inbox';
import { getCursor, setCursor } from '../cursors';
import type { PipelineContext } from './context';
import { LEAD_META_FIELDS } from './fields';
import { isOutcomeActivity } from './handle-activity';
import type { ContactSnapshot } from './handle-contact';
import { CONTACT_KIND } from './handle-contact';
import type { SalesforceObject } from './inbox-handler';

export interface PollResult {
  pages: number;
  read: number;
  stored: number;
}

export const HUBSPOT_CURSOR = 'hubspot:contacts';
export const salesforceCursorName = (object: SalesforceObject): string => `salesforce:${object}`;

/** HubSpot ids are digits compared as numbers; stored padded so the cursor's text order agrees. */
const pad = (id: string | undefined): string => (id === undefined ? '' : id.padStart(20, '0'));
const unpad = (id: string): string | undefined => (id === '' ? undefined : id.replace(/^0+(?=\d)/, ''));

export function contactItem(r: ContactRecord): InboundItem {
  const payload: ContactSnapshot = { id: r.id, properties: r.properties, modifiedMs: r.modifiedMs, ...(r.archived ? { archived: true } : {}) };
  return { source: 'hubspot', sourceId: changeKey(r), kind: CONTACT_KIND, payload };
}

export async function pollHubspot(ctx: PipelineContext): Promise<PollResult> {
  const { db, clock, options: o } = ctx;
  const stored = await getCursor(db, HUBSPOT_CURSOR);
  let cursor = stored ? { sinceMs: stored.ts.getTime(), afterId: unpad(stored.id) } : { sinceMs: clock.now().getTime() - o.initialLookbackMs, afterId: undefined };
  const untilMs = clock.now().getTime() - o.hubspotLagMs;
  const result: PollResult = { pages: 0, read: 0, stored: 0 };
  while (result.pages < o.maxPagesPerPoll && cursor.sinceMs <= untilMs) {
    const page = await ctx.hubspot.searchContactsModifiedSince({
      sinceMs: cursor.sinceMs,
      ...(cursor.afterId !== undefined ? { afterId: cursor.afterId } : {}),
      properties: ctx.fields.hubspot,
      limit: o.hubspotPageSize,
      untilMs,
      lane: 'critical',
    });
    result.pages++;
    result.read += page.records.length;
    result.stored += (await storeInboundBatch(db, clock, page.records.map(contactItem))).stored;
    cursor = { sinceMs: page.next.sinceMs, afterId: page.next.afterId };
    await setCursor(db, clock, HUBSPOT_CURSOR, { ts: new Date(cursor.sinceMs), id: pad(cursor.afterId) });
    if (page.caughtUp) break;
  }
  return result;
}

/** The smallest Id, so a look-back start includes every record of its second. */
const FIRST_ID = '000000000000000';

export function salesforceFields(ctx: PipelineContext, object: SalesforceObject): string[] {
  const f = ctx.fields;
  switch (object) {
    case 'Lead':
      return [...f.lead, ...LEAD_META_FIELDS];
    case 'Task':
      return [...f.task, 'TaskSubtype'];
    case 'Event':
      return f.event;
    case 'Opportunity':
      return f.opportunity;
  }
}

export async function pollSalesforce(ctx: PipelineContext, object: SalesforceObject): Promise<PollResult> {
  const { db, clock, options: o } = ctx;
  const name = salesforceCursorName(object);
  const stored = await getCursor(db, name);
  const startMs = stored ? stored.ts.getTime() - o.salesforceLookbackMs : clock.now().getTime() - o.initialLookbackMs;
  let cursor: ModstampCursor | null = { ts: new Date(startMs).toISOString(), id: FIRST_ID };
  const fields = salesforceFields(ctx, object);
  const result: PollResult = { pages: 0, read: 0, stored: 0 };
  while (result.pages < o.maxPagesPerPoll) {
    const page = await ctx.salesforce.queryChangedSince(object, fields, cursor, o.salesforcePageSize, { lane: 'critical' });
    result.pages++;
    result.read += page.records.length;
    const relevant = object === 'Task' || object === 'Event' ? page.records.filter(isOutcomeActivity) : page.records;
    const items: InboundItem[] = relevant.map((r) => ({ source: 'salesforce', sourceId: `${r.Id}@${r.SystemModstamp}`, kind: object, payload: r }));
    result.stored += (await storeInboundBatch(db, clock, items)).stored;
    cursor = page.next;
    if (cursor) await setCursor(db, clock, name, { ts: new Date(cursor.ts), id: cursor.id });
    if (page.done) break;
  }
  return result;
}
