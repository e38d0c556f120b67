/**
 * Polling, the safety net under webhooks (RELIABILITY "Watermarks lose records"). HubSpot
 * contacts by lastmodifieddate in windows: each window ends ~30 s behind now (search lags writes)
 * and is walked in contact-id order, so every change in it is read once and N changes cost
 * ceil(N / 200) calls (the connector's restart-at-the-last-timestamp walk re-reads the boundary
 * record of every page, and a whole page when a bulk change shares one millisecond). Each window
 * starts a few minutes before the last one ended, so a contact search indexes later than the lag
 * is still read. Salesforce Lead, Task, Event and Opportunity by (SystemModstamp, Id) in two
 * walks: the forward walk goes on from its cursor and has the poll's pages first, so nothing can
 * hold it back; once it has caught up, the re-read walk, with a cursor of its own, reads each
 * record again when it is a look-back old, so late commits behind the forward cursor are read.
 * Every change read is stored in the inbox as `${id}@${modstamp}`: a re-read is a duplicate and
 * goes no further; a read that shows what Handoff last saw or wrote (the echo of its own write) is
 * not stored at all, unless a write-ledger entry of that record still waits for its echo. Cursors
 * are durable, only move forward, and only after the page is stored. A rate-limited poll stops
 * where it is and goes on next time.
 */
import type { ContactRecord } from '../../connectors/hubspot';
import { changeKey } from '../../connectors/hubspot';
import type { ChangedPage, ModstampCursor } from '../../connectors/salesforce';
import { ApiError } from '../../connectors';
import type { InboundItem } from '../inbox';
import { storeInboundBatch } from '../inbox';
import { FIRST_ID, compareCursor, getCursor, reReadAfterForwardPage, reReadThrough, setCursor } from '../cursors';
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
/** The look-back re-read's own position: everything before it has been read once it was a look-back old. */
export const salesforceReReadCursorName = (object: SalesforceObject): string => `salesforce:${object}:reread`;

/**
 * The HubSpot cursor: `ts` is the window's start; `id` is `<untilMs>:<last id read, padded>` while
 * a window is being walked and `<untilMs>:z` once it is done (the next window starts
 * hubspotOverlapMs before untilMs, never before this one's start). Ids are padded so that text
 * order is number order, and every next state sorts after the last: the cursor table only ever
 * moves forward.
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
      ? // Overlapping the last window reads what search indexed late; never before that window's start, so the cursor only moves forward.
        { fromMs: Math.max(stored.fromMs, stored.untilMs - o.hubspotOverlapMs), untilMs: now - o.hubspotLagMs, done: false }
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

const toModstamp = (c: Cursor): ModstampCursor => ({ ts: c.ts.toISOString(), id: c.id });
const fromModstamp = (c: ModstampCursor): Cursor => ({ ts: new Date(c.ts), id: c.id });

export async function pollSalesforce(ctx: PipelineContext, object: SalesforceObject): Promise<PollResult> {
  const { db, clock, options: o } = ctx;
  const name = salesforceCursorName(object);
  const reReadName = salesforceReReadCursorName(object);
  const stored = await getCursor(db, name);
  let forward: Cursor = stored ?? { ts: new Date(clock.now().getTime() - o.initialLookbackMs), id: FIRST_ID };
  // A first poll re-reads from where it starts; a cursor saved before the re-read kept its own position, from a look-back behind it.
  let reRead: Cursor =
    (await getCursor(db, reReadName)) ?? (await setCursor(db, clock, reReadName, stored ? { ts: new Date(stored.ts.getTime() - o.salesforceLookbackMs), id: FIRST_ID } : forward));
  const fields = salesforceFields(ctx, object);
  const result: PollResult = { pages: 0, read: 0, stored: 0 };
  const readPage = async (after: Cursor, through?: Cursor): Promise<ChangedPage> => {
    const page = await ctx.salesforce.queryChangedSince(object, fields, toModstamp(after), o.salesforcePageSize, { lane: 'critical', ...(through ? { through: toModstamp(through) } : {}) });
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
    return page;
  };
  try {
    let caughtUp = false;
    while (!caughtUp && result.pages < o.maxPagesPerPoll) {
      const readAtMs = clock.now().getTime();
      const page = await readPage(forward);
      const to = page.next ? fromModstamp(page.next) : forward;
      const moved = reReadAfterForwardPage(reRead, forward, to, readAtMs, o.salesforceLookbackMs);
      forward = to;
      await setCursor(db, clock, name, forward);
      if (compareCursor(moved, reRead) !== 0) reRead = await setCursor(db, clock, reReadName, moved);
      caughtUp = page.done;
    }
    // The re-read only uses what the forward walk leaves of the poll, and goes on next poll where it stopped.
    while (caughtUp && result.pages < o.maxPagesPerPoll) {
      const through = reReadThrough(forward, clock.now().getTime(), o.salesforceLookbackMs);
      if (compareCursor(reRead, through) >= 0) break;
      const page = await readPage(reRead, through);
      reRead = await setCursor(db, clock, reReadName, page.done || !page.next ? through : fromModstamp(page.next));
    }
  } catch (err) {
    if (!isRateLimited(err)) throw err;
    ctx.logger.info('Salesforce poll paused by a rate limit; it goes on next time', { object, pages: result.pages });
    result.rateLimited = true;
  }
  return result;
}
