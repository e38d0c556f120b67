/**
 * Contacts endpoints against the real SDK and on the wire: ids and values as strings, ISO dates,
 * defaults, idProperty=email, 409 on duplicate email, validation errors in HubSpot's shape.
 */
import type { Client } from '@hubspot/api-client';
import type { Harness } from './support';
import { T0, raw, sdkClient, sdkError, startEmulator } from './support';

let h: Harness;
let client: Client;

beforeEach(async () => {
  h = await startEmulator();
  client = sdkClient(h.url);
});
afterEach(() => h.close());

describe('single-record endpoints through the SDK', () => {
  it('creates a contact (201) with string id, string values and ISO dates the SDK turns into Dates', async () => {
    const created = await client.crm.contacts.basicApi.create({ properties: { email: 'Ann.Lee@Example.com', firstname: 'Ann' }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.createdAt).toEqual(new Date(T0));
    expect(created.updatedAt).toEqual(new Date(T0));
    expect(created.properties).toMatchObject({
      email: 'ann.lee@example.com',
      firstname: 'Ann',
      hs_object_id: created.id,
      createdate: T0,
      lastmodifieddate: T0,
    });
  });

  it('reads by id and by email, with default or requested properties (repeated and comma-separated)', async () => {
    const { id } = h.emu.createContact({ email: 'bo@example.com', firstname: 'Bo', phone: '+15550100' });
    const byId = await client.crm.contacts.basicApi.getById(id);
    expect(Object.keys(byId.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    expect(byId.properties['lastname']).toBeNull();

    const byEmail = await client.crm.contacts.basicApi.getById('BO@example.com', ['phone', 'city'], undefined, undefined, false, 'email');
    expect(byEmail.id).toBe(id);
    expect(byEmail.properties).toEqual({ city: null, createdate: T0, hs_object_id: id, lastmodifieddate: T0, phone: '+15550100' });

    const comma = await raw(h.url, 'GET', `/crm/v3/objects/contacts/${id}?properties=phone,firstname&properties=nosuchprop`);
    expect(Object.keys(comma.json.properties).sort()).toEqual(['createdate', 'firstname', 'hs_object_id', 'lastmodifieddate', 'phone']);
  });

  it('answers 404 with HubSpot error body for a missing contact', async () => {
    const err = await sdkError(client.crm.contacts.basicApi.getById('999999'));
    expect(err.code).toBe(404);
    expect(err.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', correlationId: expect.any(String) });
  });

  it('refuses a duplicate email with 409 naming the existing id', async () => {
    const { id } = h.emu.createContact({ email: 'dup@example.com' });
    const err = await sdkError(client.crm.contacts.basicApi.create({ properties: { email: 'DUP@example.com' }, associations: [] }));
    expect(err.code).toBe(409);
    expect(err.body.message).toBe(`Contact already exists. Existing ID: ${id}`);
    expect(err.body.category).toBe('CONFLICT');
  });

  it('updates with PATCH, clears with an empty string, and moves lastmodifieddate only when something changed', async () => {
    const { id } = h.emu.createContact({ email: 'cy@example.com', firstname: 'Cy', city: 'Austin' });
    h.clock.advance(60_000);
    const updated = await client.crm.contacts.basicApi.update(id, { properties: { city: '', firstname: 'Cyrus' } });
    const t1 = new Date(Date.parse(T0) + 60_000).toISOString();
    expect(updated.properties).toMatchObject({ city: '', firstname: 'Cyrus', lastmodifieddate: t1 });
    expect(updated.updatedAt).toEqual(new Date(t1));

    h.clock.advance(60_000);
    const same = await client.crm.contacts.basicApi.update(id, { properties: { firstname: 'Cyrus' } });
    expect(same.properties['lastmodifieddate']).toBe(t1);

    const byEmail = await client.crm.contacts.basicApi.update('cy@example.com', { properties: { lastname: 'Young' } }, 'email');
    expect(byEmail.id).toBe(id);
    expect(h.emu.getContact(id)?.properties['lastname']).toBe('Young');
  });

  it('keeps property history newest first, attributed to the integration for API writes', async () => {
    const { id } = h.emu.createContact({ email: 'hx@example.com', lifecyclestage: 'subscriber' }, { sourceUserId: 42 });
    h.clock.advance(1_000);
    await client.crm.contacts.basicApi.update(id, { properties: { lifecyclestage: 'lead' } });
    const got = await client.crm.contacts.basicApi.getById(id, ['email'], ['lifecyclestage']);
    const hist = got.propertiesWithHistory?.['lifecyclestage'] ?? [];
    expect(hist.map((e) => e.value)).toEqual(['lead', 'subscriber']);
    expect(hist[0]).toMatchObject({ sourceType: 'INTEGRATION', sourceId: String(h.emu.appId) });
    expect(hist[1]).toMatchObject({ sourceType: 'CRM_UI', sourceId: 'userId:42', updatedByUserId: 42 });
    expect(hist[0]?.timestamp).toEqual(new Date(Date.parse(T0) + 1_000));
  });

  it('pages through contacts with getPage and getAll', async () => {
    for (let i = 0; i < 25; i++) h.emu.createContact({ email: `p${i}@example.com` });
    const first = await client.crm.contacts.basicApi.getPage(10);
    expect(first.results).toHaveLength(10);
    expect(typeof first.paging?.next?.after).toBe('string');
    const all = await client.crm.contacts.getAll(10);
    expect(all).toHaveLength(25);
    expect(new Set(all.map((c) => c.properties['email'])).size).toBe(25);
  });
});

describe('validation errors', () => {
  it('rejects unknown and read-only properties with VALIDATION_ERROR', async () => {
    for (const [name, code] of [
      ['nosuch', 'PROPERTY_DOESNT_EXIST'],
      ['hs_object_id', 'READ_ONLY_VALUE'],
      ['createdate', 'READ_ONLY_VALUE'],
      ['lastmodifieddate', 'READ_ONLY_VALUE'],
    ] as const) {
      const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: `${name}@example.com`, [name]: '1' } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', correlationId: res.headers.get('x-hubspot-correlation-id') });
      expect(res.json.message).toMatch(/^Property values were not valid: \[/);
      const embedded = JSON.parse(res.json.message.replace('Property values were not valid: ', ''));
      expect(embedded[0]).toMatchObject({ isValid: false, error: code, name });
    }
    expect(h.emu.contacts.size).toBe(0);
  });

  it('rejects an enumeration value that is not an option (case-sensitive) and accepts a real one', async () => {
    const bad = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'e@example.com', lifecyclestage: 'Lead' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('INVALID_OPTION');
    const good = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'e@example.com', lifecyclestage: 'lead', hs_lead_status: 'ATTEMPTED_TO_CONTACT' } });
    expect(good.status).toBe(201);
  });

  it('normalizes typed values: booleans, numbers, datetimes to ISO', async () => {
    const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 't@example.com', handoff_sla_breached: 'TRUE', handoff_accept_by: '1772460000000' },
    });
    expect(res.status).toBe(201);
    expect(res.json.properties.handoff_sla_breached).toBe('true');
    expect(res.json.properties.handoff_accept_by).toBe(new Date(1772460000000).toISOString());
    const badBool = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'u@example.com', handoff_sla_breached: 'yes' } });
    expect(badBool.status).toBe(400);
  });
});

describe('wire details', () => {
  it('answers JSON as application/json;charset=utf-8 with a correlation id and rate-limit headers', async () => {
    const res = await raw(h.url, 'GET', '/crm/v3/objects/contacts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(res.headers.get('x-hubspot-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('100');
    expect(res.json).toEqual({ results: [] });
  });

  it('answers unknown routes (and the sunset v1 lists API) with a 404 in HubSpot shape', async () => {
    for (const path of ['/crm/v3/objects/widgets', '/contacts/v1/lists/1/add']) {
      const res = await raw(h.url, 'POST', path, {});
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(res.json).toMatchObject({ status: 'error', message: expect.any(String), correlationId: expect.any(String) });
    }
  });

  it('answers malformed JSON with 400 VALIDATION_ERROR', async () => {
    const res = await fetch(`${h.url}/crm/v3/objects/contacts`, {
      method: 'POST',
      headers: { Authorization: 'Bearer pat-test-token', 'Content-Type': 'application/json' },
      body: '{"properties":',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('counts calls per route pattern and per status, and resets', async () => {
    const { id } = h.emu.createContact({ email: 'cc@example.com' });
    await raw(h.url, 'GET', `/crm/v3/objects/contacts/${id}`);
    await raw(h.url, 'GET', '/crm/v3/objects/contacts/424242');
    await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ id: 'x@example.com', idProperty: 'email', properties: {} }] });
    const counts = h.emu.callCounts();
    expect(counts.total).toBe(3);
    expect(counts.byRoute).toEqual({ 'GET /crm/v3/objects/contacts/:contactId': 2, 'POST /crm/v3/objects/contacts/batch/upsert': 1 });
    expect(counts.byStatus).toEqual({ '200': 2, '404': 1 });
    expect(counts.byRouteStatus['GET /crm/v3/objects/contacts/:contactId 404']).toBe(1);
    h.emu.resetCounts();
    expect(h.emu.callCounts().total).toBe(0);
  });
});
