/**
 * Change polling over CRM search (API-FACTS A3), as a keyset walk. Every page is a fresh query
 * `lastmodifieddate GTE cursor` sorted ascending, restarted from the last timestamp seen, so
 * `after` offsets are never used: an offset both stops at 10,000 and skips records when a record
 * from an earlier page is modified mid-walk (it moves to the end and everything shifts left).
 * Records sharing the restart timestamp come back again; the caller dedupes by (id, modifiedMs).
 *
 * Search allows one sort only, so when a whole page shares one timestamp (a bulk import), the walk
 * drains that millisecond in id order instead (`lastmodifieddate EQ t AND hs_object_id GT id`,
 * sorted by hs_object_id) and then resumes after it. Pure: builds requests, reads pages.
 */

export interface ContactChangeCursor {
  /** Epoch ms of lastmodifieddate to resume from (inclusive). */
  sinceMs: number;
  /** Set while draining the records of one millisecond: the last hs_object_id seen in it. */
  afterId?: string;
}

export interface SearchRequestBody {
  filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' }[];
  properties: string[];
  limit: number;
}

export const MODIFIED = 'lastmodifieddate';
export const OBJECT_ID = 'hs_object_id';
export const MAX_SEARCH_PAGE = 200;

export function changeSearchRequest(cursor: ContactChangeCursor, properties: readonly string[], limit: number, untilMs?: number): SearchRequestBody {
  const props = [...new Set([...properties, MODIFIED, OBJECT_ID])];
  const until = untilMs !== undefined ? [{ propertyName: MODIFIED, operator: 'LTE', value: String(untilMs) }] : [];
  if (cursor.afterId !== undefined) {
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: MODIFIED, operator: 'EQ', value: String(cursor.sinceMs) },
            { propertyName: OBJECT_ID, operator: 'GT', value: cursor.afterId },
          ],
        },
      ],
      sorts: [{ propertyName: OBJECT_ID, direction: 'ASCENDING' }],
      properties: props,
      limit,
    };
  }
  return {
    filterGroups: [{ filters: [{ propertyName: MODIFIED, operator: 'GTE', value: String(cursor.sinceMs) }, ...until] }],
    sorts: [{ propertyName: MODIFIED, direction: 'ASCENDING' }],
    properties: props,
    limit,
  };
}

export interface PageStep {
  next: ContactChangeCursor;
  /** No more changes up to now (or `untilMs`): poll again later from `next`. */
  caughtUp: boolean;
}

/** Where the walk goes after a page of (id, modifiedMs) in the order search returned them. */
export function nextCursor(cursor: ContactChangeCursor, page: readonly { id: string; modifiedMs: number }[], hasMore: boolean): PageStep {
  const first = page[0];
  const last = page[page.length - 1];
  if (cursor.afterId !== undefined) {
    // Draining one millisecond: go on by id, or step past it when it is done.
    return hasMore && last ? { next: { sinceMs: cursor.sinceMs, afterId: last.id }, caughtUp: false } : { next: { sinceMs: cursor.sinceMs + 1 }, caughtUp: false };
  }
  if (!first || !last) return { next: cursor, caughtUp: true };
  if (!hasMore) return { next: { sinceMs: Math.max(cursor.sinceMs, last.modifiedMs) }, caughtUp: true };
  // A full page of one timestamp: restarting there would return the same page forever.
  if (first.modifiedMs === last.modifiedMs) return { next: { sinceMs: last.modifiedMs, afterId: '0' }, caughtUp: false };
  return { next: { sinceMs: last.modifiedMs }, caughtUp: false };
}

/**
 * A window walk, for pollers that keep a fixed upper bound: every contact modified in
 * [fromMs, untilMs], in hs_object_id order after `afterId`. Each page is a fresh query keyed by
 * id (no `after` offsets, so no 10,000 cap), and each contact of the window is read exactly once:
 * no page restarts at a shared timestamp, so N changes cost ceil(N / limit) pages. A contact
 * modified again during the walk gets a time after `untilMs`, so the next window has it.
 */
export function windowSearchRequest(w: { fromMs: number; untilMs: number; afterId?: string }, properties: readonly string[], limit: number): SearchRequestBody {
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: MODIFIED, operator: 'GTE', value: String(w.fromMs) },
          { propertyName: MODIFIED, operator: 'LTE', value: String(w.untilMs) },
          ...(w.afterId !== undefined ? [{ propertyName: OBJECT_ID, operator: 'GT', value: w.afterId }] : []),
        ],
      },
    ],
    sorts: [{ propertyName: OBJECT_ID, direction: 'ASCENDING' }],
    properties: [...new Set([...properties, MODIFIED, OBJECT_ID])],
    limit,
  };
}
