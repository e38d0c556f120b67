/**
 * Change polling over the emulator's CRM search with the real SDK, as the pollers and the
 * backfill walk it (a window [fromMs, untilMs] read in hs_object_id order): pages, records
 * sharing one millisecond (more than a page of them), more than 10,000 changes (search's cap), a
 * record modified mid-walk, and the `untilMs` bound that keeps the walk behind the index's lag.
 */
import type { HubSpotConnector, WindowPage } from '../../../src/connectors/hubspot';
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

/** Walks one window to its end; `between` runs after each page (to change data mid-walk). */
async function walk(
  hs: HubSpotConnector,
  w: { fromMs: number; untilMs: number },
  between?: (page: WindowPage, n: number) => void,
): Promise<{ seen: Map<string, number>; pages: number; firstTotal: number }> {
  const seen = new Map<string, number>(); // contact id -> times returned
  let afterId: string | undefined;
  let firstTotal = -1;
  for (let pages = 1; pages < 1_000; pages++) {
    const page = await hs.searchContactsInWindow({ ...w, ...(afterId !== undefined ? { afterId } : {}), properties: PROPS, limit: 200 });
    if (firstTotal < 0) firstTotal = page.total;
    for (const r of page.records) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    afterId = page.lastId;
    between?.(page, pages);
    if (page.done) return { seen, pages, firstTotal };
  }
  throw new Error('the walk did not end');
}

it('walks a window in pages, each contact once, in id order, and counts the window on the first page', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 } });
  const start = h.clock.now().getTime();
  seed(450, 1);
  const untilMs = h.clock.now().getTime();
  h.clock.advance(5_000); // past the search index's lag
  const order: string[] = [];
  const { seen, pages, firstTotal } = await walk(h.hs, { fromMs: start, untilMs }, (page) => order.push(...page.records.map((r) => r.id)));
  expect(seen.size).toBe(450);
  expect(Math.max(...seen.values())).toBe(1);
  expect(pages).toBe(3);
  expect(firstTotal).toBe(450);
  expect(order).toEqual([...order].sort((a, b) => Number(a) - Number(b)));
});

it('gets past 10,000 changes and through timestamps shared by more than a page of records, a page per 200', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 } });
  const start = h.clock.now().getTime();
  seed(10_500, 350); // 30 milliseconds of 350 records each
  const untilMs = h.clock.now().getTime();
  h.clock.advance(5_000);
  // The cap is real: paging by offset stops at 10,000.
  const offset = await fetch(`${h.server.url}/crm/v3/objects/contacts/search`, {
    method: 'POST',
    headers: { authorization: 'Bearer pat-sandbox-handoff', 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 200, after: '10000' }),
  });
  expect(offset.status).toBe(400);

  const { seen, pages } = await walk(h.hs, { fromMs: start, untilMs });
  expect(seen.size).toBe(10_500);
  expect(Math.max(...seen.values())).toBe(1);
  expect(pages).toBe(Math.ceil(10_500 / 200));
});

it('does not skip a record when one from an earlier page is modified mid-walk; the next window has its new version', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 } });
  const start = h.clock.now().getTime();
  seed(600, 1);
  const untilMs = h.clock.now().getTime();
  h.clock.advance(5_000);
  const firstId = h.emu.contacts.findByEmail('c0@example.com')!.id;
  const { seen } = await walk(h.hs, { fromMs: start, untilMs }, (_page, n) => {
    if (n === 1) {
      h.emu.updateContact(firstId, { firstname: 'Changed' });
      h.clock.advance(5_000);
    }
  });
  expect(seen.size).toBe(600);
  const next = await walk(h.hs, { fromMs: untilMs + 1, untilMs: h.clock.now().getTime() });
  expect([...next.seen.keys()]).toEqual([firstId]);
});

it('stops at untilMs, so changes the index may not show yet are read by the next window', async () => {
  h = await startHubSpot({ limits: { searchPerSecond: 1_000_000 }, searchLagMs: 0 });
  const start = h.clock.now().getTime();
  seed(5, 1, 'old');
  const until = h.clock.now().getTime();
  h.clock.advance(10);
  seed(3, 1, 'new');
  const first = await walk(h.hs, { fromMs: start, untilMs: until });
  expect(first.seen.size).toBe(5);
  const later = await walk(h.hs, { fromMs: until + 1, untilMs: h.clock.now().getTime() });
  expect([...later.seen.keys()].filter((id) => first.seen.has(id))).toEqual([]);
  expect(later.seen.size).toBe(3);
});

it('returns the properties asked for plus the polling keys', async () => {
  h = await startHubSpot({ searchLagMs: 0 });
  h.emu.createContact({ email: 'x@example.com', firstname: 'Ann', lastname: 'Lee' });
  const page = await h.hs.searchContactsInWindow({ fromMs: 0, untilMs: h.clock.now().getTime(), properties: ['firstname'], limit: 10 });
  expect(page.records[0]!.properties).toEqual(
    expect.objectContaining({ firstname: 'Ann', hs_object_id: page.records[0]!.id, lastmodifieddate: expect.any(String) }),
  );
  expect(page.records[0]!.properties).not.toHaveProperty('lastname');
  expect(page.records[0]!.modifiedMs).toBe(h.clock.now().getTime());
  expect(page).toMatchObject({ done: true, total: 1, lastId: page.records[0]!.id });
});
