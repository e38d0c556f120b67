/** Properties and property groups, and Lists v3 with HubSpot's membership response keys. */
import type { Client } from '@hubspot/api-client';
import { HUBSPOT_PROPERTIES } from '../../../src/connectors/handoff-schema';
import type { Harness } from './support';
import { raw, sdkClient, sdkError, startEmulator } from './support';

let h: Harness;
let client: Client;

beforeEach(async () => {
  h = await startEmulator();
  client = sdkClient(h.url);
});
afterEach(() => h.close());

describe('properties', () => {
  it('serves the standard properties with real internal option values', async () => {
    const stage = await client.crm.properties.coreApi.getByName('contacts', 'lifecyclestage');
    expect(stage.options.map((o) => o.value)).toEqual([
      'subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other',
    ]);
    const status = await client.crm.properties.coreApi.getByName('contacts', 'hs_lead_status');
    expect(status.options.map((o) => o.value)).toEqual(['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING']);
    const id = await client.crm.properties.coreApi.getByName('contacts', 'hs_object_id');
    expect(id.modificationMetadata).toMatchObject({ readOnlyValue: true });
    expect(id.createdAt).toBeInstanceOf(Date);
  });

  it('seeds Handoff’s own properties in its group, and only standard ones when bare', async () => {
    const all = await client.crm.properties.coreApi.getAll('contacts');
    const names = all.results.map((p) => p.name);
    for (const p of HUBSPOT_PROPERTIES) expect(names).toContain(p.name);
    expect(all.results.find((p) => p.name === 'handoff_status')?.groupName).toBe('handoff');
    expect(names).toEqual(expect.arrayContaining(['product_interest', 'customer_segment', 'lead_kind', 'referral_source']));

    const bare = await startEmulator({ bare: true });
    try {
      const res = await raw(bare.url, 'GET', '/crm/v3/properties/contacts');
      const bareNames: string[] = res.json.results.map((p: { name: string }) => p.name);
      expect(bareNames).toContain('email');
      expect(bareNames).not.toContain('handoff_status');
      expect(bareNames).not.toContain('product_interest');
    } finally {
      await bare.close();
    }
  });

  it('answers 404 for an unknown property', async () => {
    const err = await sdkError(client.crm.properties.coreApi.getByName('contacts', 'nope'));
    expect(err.code).toBe(404);
    expect(err.body.status).toBe('error');
  });

  it('creates a group and a property (201), 409 on a duplicate, and PATCHes options', async () => {
    const g = await client.crm.properties.groupsApi.create('contacts', { name: 'bank_sync', label: 'Bank sync', displayOrder: -1 });
    expect(g).toMatchObject({ name: 'bank_sync', archived: false });
    const created = await client.crm.properties.coreApi.create('contacts', {
      name: 'bank_handoff_status',
      label: 'Bank handoff status',
      groupName: 'bank_sync',
      type: 'enumeration' as never,
      fieldType: 'select' as never,
      options: [{ label: 'Sent', value: 'sent', hidden: false, displayOrder: 0 }],
    });
    expect(created).toMatchObject({ name: 'bank_handoff_status', hubspotDefined: false });
    const dup = await sdkError(client.crm.properties.coreApi.create('contacts', { name: 'bank_handoff_status', label: 'x', groupName: 'bank_sync', type: 'string' as never, fieldType: 'text' as never }));
    expect(dup.code).toBe(409);
    const dupGroup = await raw(h.url, 'POST', '/crm/v3/properties/contacts/groups', { name: 'bank_sync', label: 'again' });
    expect(dupGroup.status).toBe(409);

    // The new option becomes writable; a value outside the options is refused.
    const before = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'o@example.com', bank_handoff_status: 'accepted' } });
    expect(before.status).toBe(400);
    await client.crm.properties.coreApi.update('contacts', 'bank_handoff_status', {
      options: [{ label: 'Sent', value: 'sent', hidden: false }, { label: 'Accepted', value: 'accepted', hidden: false }],
    });
    const after = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'o@example.com', bank_handoff_status: 'accepted' } });
    expect(after.status).toBe(201);
  });

  it('rejects a property in a missing group or with a reserved name', async () => {
    expect((await raw(h.url, 'POST', '/crm/v3/properties/contacts', { name: 'x_y', label: 'X', type: 'string', fieldType: 'text', groupName: 'nope' })).status).toBe(400);
    expect((await raw(h.url, 'POST', '/crm/v3/properties/contacts', { name: 'hs_mine', label: 'X', type: 'string', fieldType: 'text', groupName: 'contactinformation' })).status).toBe(400);
  });
});

describe('lists v3', () => {
  it('creates a list through the SDK (trailing-slash path) and finds it by name', async () => {
    const created = await client.crm.lists.listsApi.create({ name: 'Bank handoff', objectTypeId: '0-1', processingType: 'MANUAL' });
    expect(created.list).toMatchObject({ name: 'Bank handoff', objectTypeId: '0-1', processingType: 'MANUAL', listVersion: 1 });
    expect(typeof created.list.listId).toBe('string');
    const slash = await raw(h.url, 'POST', '/crm/v3/lists/', { name: 'Other', objectTypeId: '0-1', processingType: 'MANUAL' });
    expect(slash.status).toBe(200);
    const found = await client.crm.lists.listsApi.getByName('Bank handoff', '0-1');
    expect(found.list.listId).toBe(created.list.listId);
    const dup = await raw(h.url, 'POST', '/crm/v3/lists', { name: 'Bank handoff', objectTypeId: '0-1', processingType: 'MANUAL' });
    expect(dup.status).toBe(400);
    expect(dup.json.subCategory).toBe('ILS.DUPLICATE_LIST_NAMES');
    expect((await sdkError(client.crm.lists.listsApi.getByName('Nope', '0-1'))).code).toBe(404);
  });

  it('adds, removes and pages memberships with recordsIdsAdded / recordIdsMissing', async () => {
    const { list } = await client.crm.lists.listsApi.create({ name: 'L', objectTypeId: '0-1', processingType: 'MANUAL' });
    const a = h.emu.createContact({ email: 'a@example.com' }).id;
    const b = h.emu.createContact({ email: 'b@example.com' }).id;
    const added = await client.crm.lists.membershipsApi.add(list.listId, [a, b, '999999']);
    expect(added.recordsIdsAdded).toEqual([a, b]);
    expect(added.recordIdsMissing).toEqual(['999999']);
    const wire = await raw(h.url, 'PUT', `/crm/v3/lists/${list.listId}/memberships/add`, [a]);
    expect(wire.json).toEqual({ recordIdsRemoved: [], recordsIdsAdded: [], recordIdsMissing: [] });

    const removed = await client.crm.lists.membershipsApi.remove(list.listId, [a]);
    expect(removed.recordIdsRemoved).toEqual([a]);
    const both = await client.crm.lists.membershipsApi.addAndRemove(list.listId, { recordIdsToAdd: [a], recordIdsToRemove: [b] });
    expect(both).toMatchObject({ recordsIdsAdded: [a], recordIdsRemoved: [b] });

    const page = await client.crm.lists.membershipsApi.getPage(list.listId, undefined, undefined, 100);
    expect(page.results.map((r) => r.recordId)).toEqual([a]);
    expect(page.results[0]?.membershipTimestamp).toBeInstanceOf(Date);
  });

  it('pages memberships and refuses changes on a DYNAMIC list', async () => {
    const { list } = await client.crm.lists.listsApi.create({ name: 'P', objectTypeId: '0-1', processingType: 'MANUAL' });
    const ids = Array.from({ length: 5 }, (_, i) => h.emu.createContact({ email: `m${i}@example.com` }).id);
    await client.crm.lists.membershipsApi.add(list.listId, ids);
    const p1 = await client.crm.lists.membershipsApi.getPage(list.listId, undefined, undefined, 3);
    expect(p1.results).toHaveLength(3);
    const p2 = await client.crm.lists.membershipsApi.getPage(list.listId, p1.paging?.next?.after, undefined, 3);
    expect(p2.results.map((r) => r.recordId)).toEqual(ids.slice(3));
    expect(p2.paging).toBeUndefined();

    const dyn = await raw(h.url, 'POST', '/crm/v3/lists', { name: 'D', objectTypeId: '0-1', processingType: 'DYNAMIC' });
    const res = await raw(h.url, 'PUT', `/crm/v3/lists/${dyn.json.list.listId}/memberships/add`, [ids[0]]);
    expect(res.status).toBe(400);
  });
});
