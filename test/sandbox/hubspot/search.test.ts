/**
 * CRM search: operators, OR/AND, limits, paging with `after`, the 10,000 cap, default properties,
 * and the indexing lag measured on the injected clock.
 */
import type { Client } from '@hubspot/api-client';
import type { Harness } from './support';
import { T0, raw, sdkClient, sdkError, startEmulator } from './support';

let h: Harness;
let client: Client;

beforeEach(async () => {
  h = await startEmulator({ searchLagMs: 2_000, limits: { searchPerSecond: 1_000 } });
  client = sdkClient(h.url);
});
afterEach(() => h.close());

const search = (body: Record<string, unknown>): ReturnType<typeof raw> => raw(h.url, 'POST', '/crm/v3/objects/contacts/search', body);
const ids = (res: { json: { results: { id: string }[] } }): string[] => res.json.results.map((r) => r.id);
const f = (propertyName: string, operator: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ propertyName, operator, ...extra });

describe('lag', () => {
  it('shows a write only searchLagMs after it happened, and the old version until then', async () => {
    const c = h.emu.createContact({ email: 'lag@example.com', firstname: 'Old' });
    expect((await search({})).json.total).toBe(0);
    h.clock.advance(1_999);
    expect((await search({})).json.total).toBe(0);
    h.clock.advance(1);
    expect(ids(await search({}))).toEqual([c.id]);

    h.emu.updateContact(c.id, { firstname: 'New' });
    const before = await search({ filterGroups: [{ filters: [f('firstname', 'EQ', { value: 'new' })] }] });
    expect(before.json.total).toBe(0);
    expect((await search({})).json.results[0].properties.firstname).toBe('Old');
    h.clock.advance(2_000);
    const after = await search({ filterGroups: [{ filters: [f('firstname', 'EQ', { value: 'new' })] }] });
    expect(ids(after)).toEqual([c.id]);

    h.emu.archiveContact(c.id);
    expect((await search({})).json.total).toBe(1);
    h.clock.advance(2_000);
    expect((await search({})).json.total).toBe(0);
  });
});

describe('filters', () => {
  let a: string, b: string, c: string;
  beforeEach(() => {
    a = h.emu.createContact({ email: 'ann@alpha.com', firstname: 'Ann', lifecyclestage: 'lead', handoff_sla_breached: 'true', city: 'New York' }).id;
    h.clock.advance(1_000);
    b = h.emu.createContact({ email: 'bob@beta.com', firstname: 'Bob', lifecyclestage: 'subscriber', city: 'Boston' }).id;
    h.clock.advance(1_000);
    c = h.emu.createContact({ email: 'cy@alpha.com', firstname: 'Cy', lifecyclestage: 'customer' }).id;
    h.clock.advance(5_000);
  });

  it('ANDs filters inside a group and ORs groups', async () => {
    const and = await search({ filterGroups: [{ filters: [f('email', 'CONTAINS_TOKEN', { value: '*@alpha.com' }), f('lifecyclestage', 'EQ', { value: 'lead' })] }] });
    expect(ids(and)).toEqual([a]);
    const or = await search({ filterGroups: [{ filters: [f('lifecyclestage', 'EQ', { value: 'lead' })] }, { filters: [f('lifecyclestage', 'EQ', { value: 'customer' })] }] });
    expect(ids(or)).toEqual([a, c]);
  });

  it.each([
    ['NEQ', f('lifecyclestage', 'NEQ', { value: 'lead' }), () => [b, c]],
    ['IN (enumeration, exact)', f('lifecyclestage', 'IN', { values: ['lead', 'customer'] }), () => [a, c]],
    ['NOT_IN', f('lifecyclestage', 'NOT_IN', { values: ['lead', 'customer'] }), () => [b]],
    ['IN (string, lowercase values)', f('firstname', 'IN', { values: ['ann', 'bob'] }), () => [a, b]],
    ['HAS_PROPERTY', f('city', 'HAS_PROPERTY'), () => [a, b]],
    ['NOT_HAS_PROPERTY', f('city', 'NOT_HAS_PROPERTY'), () => [c]],
    ['CONTAINS_TOKEN word', f('city', 'CONTAINS_TOKEN', { value: 'york' }), () => [a]],
    ['NOT_CONTAINS_TOKEN', f('city', 'NOT_CONTAINS_TOKEN', { value: 'york' }), () => [b, c]],
    ['EQ is case-insensitive on strings', f('firstname', 'EQ', { value: 'BOB' }), () => [b]],
    ['EQ on bool', f('handoff_sla_breached', 'EQ', { value: 'true' }), () => [a]],
  ])('%s', async (_name, filter, expected) => {
    expect(ids(await search({ filterGroups: [{ filters: [filter] }] }))).toEqual(expected());
  });

  it('compares datetimes given as epoch-ms strings: GT, GTE, LT, LTE, BETWEEN', async () => {
    const t0 = Date.parse(T0);
    const q = async (filter: Record<string, unknown>): Promise<string[]> => ids(await search({ filterGroups: [{ filters: [filter] }] }));
    expect(await q(f('createdate', 'GT', { value: String(t0) }))).toEqual([b, c]);
    expect(await q(f('createdate', 'GTE', { value: String(t0 + 1_000) }))).toEqual([b, c]);
    expect(await q(f('createdate', 'LT', { value: String(t0 + 1_000) }))).toEqual([a]);
    expect(await q(f('createdate', 'LTE', { value: String(t0 + 1_000) }))).toEqual([a, b]);
    expect(await q(f('lastmodifieddate', 'BETWEEN', { value: String(t0 + 500), highValue: String(t0 + 2_000) }))).toEqual([b, c]);
  });

  it('sorts by one property, by creation date when none is given', async () => {
    expect(ids(await search({}))).toEqual([a, b, c]);
    const desc = await search({ sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }] });
    expect(ids(desc)).toEqual([c, b, a]);
    const viaSdk = await client.crm.contacts.searchApi.doSearch({ sorts: ['-createdate'], filterGroups: [] });
    expect(viaSdk.results.map((r) => r.id)).toEqual([c, b, a]);
    expect((await search({ sorts: [{ propertyName: 'email' }, { propertyName: 'firstname' }] })).status).toBe(400);
  });

  it('returns the default properties, or those asked for plus the always-present ones', async () => {
    const dflt = await search({ limit: 1 });
    expect(Object.keys(dflt.json.results[0].properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    const asked = await search({ limit: 1, properties: ['city'] });
    expect(asked.json.results[0].properties).toEqual({ city: 'New York', createdate: T0, hs_object_id: a, lastmodifieddate: T0 });
  });

  it('matches free-text query on name and email', async () => {
    expect(ids(await search({ query: 'bo' }))).toEqual([b]);
  });
});

describe('limits and paging', () => {
  it('enforces 5 groups, 6 filters per group, 18 filters in total', async () => {
    const filters = (n: number): Record<string, unknown>[] => Array.from({ length: n }, () => f('email', 'HAS_PROPERTY'));
    expect((await search({ filterGroups: Array.from({ length: 5 }, () => ({ filters: filters(3) })) })).status).toBe(200);
    const six = await search({ filterGroups: Array.from({ length: 6 }, () => ({ filters: filters(1) })) });
    expect(six.status).toBe(400);
    expect(six.json.category).toBe('VALIDATION_ERROR');
    expect((await search({ filterGroups: [{ filters: filters(7) }] })).status).toBe(400);
    expect((await search({ filterGroups: Array.from({ length: 4 }, () => ({ filters: filters(5) })) })).status).toBe(400);
  });

  it('pages with a string `after`, leaves paging out on the last page, caps limit at 200', async () => {
    for (let i = 0; i < 25; i++) h.emu.createContact({ email: `s${i}@example.com` });
    h.clock.advance(2_000);
    const p1 = await client.crm.contacts.searchApi.doSearch({ limit: 10 });
    expect(p1.total).toBe(25);
    expect(p1.paging?.next?.after).toBe('10');
    const p3 = await client.crm.contacts.searchApi.doSearch({ limit: 10, after: '20' });
    expect(p3.results).toHaveLength(5);
    expect(p3.paging).toBeUndefined();
    const seen = new Set([...p1.results, ...p3.results].map((r) => r.id));
    expect(seen.size).toBe(15);
    expect((await search({})).json.results).toHaveLength(10);
    const err = await sdkError(client.crm.contacts.searchApi.doSearch({ limit: 201 }));
    expect(err.code).toBe(400);
  });

  it('refuses to page at or past 10,000 results', async () => {
    expect((await search({ after: '9999', limit: 1 })).status).toBe(200);
    const res = await search({ after: '10000', limit: 10 });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(res.json.message).toContain('10000');
  });

  it('sends no X-HubSpot-RateLimit headers on search', async () => {
    const res = await search({});
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((k) => k.startsWith('x-hubspot-ratelimit'))).toEqual([]);
    expect(res.headers.get('x-hubspot-correlation-id')).toBeTruthy();
  });
});
