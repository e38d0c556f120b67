/**
 * Batch endpoints: 207 partial results seen through the SDK's WithHttpInfo, upsert `new` flags,
 * the 100-input cap and duplicate-id rejection, and objectWriteTraceId multi-status on create.
 */
import type { Client } from '@hubspot/api-client';
import type { Harness } from './support';
import { raw, sdkClient, sdkError, startEmulator } from './support';

let h: Harness;
let client: Client;

beforeEach(async () => {
  h = await startEmulator();
  client = sdkClient(h.url);
});
afterEach(() => h.close());

describe('batch read', () => {
  it('answers 207 with OBJECT_NOT_FOUND for missing ids; the SDK returns it without throwing', async () => {
    const a = h.emu.createContact({ email: 'a@example.com', firstname: 'A' });
    const res = await client.crm.contacts.batchApi.readWithHttpInfo({
      properties: ['firstname'],
      propertiesWithHistory: [],
      idProperty: 'email',
      inputs: [{ id: 'a@example.com' }, { id: 'nobody@example.com' }],
    });
    expect(res.httpStatusCode).toBe(207);
    const body = res.data as unknown as { results: { id: string }[]; numErrors: number; errors: { category: string; message: string; context: Record<string, string[]> }[] };
    expect(body.results.map((r) => r.id)).toEqual([a.id]);
    expect(body.numErrors).toBe(1);
    expect(body.errors[0]).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
      context: { ids: ['nobody@example.com'] },
    });
  });

  it('answers 200 COMPLETE when every id exists', async () => {
    const a = h.emu.createContact({ email: 'a@example.com' });
    const b = h.emu.createContact({ email: 'b@example.com' });
    const res = await client.crm.contacts.batchApi.readWithHttpInfo({ properties: ['email'], propertiesWithHistory: [], inputs: [{ id: a.id }, { id: b.id }] });
    expect(res.httpStatusCode).toBe(200);
    expect(res.data.status).toBe('COMPLETE');
    expect(res.data.startedAt).toBeInstanceOf(Date);
    expect(res.data.results.map((r) => r.properties['email']).sort()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('limits reads with property history to 50 inputs', async () => {
    const inputs = Array.from({ length: 51 }, (_, i) => ({ id: String(100_001 + i) }));
    const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/read', { properties: [], propertiesWithHistory: ['email'], inputs });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('property histories is 50');
  });
});

describe('batch limits', () => {
  it('rejects more than 100 inputs with the documented message', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { email: `n${i}@example.com` } }));
    const err = await sdkError(client.crm.contacts.batchApi.create({ inputs: inputs.map((i) => ({ ...i, associations: [] })) }));
    expect(err.code).toBe(400);
    expect(err.body.message).toBe('The maximum number of inputs supported in a batch is 100. Please reduce the number of items and try again');
    expect(err.body.category).toBe('VALIDATION_ERROR');
    expect(h.emu.contacts.size).toBe(0);
  });

  it('rejects duplicate ids in one batch as a whole, naming them', async () => {
    const a = h.emu.createContact({ email: 'a@example.com' });
    const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: a.id, properties: { firstname: 'X' } },
        { id: a.id, properties: { firstname: 'Y' } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      status: 'error',
      message: `Duplicate IDs found in batch input: [${a.id}]. IDs must be unique`,
      context: { ids: [a.id] },
      category: 'VALIDATION_ERROR',
    });
    expect(h.emu.getContact(a.id)?.properties['firstname']).toBeNull();

    const upsert = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'Z@example.com', idProperty: 'email', properties: {} },
        { id: 'z@example.com', idProperty: 'email', properties: {} },
      ],
    });
    expect(upsert.status).toBe(400);
  });
});

describe('batch create', () => {
  it('creates all (201) or fails the whole request on one bad input without objectWriteTraceId', async () => {
    const ok = await client.crm.contacts.batchApi.createWithHttpInfo({
      inputs: [{ properties: { email: 'c1@example.com' }, associations: [] }, { properties: { email: 'c2@example.com' }, associations: [] }],
    });
    expect(ok.httpStatusCode).toBe(201);
    expect(ok.data.results).toHaveLength(2);

    const bad = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'c3@example.com' } }, { properties: { email: 'c4@example.com', nosuch: 'x' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.category).toBe('VALIDATION_ERROR');
    expect(h.emu.contacts.size).toBe(2);
  });

  it('answers 207 per input when every input carries an objectWriteTraceId', async () => {
    const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { objectWriteTraceId: 't1', properties: { email: 'c5@example.com' } },
        { objectWriteTraceId: 't2', properties: { email: 'c6@example.com', lifecyclestage: 'nope' } },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.json.results).toHaveLength(1);
    expect(res.json.results[0].objectWriteTraceId).toBe('t1');
    expect(res.json.numErrors).toBe(1);
    expect(res.json.errors[0]).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['t2'] } });
    expect(h.emu.contacts.findByEmail('c5@example.com')).toBeDefined();
    expect(h.emu.contacts.findByEmail('c6@example.com')).toBeUndefined();
  });
});

describe('batch update, upsert and archive', () => {
  it('updates what exists and reports the rest as OBJECT_NOT_FOUND in a 207', async () => {
    const a = h.emu.createContact({ email: 'a@example.com' });
    const res = await client.crm.contacts.batchApi.updateWithHttpInfo({
      inputs: [
        { id: a.id, properties: { firstname: 'Ada' } },
        { id: '999999', properties: { firstname: 'Ghost' } },
      ],
    });
    expect(res.httpStatusCode).toBe(207);
    const body = res.data as unknown as { results: { id: string }[]; errors: { category: string; context: { ids: string[] } }[] };
    expect(body.results.map((r) => r.id)).toEqual([a.id]);
    expect(body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999999'] } });
    expect(h.emu.getContact(a.id)?.properties['firstname']).toBe('Ada');
  });

  it('upserts by email, flagging new records (`new` on the wire, `_new` in the SDK)', async () => {
    const existing = h.emu.createContact({ email: 'old@example.com', firstname: 'Old' });
    const res = await client.crm.contacts.batchApi.upsertWithHttpInfo({
      inputs: [
        { id: 'old@example.com', idProperty: 'email', properties: { firstname: 'Older' } },
        { id: 'New@Example.com', idProperty: 'email', properties: { firstname: 'Newbie' } },
      ],
    });
    expect(res.httpStatusCode).toBe(200);
    const byEmail = new Map(res.data.results.map((r) => [r.properties['email'], r]));
    expect(byEmail.get('old@example.com')).toMatchObject({ id: existing.id, _new: false });
    expect(byEmail.get('new@example.com')).toMatchObject({ _new: true });
    expect(h.emu.getContact(existing.id)?.properties['firstname']).toBe('Older');

    const wire = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ id: 'old@example.com', idProperty: 'email', properties: {} }] });
    expect(wire.json.results[0].new).toBe(false);
  });

  it('refuses upsert by hs_object_id', async () => {
    const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ id: '1', idProperty: 'hs_object_id', properties: {} }] });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('Unable to perform update/upsert by non-unique 0-1 property hs_object_id');
  });

  it('archives with 204, ignores unknown ids, and frees the email', async () => {
    const a = h.emu.createContact({ email: 'gone@example.com' });
    await client.crm.contacts.batchApi.archive({ inputs: [{ id: a.id }, { id: '424242' }] });
    expect(h.emu.contacts.get(a.id)).toBeUndefined();
    const archived = await client.crm.contacts.basicApi.getById(a.id, undefined, undefined, undefined, true);
    expect(archived.archived).toBe(true);
    await expect(client.crm.contacts.basicApi.getById(a.id)).rejects.toMatchObject({ code: 404 });
    await client.crm.contacts.basicApi.create({ properties: { email: 'gone@example.com' }, associations: [] });
  });
});
