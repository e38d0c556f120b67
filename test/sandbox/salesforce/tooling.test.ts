/**
 * Tooling API CustomField, the way `handoff install` uses it through jsforce: check with a Tooling
 * query, create, then the field is in describe, SOQL and writes.
 */
import type { Record as SfRow } from 'jsforce';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ bare: true, leadAssignment: false });
});
afterEach(() => h.close());

const RETURN_REASON = {
  FullName: 'Lead.Return_Reason__c',
  Metadata: {
    label: 'Return Reason',
    type: 'Picklist',
    valueSet: {
      restricted: true,
      valueSetDefinition: {
        sorted: false,
        value: [
          { fullName: 'Not_Interested', label: 'Not Interested', default: false },
          { fullName: 'Wrong_Product', label: 'Wrong Product', default: false },
        ],
      },
    },
  },
};

it('creates a custom field that describe, SOQL and writes then see', async () => {
  const check = "SELECT Id, DeveloperName FROM CustomField WHERE TableEnumOrId = 'Lead' AND DeveloperName = 'Return_Reason'";
  expect((await h.conn.tooling.query(check)).totalSize).toBe(0);
  await expect(h.conn.query('SELECT Return_Reason__c FROM Lead')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });

  const res = await h.conn.tooling.create('CustomField', RETURN_REASON);
  expect(res).toEqual({ id: expect.stringMatching(/^00N/), success: true, errors: [], warnings: [], infos: [] });

  const found = await h.conn.tooling.query<SfRow>(check);
  expect(found.records).toEqual([
    {
      attributes: { type: 'CustomField', url: `/services/data/v62.0/tooling/sobjects/CustomField/${(res as { id: string }).id}` },
      Id: (res as { id: string }).id,
      DeveloperName: 'Return_Reason',
    },
  ]);
  const field = (await h.conn.sobject('Lead').describe()).fields.find((f) => f.name === 'Return_Reason__c');
  expect(field).toMatchObject({ custom: true, type: 'picklist', restrictedPicklist: true, label: 'Return Reason', nillable: true });
  expect(field?.picklistValues?.map((p) => [p.value, p.label])).toEqual([
    ['Not_Interested', 'Not Interested'],
    ['Wrong_Product', 'Wrong Product'],
  ]);

  const lead = (await h.conn.sobject('Lead').create({ LastName: 'A', Company: 'B', Return_Reason__c: 'Wrong_Product' })) as { id: string };
  const rows = await h.conn.query<SfRow>("SELECT Id, Return_Reason__c FROM Lead WHERE Return_Reason__c = 'wrong_product'");
  expect(rows.records.map((r) => r.Id)).toEqual([lead.id]);
  await expect(h.conn.sobject('Lead').create({ LastName: 'A', Company: 'B', Return_Reason__c: 'Other' })).rejects.toMatchObject({
    errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  });

  // Tooling answers one-row FullName/Metadata queries only, like Salesforce.
  const one = await h.conn.tooling.query<SfRow>("SELECT FullName, Metadata FROM CustomField WHERE DeveloperName = 'Return_Reason'");
  expect(one.records[0]).toMatchObject({ FullName: 'Lead.Return_Reason__c', Metadata: { label: 'Return Reason', type: 'Picklist' } });
});

it('creates text External IDs, checkboxes and numbers with their attributes, and backfills existing records', async () => {
  const before = String(h.emu.insert('Lead', { LastName: 'Old', Company: 'X' }).Id);
  await h.conn.tooling.create('CustomField', { FullName: 'Lead.HubSpot_Contact_Id__c', Metadata: { label: 'HubSpot Contact Id', type: 'Text', length: 32, externalId: true, unique: true } });
  await h.conn.tooling.create('CustomField', { FullName: 'Lead.Consent__c', Metadata: { label: 'Consent', type: 'Checkbox', defaultValue: 'false' } });
  await h.conn.tooling.create('CustomField', { FullName: 'Lead.Score__c', Metadata: { label: 'Score', type: 'Number', precision: 5, scale: 2 } });
  const fields = (await h.conn.sobject('Lead').describe()).fields;
  expect(fields.find((f) => f.name === 'HubSpot_Contact_Id__c')).toMatchObject({ externalId: true, unique: true, length: 32 });
  expect(fields.find((f) => f.name === 'Score__c')).toMatchObject({ type: 'double', precision: 5, scale: 2 });
  expect(h.emu.get('Lead', before)).toMatchObject({ Consent__c: false, Score__c: null, HubSpot_Contact_Id__c: null });
  await expect(h.conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: 'h1', LastName: 'A', Company: 'B', Score__c: 12.345 }, 'HubSpot_Contact_Id__c')).resolves.toMatchObject({
    created: true,
  });
  expect(h.emu.records('Lead')[1]).toMatchObject({ Score__c: 12.35 });
  await expect(h.conn.sobject('Lead').create({ LastName: 'A', Company: 'B', Score__c: 1000 })).rejects.toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
  const all = await h.conn.tooling.query("SELECT Id, DeveloperName FROM CustomField WHERE TableEnumOrId = 'Lead'");
  expect(all.totalSize).toBe(3);
});

it('refuses duplicates, bad names and bad metadata', async () => {
  await h.conn.tooling.create('CustomField', RETURN_REASON);
  await expect(h.conn.tooling.create('CustomField', RETURN_REASON)).rejects.toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
  await expect(h.conn.tooling.create('CustomField', { FullName: 'Lead.Bad__Name__c', Metadata: { label: 'x', type: 'Text', length: 10 } })).rejects.toMatchObject({
    errorCode: 'FIELD_INTEGRITY_EXCEPTION',
  });
  await expect(h.conn.tooling.create('CustomField', { FullName: 'Lead.Wide__c', Metadata: { label: 'Wide', type: 'Text', length: 300 } })).rejects.toMatchObject({
    errorCode: 'FIELD_INTEGRITY_EXCEPTION',
    message: 'Length: Text fields must have a length between 1 and 255',
  });
  await expect(h.conn.tooling.create('CustomField', { FullName: 'Nope.X__c', Metadata: { label: 'X', type: 'Text', length: 10 } })).rejects.toMatchObject({
    errorCode: 'FIELD_INTEGRITY_EXCEPTION',
  });
  await expect(h.conn.tooling.query('SELECT Id FROM CustomObject')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
  await h.conn.tooling.create('CustomField', { FullName: 'Lead.Other__c', Metadata: { label: 'Other', type: 'Date' } });
  await expect(h.conn.tooling.query("SELECT FullName FROM CustomField WHERE TableEnumOrId = 'Lead'")).rejects.toMatchObject({
    errorCode: 'MALFORMED_QUERY',
    message: expect.stringContaining('no more than one row'),
  });
});

it('lists Handoff’s seeded fields in Tooling when not bare', async () => {
  const full = await startHarness();
  try {
    const res = await full.conn.tooling.query<SfRow>("SELECT DeveloperName FROM CustomField WHERE TableEnumOrId = 'Lead' ORDER BY DeveloperName");
    expect(res.records.map((r) => r.DeveloperName)).toEqual(expect.arrayContaining(['HubSpot_Contact_Id', 'Handoff_Status', 'Return_Reason', 'Accept_By']));
  } finally {
    await full.close();
  }
});
