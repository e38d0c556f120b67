/**
 * `handoff backfill`: the initial load of the contacts and Leads that existed before Handoff
 * (backfill-page.ts says what becomes of each). HubSpot contacts modified in [since, start of the
 * first run] are walked in contact-id order, a page at a time, on the bulk lane of both rate
 * limiters, so the daemon's live work is served first. Changes after the start are the pollers'.
 *
 * Resumable: a durable cursor per `since` (`backfill:hubspot:<sinceMs>`) holds the window's end,
 * the last contact id done and the count so far, and moves on only after a page is done. A run
 * that stops (Ctrl-C, a crash, a rate limit) goes on from there when run again with the same
 * --since; a page redone loads nothing twice; a finished backfill says so and does nothing.
 */
import type { PipelineContext } from '../engine/pipeline/context';
import type { Cursor } from '../engine/cursors';
import { getCursor, setCursor } from '../engine/cursors';
import type { PageTally } from './backfill-page';
import { backfillPage, emptyTally } from './backfill-page';

export interface BackfillOptions {
  ctx: PipelineContext;
  /** Only contacts modified since then; default: all. */
  since?: Date;
  /** Contacts per page, 1–200. Default 100. */
  batch?: number;
  /** Stops after the page in progress (the cursor keeps the place). */
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
  /** After each page is done and its cursor saved. */
  onPage?: (page: number, tally: PageTally) => void;
}

export interface BackfillReport extends PageTally {
  since: string;
  until: string;
  /** The whole window has been walked (now or by an earlier run). */
  complete: boolean;
  /** This run went on from an earlier one's cursor. */
  resumed: boolean;
  /** Contacts in the window, as HubSpot counted them when this run began. */
  total: number;
  /** Contacts walked so far, this run and earlier ones. */
  walked: number;
  pages: number;
  durationMs: number;
}

/** The cursor's id: `<untilMs>:<last id, padded>:<walked>`, or `<untilMs>:z:<walked>` once done (ids pad so text order is number order). */
interface Place {
  untilMs: number;
  afterId?: string;
  walked: number;
  done: boolean;
}

const pad = (id: string): string => id.padStart(20, '0');

export function readPlace(c: Cursor | null): Place | null {
  const m = c ? /^(\d+):([0-9]*|z):(\d+)$/.exec(c.id) : null;
  if (!m) return null;
  const at = m[2] as string;
  return { untilMs: Number(m[1]), walked: Number(m[3]), done: at === 'z', ...(at !== '' && at !== 'z' ? { afterId: at.replace(/^0+(?=\d)/, '') } : {}) };
}

export function placeCursor(sinceMs: number, p: Place): Cursor {
  return { ts: new Date(sinceMs), id: `${p.untilMs}:${p.done ? 'z' : p.afterId !== undefined ? pad(p.afterId) : ''}:${p.walked}` };
}

export const backfillCursorName = (sinceMs: number): string => `backfill:hubspot:${sinceMs}`;

export async function runBackfill(o: BackfillOptions): Promise<BackfillReport> {
  const { ctx } = o;
  const started = Date.now();
  const sinceMs = o.since?.getTime() ?? 0;
  const batch = o.batch ?? 100;
  const name = backfillCursorName(sinceMs);
  const stored = readPlace(await getCursor(ctx.db, name));
  // Search lags writes: what changed in the last moments is the pollers' (they look back further).
  let place: Place = stored ?? { untilMs: ctx.clock.now().getTime() - ctx.options.hubspotLagMs, walked: 0, done: false };
  const report: BackfillReport = { ...emptyTally(), since: new Date(sinceMs).toISOString(), until: new Date(place.untilMs).toISOString(), complete: place.done, resumed: stored !== null && !stored.done, total: 0, walked: place.walked, pages: 0, durationMs: 0 };
  if (place.done) {
    report.total = place.walked;
    return { ...report, durationMs: Date.now() - started };
  }
  const count = await ctx.hubspot.searchContactsInWindow({ fromMs: sinceMs, untilMs: place.untilMs, properties: ['hs_object_id'], limit: 1, lane: 'bulk' });
  report.total = Math.max(count.total, place.walked);
  o.onProgress?.({ done: place.walked, total: report.total });
  while (!o.signal?.aborted) {
    const page = await ctx.hubspot.searchContactsInWindow({
      fromMs: sinceMs,
      untilMs: place.untilMs,
      ...(place.afterId !== undefined ? { afterId: place.afterId } : {}),
      properties: ctx.fields.hubspot,
      limit: batch,
      lane: 'bulk',
    });
    await backfillPage(ctx, page.records, report);
    place = { ...place, walked: place.walked + page.records.length, done: page.done, ...(page.lastId !== undefined ? { afterId: page.lastId } : {}) };
    await setCursor(ctx.db, ctx.clock, name, placeCursor(sinceMs, place));
    report.pages++;
    report.walked = place.walked;
    report.total = Math.max(report.total, place.walked);
    o.onProgress?.({ done: place.walked, total: report.total });
    o.onPage?.(report.pages, report);
    if (place.done) break;
  }
  report.complete = place.done;
  report.durationMs = Date.now() - started;
  return report;
}
