/**
 * sObject Collections through jsforce: results in input order, per-record errors that do not throw,
 * allOrNone rollback, the 200-record cap, upsert `created`.
 */
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const opts = (allOrNone: boolean) => ({ allOrNone, headers: { 'Sforce-Auto-Assign': 'FALSE' } });
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};
const MISSING_COMPANY = { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company]', fields: ['Company'] };

describe('create', () => {
  it('allOrNone false: saves the good records and reports the bad ones in input order', async () => {
    const res = await h.conn.sobject('Lead').create(
      [{ LastName: 'A', Company: 'X' }, { LastName: 'B' }, { LastName: 'C', Company: 'Z', Status: 'Bogus' }, { LastName: 'D', Company: 'W' }],
      opts(false),
    );
    expect(res).toEqual([
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
      { success: false, errors: [MISSING_COMPANY] },
      {
        success: false,
        errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Status: bad value for restricted picklist field: Bogus', fields: ['Status'] }],
      },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
    ]);
    expect(h.emu.records('Lead').map((l) => l.LastName)).toEqual(['A', 'D']);
  });

  it('allOrNone true: one failure rolls every record back', async () => {
    const events: string[] = [];
    h.emu.onChange((c) => events.push(`${c.kind} ${c.sobject}`));
    const res = await h.conn.sobject('Lead').create([{ LastName: 'A', Company: 'X' }, { LastName: 'B' }, { LastName: 'C', Company: 'Z' }], opts(true));
    expect(res).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [MISSING_COMPANY] },
      { success: false, errors: [ROLLED_BACK] },
    ]);
    expect(h.emu.records('Lead')).toEqual([]);
    expect(events).toEqual([]); // rolled-back writes are never announced
  });

  it('allOrNone true with all records valid commits them all, mixed types allowed', async () => {
    // jsforce takes the type from attributes when the type argument is empty.
    const res = await h.conn.create(
      '',
      [
        { attributes: { type: 'Lead', url: '' }, LastName: 'A', Company: 'X' },
        { attributes: { type: 'Account', url: '' }, Name: 'Acme' },
      ],
      opts(true),
    );
    expect(res.every((r) => r.success)).toBe(true);
    expect(h.emu.records('Account').map((a) => a.Name)).toEqual(['Acme']);
  });

  it('rejects more than 200 records, and jsforce allowRecursive splits them instead', async () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ LastName: `L${i}`, Company: 'C' }));
    await expect(h.conn.sobject('Lead').create(many, opts(false))).rejects.toMatchObject({
      errorCode: 'EXCEEDED_ID_LIMIT',
      message: 'record limit reached. cannot submit more than 200 records into this call',
    });
    expect(h.emu.records('Lead')).toHaveLength(0);
    const res = await h.conn.sobject('Lead').create(many, { ...opts(false), allowRecursive: true });
    expect(res).toHaveLength(201);
    expect(h.emu.callCounts().byRouteStatus).toMatchObject({ 'POST /composite/sobjects 400': 1, 'POST /composite/sobjects 200': 2 });
  });

  it('fails the whole call when a value cannot be deserialized', async () => {
    await expect(
      h.conn.sobject('Lead').create([{ LastName: 'A', Company: 'X' }, { LastName: 'B', Company: 'Y', Handoff_Attempt__c: 'many' }], opts(false)),
    ).rejects.toMatchObject({ errorCode: 'JSON_PARSER_ERROR' });
    expect(h.emu.records('Lead')).toEqual([]);
  });
});

describe('update', () => {
  it('reports per-record results in order, with allOrNone false and true', async () => {
    const a = String(h.emu.insert('Lead', { LastName: 'A', Company: 'X' }).Id);
    const b = String(h.emu.insert('Lead', { LastName: 'B', Company: 'Y' }).Id);
    const partial = await h.conn.sobject('Lead').update(
      [{ Id: a, Status: 'Working - Contacted' }, { Id: b, Company: '' }],
      opts(false),
    );
    expect(partial).toEqual([{ id: a, success: true, errors: [] }, { success: false, errors: [MISSING_COMPANY] }]);
    expect(h.emu.get('Lead', a)?.Status).toBe('Working - Contacted');

    const all = await h.conn.sobject('Lead').update([{ Id: a, Rating: 'Hot' }, { Id: b, Company: '' }], opts(true));
    expect(all).toEqual([{ success: false, errors: [ROLLED_BACK] }, { success: false, errors: [MISSING_COMPANY] }]);
    expect(h.emu.get('Lead', a)?.Rating).toBeNull();
  });

  it('refuses the same id twice in one call and a record without id', async () => {
    const a = String(h.emu.insert('Lead', { LastName: 'A', Company: 'X' }).Id);
    const res = await h.conn.request({
      method: 'PATCH',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Lead' }, id: a, Title: 'one' },
          { attributes: { type: 'Lead' }, id: a, Title: 'two' },
          { attributes: { type: 'Lead' }, Title: 'three' },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res).toEqual([
      { success: false, errors: [{ statusCode: 'INVALID_ID_FIELD', message: `Duplicate id in list: ${a}`, fields: [] }] },
      { success: false, errors: [{ statusCode: 'INVALID_ID_FIELD', message: `Duplicate id in list: ${a}`, fields: [] }] },
      { success: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }] },
    ]);
  });
});

describe('upsert', () => {
  it('creates and updates by External ID with `created`, in input order', async () => {
    const existing = String(h.emu.insert('Lead', { LastName: 'Old', Company: 'X', HubSpot_Contact_Id__c: '7' }).Id);
    const res = await h.conn.sobject('Lead').upsert(
      [
        { HubSpot_Contact_Id__c: '8', LastName: 'New', Company: 'Y' },
        { HubSpot_Contact_Id__c: '7', Title: 'CEO' },
        { HubSpot_Contact_Id__c: '9', LastName: 'NoCompany' },
      ],
      'HubSpot_Contact_Id__c',
      opts(false),
    );
    expect(res).toEqual([
      { id: expect.stringMatching(/^00Q/), success: true, errors: [], created: true },
      { id: existing, success: true, errors: [], created: false },
      { success: false, errors: [MISSING_COMPANY] },
    ]);
    expect(h.emu.get('Lead', existing)?.Title).toBe('CEO');
  });

  it('rolls back with allOrNone and flags duplicate keys within one call', async () => {
    const res = await h.conn.sobject('Lead').upsert(
      [
        { HubSpot_Contact_Id__c: '1', LastName: 'A', Company: 'X' },
        { HubSpot_Contact_Id__c: '2', LastName: 'B', Company: 'Y' },
        { HubSpot_Contact_Id__c: '2', LastName: 'C', Company: 'Z' },
      ],
      'HubSpot_Contact_Id__c',
      opts(true),
    );
    const dup = { statusCode: 'DUPLICATE_EXTERNAL_ID', message: 'Duplicate external id specified: 2', fields: ['HubSpot_Contact_Id__c'] };
    expect(res).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [dup] },
      { success: false, errors: [dup] },
    ]);
    expect(h.emu.records('Lead')).toEqual([]);
  });

  it('rejects a field that is not an External ID and more than 200 records', async () => {
    await expect(h.conn.sobject('Lead').upsert([{ Email: 'a@b.co', LastName: 'A', Company: 'X' }], 'Email')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: 'Field name provided, Email is not an External ID or indexed field for Lead',
    });
    const many = Array.from({ length: 201 }, (_, i) => ({ HubSpot_Contact_Id__c: String(i), LastName: 'L', Company: 'C' }));
    await expect(h.conn.sobject('Lead').upsert(many, 'HubSpot_Contact_Id__c')).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    expect(h.emu.callCounts().byRoute['PATCH /composite/sobjects/:sobject/:extIdField']).toBe(2);
  });
});

it('deletes through the collections resource', async () => {
  const a = String(h.emu.insert('Lead', { LastName: 'A', Company: 'X' }).Id);
  const res = await h.conn.sobject('Lead').destroy([a, '00Q8d0000000ZZZ'], { allOrNone: false });
  expect(res).toEqual([
    { id: a, success: true, errors: [] },
    { success: false, errors: [{ statusCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }] },
  ]);
});
