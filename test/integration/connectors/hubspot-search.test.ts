/**
 * Change polling over the emulator's CRM search with the real SDK: pages, records sharing one
 * millisecond (more than a page of them), more than 10,000 changes (search's cap), a record
 * modified mid-walk, and the `untilMs` bound that keeps the walk behind the search index's lag.
 */
import type { ChangesPage, ContactChangeCursor, HubSpotConnector } from '../../../src/connectors/hubspot';
import { changeKey } from '../../../src/connectors/hubspot';
import type { HubSpotHarness } from './hubspot-harness';
import { startHubSpot } from './hubspot-harness';

let h: HubSpotHarness;
afterEach(() => h.close());

const PROPS = ['email', 'firstname'];

/** Creates `count` contacts in groups that share one lastmodifieddate, 1 ms apart. */
function seed(count: number, groupSize: number, prefix = 'c'): void {
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % groupSize === 0) h.clock.advance(1);
    h.emu.createContact({ email: `${prefix}${i}@example.com`, firstname: `N${i}` });
  }
}

/** Walks until caught up; `between` runs after each page (to change data mid-walk). */
async function walk(hs: HubSpotConnector, from: ContactChangeCursor, untilMs?: number, between?: (page: ChangesPage, n: number) => void): Promise<{ seen: Map<string, number>; pages: number; cursor: ContactChangeCursor }> {
  const seen = new Map<string, number>(); // changeKey -> times returned
  let cursor = from;
  for (let pages = 1; pages < 1_000; pages++) {
    const page = await hs.searchContactsModifiedSince({ ...cursor, properties: PROPS, limit: 200, ...(untilMs !== undefined ? { untilMs } : {}) });
    for (const r of page.records) seen.set(changeKey(r), (seen.get(changeKey(r)) ?? 0) + 1);
    cursor = page.next;
    between?.(page, pages);
    if (page.caughtUp) return { seen, pages, cursor };
  }
  throw new Error('the walk did not catch up');
}

const ids = (seen: Map<string, number>): Set<string> => new Set([...seen.keys()].map((k) => k.split('@')[0]!));

it('walks several pages in modification order and ends caught up, with a cursor at the last change', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 } });
  seed(450, 1);
  const lastMs = h.clock.now().getTime();
  h.clock.advance(5_000); // past the search index's lag
  const start = Date.parse('2026-03-01T00:00:00Z');
  const { seen, pages, cursor } = await walk(h.hs, { sinceMs: start });
  expect(ids(seen).size).toBe(450);
  expect(pages).toBe(3);
  expect(cursor).toEqual({ sinceMs: lastMs });
  // Polling again from the cursor returns only the boundary record, which the caller already has.
  const again = await h.hs.searchContactsModifiedSince({ ...cursor, properties: PROPS, limit: 200 });
  expect(again.records.map(changeKey).every((k) => seen.has(k))).toBe(true);
  expect(again.caughtUp).toBe(true);
});

it('gets past 10,000 changes and through timestamps shared by more than a page of records', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 } });
  const start = h.clock.now().getTime();
  seed(10_500, 350); // 30 milliseconds of 350 records each
  h.clock.advance(5_000);
  // The cap is real: paging by offset stops at 10,000.
  await expect(
    h.hs.searchContactsModifiedSince({ sinceMs: start, properties: PROPS, limit: 200 }).then(async () =>
      fetch(`${h.server.url}/crm/v3/objects/contacts/search`, {
        method: 'POST',
        headers: { authorization: 'Bearer pat-sandbox-handoff', 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 200, after: '10000' }),
      }).then((r) => r.status),
    ),
  ).resolves.toBe(400);

  const { seen, pages } = await walk(h.hs, { sinceMs: start });
  expect(ids(seen).size).toBe(10_500);
  // Each shared millisecond costs a few extra pages, not a page per record.
  expect(pages).toBeLessThan(160);
  expect(Math.max(...seen.values())).toBeLessThanOrEqual(2);
});

it('does not skip a record when one from an earlier page is modified mid-walk (an offset walk would)', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 } });
  const start = h.clock.now().getTime();
  seed(600, 1);
  h.clock.advance(5_000);
  const firstId = h.emu.contacts.findByEmail('c0@example.com')!.id;
  const { seen } = await walk(h.hs, { sinceMs: start }, undefined, (_page, n) => {
    if (n === 1) {
      h.emu.updateContact(firstId, { firstname: 'Changed' });
      h.clock.advance(5_000);
    }
  });
  expect(ids(seen).size).toBe(600);
  // The modified record is returned twice: once per modification time.
  expect([...seen.keys()].filter((k) => k.startsWith(`${firstId}@`))).toHaveLength(2);
});

it('stops at untilMs, so changes the index may not show yet are read on a later poll', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 }, searchLagMs: 0 });
  const start = h.clock.now().getTime();
  seed(5, 1, 'old');
  const until = h.clock.now().getTime();
  h.clock.advance(10);
  seed(3, 1, 'new');
  const first = await walk(h.hs, { sinceMs: start }, until);
  expect(ids(first.seen).size).toBe(5);
  const later = await walk(h.hs, first.cursor);
  expect([...ids(later.seen)].filter((id) => !ids(first.seen).has(id))).toHaveLength(3);
});

it('returns the properties asked for plus the polling keys', async () => {
  h = await startHubSpot({ searchLagMs: 0 });
  h.emu.createContact({ email: 'x@example.com', firstname: 'Ann', lastname: 'Lee' });
  const page = await h.hs.searchContactsModifiedSince({ sinceMs: 0, properties: ['firstname'], limit: 10 });
  expect(page.records[0]!.properties).toEqual(
    expect.objectContaining({ firstname: 'Ann', hs_object_id: page.records[0]!.id, lastmodifieddate: expect.any(String) }),
  );
  expect(page.records[0]!.properties).not.toHaveProperty('lastname');
  expect(page.records[0]!.modifiedMs).toBe(h.clock.now().getTime());
});
