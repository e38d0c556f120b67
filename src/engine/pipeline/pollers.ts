/**
 * Polling, the safety net under webhooks (RELIABILITY "Watermarks lose records"). HubSpot
 * contacts by lastmodifieddate in windows: each window ends ~30 s behind now (search lags writes)
 * and is walked in contact-id order, so every change in it is read once and N changes cost
 * ceil(N / 200) calls (the connector's restart-at-the-last-timestamp walk re-reads the boundary
 * record of every page, and a whole page when a bulk change shares one millisecond). Salesforce
 * Lead, Task, Event and Opportunity by (SystemModstamp, Id), each poll starting a look-back window
 * behind its cursor so late commits are read again. Every change read is stored in the inbox as
 * `${id}@${modstamp}`: a re-read is a duplicate and goes no further; a read that shows what Handoff
 * last saw or wrote (the echo of its own write) is not stored at all, unless a write-ledger entry of
 * that record still waits for its echo. Cursors are durable, only move
 * forward, and only after the page is stored. A rate-limited poll stops where it is and goes on
 * next time.
 */
import type { ContactRecord } from '../../connectors/hubspot';
import { changeKey } from '../../connectors/hubspot';
import type { ModstampCursor } from '../../connectors/salesforce';
import { ApiError } from '../../connectors';
import type { InboundItem } from '../inbox';
import { storeInboundBatch } from '../inbox';
import { getCursor, setCursor } from '../cursors';
import type { Cursor } from '../cursors';
import { recordsWithLiveEntries } from '../ledger';
import type { PipelineContext } from './context';
import { LEAD_META_FIELDS, movedFields, pick } from './fields';
import { findLeadsByIds } from './lead-record';
import { isOutcomeActivity } from './handle-activity';
import type { ContactSnapshot } from './handle-contact';
import { CONTACT_KIND } from './handle-contact';
import type { SalesforceObject } from './inbox-handler';

export interface PollResult {
  pages: number;
  read: number;
  stored: number;
  /** The poll stopped early on a rate limit; the next poll goes on from its cursor. */
  rateLimited?: boolean;
}

export const HUBSPOT_CURSOR = 'hubspot:contacts';
export const salesforceCursorName = (object: SalesforceObject): string => `salesforce:${object}`;

/**
 * The HubSpot cursor: `ts` is the window's start; `id` is `<untilMs>:<last id read, padded>` while
 * a window is being walked and `<untilMs>:z` once it is done (the next window starts at untilMs).
 * Ids are padded so that text order is number order, and every next state sorts after the last:
 * the cursor table only ever moves forward.
 */
export interface HubspotWindow {
  fromMs: number;
  untilMs: number;
  afterId?: string;
  done: boolean;
}

const DONE = 'z';
const pad = (id: string): string => id.padStart(20, '0');

export function readWindow(c: Cursor | null): HubspotWindow | null {
  const m = c ? /^(\d+):(.*)$/.exec(c.id) : null;
  if (!c || !m) return null;
  const rest = m[2] ?? '';
  return { fromMs: c.ts.getTime(), untilMs: Number(m[1]), done: rest === DONE, ...(rest !== '' && rest !== DONE ? { afterId: rest.replace(/^0+(?=\d)/, '') } : {}) };
}

export function windowCursor(w: HubspotWindow): Cursor {
  return { ts: new Date(w.fromMs), id: `${w.untilMs}:${w.done ? DONE : w.afterId !== undefined ? pad(w.afterId) : ''}` };
}

const isRateLimited = (err: unknown): boolean => err instanceof ApiError && err.failure.kind === 'rate_limited';

/**
 * Reads that show exactly what Handoff last saw or wrote for a lead — mostly the echoes of its
 * own writes — are not stored: the handler would find no change in them either. A record with a
 * live write-ledger entry is stored all the same, so the handler's read consumes the entry it
 * matches (ledger.ts). One query per page, two when a page has such reads.
 */
async function withoutEchoes<T>(ctx: PipelineContext, column: 'hubspot_contact_id' | 'salesforce_lead_id', records: T[], id: (r: T) => string, values: (r: T) => Record<string, unknown>): Promise<T[]> {
  const leads = await findLeadsByIds(ctx.db, column, records.map(id));
  if (leads.length === 0) return records;
  const side = column === 'hubspot_contact_id' ? 'hubspot' : 'salesforce';
  const fields = side === 'hubspot' ? ctx.fields.hubspot : ctx.fields.lead;
  const raw = new Map(leads.map((l) => [side === 'hubspot' ? l.hubspotContactId : l.salesforceLeadId, l.data.raw[side]]));
  const unchanged = new Set(
    records.filter((r) => {
      const seen = raw.get(id(r));
      return seen && movedFields(fields, seen, pick(values(r), fields)).length === 0;
    }),
  );
  if (unchanged.size === 0) return records;
  const live = await recordsWithLiveEntries(ctx.db, side, [...unchanged].map(id), ctx.clock.now());
  return records.filter((r) => !unchanged.has(r) || live.has(id(r)));
}

export function contactItem(r: ContactRecord): InboundItem {
  const payload: ContactSnapshot = { id: r.id, properties: r.properties, modifiedMs: r.modifiedMs, ...(r.archived ? { archived: true } : {}) };
  return { source: 'hubspot', sourceId: changeKey(r), kind: CONTACT_KIND, payload };
}

export async function pollHubspot(ctx: PipelineContext): Promise<PollResult> {
  const { db, clock, options: o } = ctx;
  const now = clock.now().getTime();
  const stored = readWindow(await getCursor(db, HUBSPOT_CURSOR));
  let w: HubspotWindow = !stored
    ? { fromMs: now - o.initialLookbackMs, untilMs: now - o.hubspotLagMs, done: false }
    : stored.done
      ? { fromMs: stored.untilMs, untilMs: now - o.hubspotLagMs, done: false }
      : stored;
  const result: PollResult = { pages: 0, read: 0, stored: 0 };
  if (w.untilMs <= (stored?.untilMs ?? -Infinity) && stored?.done) return result;
  try {
    while (!w.done && result.pages < o.maxPagesPerPoll) {
      const page = await ctx.hubspot.searchContactsInWindow({ ...w, properties: ctx.fields.hubspot, limit: o.hubspotPageSize, lane: 'critical' });
      result.pages++;
      result.read += page.records.length;
      const changed = await withoutEchoes(ctx, 'hubspot_contact_id', page.records, (r) => r.id, (r) => r.properties);
      result.stored += (await storeInboundBatch(db, clock, changed.map(contactItem))).stored;
      w = { ...w, ...(page.lastId !== undefined ? { afterId: page.lastId } : {}), done: page.done };
      await setCursor(db, clock, HUBSPOT_CURSOR, windowCursor(w));
    }
  } catch (err) {
    if (!isRateLimited(err)) throw err;
    ctx.logger.info('HubSpot poll paused by a rate limit; it goes on next time', { pages: result.pages });
    result.rateLimited = true;
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
  try {
    while (result.pages < o.maxPagesPerPoll) {
      const page = await ctx.salesforce.queryChangedSince(object, fields, cursor, o.salesforcePageSize, { lane: 'critical' });
      result.pages++;
      result.read += page.records.length;
      const relevant =
        object === 'Task' || object === 'Event'
          ? page.records.filter(isOutcomeActivity)
          : object === 'Lead'
            ? await withoutEchoes(ctx, 'salesforce_lead_id', page.records, (r) => r.Id, (r) => r)
            : page.records;
      const items: InboundItem[] = relevant.map((r) => ({ source: 'salesforce', sourceId: `${r.Id}@${r.SystemModstamp}`, kind: object, payload: r }));
      result.stored += (await storeInboundBatch(db, clock, items)).stored;
      cursor = page.next;
      if (cursor) await setCursor(db, clock, name, { ts: new Date(cursor.ts), id: cursor.id });
      if (page.done) break;
    }
  } catch (err) {
    if (!isRateLimited(err)) throw err;
    ctx.logger.info('Salesforce poll paused by a rate limit; it goes on next time', { object, pages: result.pages });
    result.rateLimited = true;
  }
  return result;
}
