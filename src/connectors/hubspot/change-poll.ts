/**
 * Change polling over CRM search (API-FACTS A3) as a window walk: every contact modified in
 * [fromMs, untilMs], in hs_object_id order after `afterId`. Each page is a fresh query keyed by
 * id (no `after` offsets, so no 10,000 cap, and no record skipped when one from an earlier page
 * is modified mid-walk), and each contact of the window is read exactly once: N changes cost
 * ceil(N / limit) pages, whatever timestamps they share. A contact modified again during the walk
 * gets a time after `untilMs`, so the next window has it. Pure: builds requests.
 */

export interface SearchRequestBody {
  filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' }[];
  properties: string[];
  limit: number;
}

export const MODIFIED = 'lastmodifieddate';
export const OBJECT_ID = 'hs_object_id';
export const MAX_SEARCH_PAGE = 200;

/** The search for one page of the window walk; untilMs should stay ~30 s behind now (search lags writes). */
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
