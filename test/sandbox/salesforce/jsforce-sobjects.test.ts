/**
 * Conformance with the real jsforce 3.9.5 client: single-record CRUD, upsert by External ID,
 * describe, limits. The emulator must behave so jsforce returns what it returns against Salesforce.
 */
import { START, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

describe('sObject CRUD through jsforce', () => {
  it('creates, retrieves, updates and deletes a Lead with the system fields maintained', async () => {
    const created = await h.conn.sobject('Lead').create({ FirstName: 'Ana', LastName: 'Ruiz', Company: 'Ruiz Bakery' }, NO_ASSIGN);
    expect(created).toEqual({ id: expect.stringMatching(/^00Q[A-Za-z0-9]{15}$/), success: true, errors: [] });
    const id = (created as { id: string }).id;

    const lead = await h.conn.sobject('Lead').retrieve(id);
    expect(lead).toMatchObject({
      attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${id}` },
      Id: id,
      Name: 'Ana Ruiz',
      Status: 'Open - Not Contacted',
      OwnerId: h.emu.integrationUserId,
      IsConverted: false,
      IsDeleted: false,
      CreatedById: h.emu.integrationUserId,
      LastModifiedById: h.emu.integrationUserId,
      CreatedDate: '2026-01-05T14:00:00.000+0000',
      SystemModstamp: '2026-01-05T14:00:00.000+0000',
      Handoff_Status__c: null,
    });

    h.clock.advance(90_500);
    const rm = h.emu.addUser({ FirstName: 'Rita', LastName: 'Mendes' });
    const rmConn = h.connect(h.emu.issueToken(String(rm.Id)));
    const updated = await rmConn.sobject('Lead').update({ Id: id, Status: 'Working - Contacted' }, NO_ASSIGN);
    expect(updated).toEqual({ id, success: true, errors: [] }); // jsforce's rendering of the 204
    const after = await h.conn.sobject('Lead').retrieve(id, { fields: ['Status', 'LastModifiedById', 'LastModifiedDate', 'CreatedDate'] });
    expect(after).toEqual({
      attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${id}` },
      Status: 'Working - Contacted',
      LastModifiedById: rm.Id, // the RM's token made the call
      LastModifiedDate: '2026-01-05T14:01:30.000+0000', // stored to the second
      CreatedDate: '2026-01-05T14:00:00.000+0000',
    });

    expect(await h.conn.sobject('Lead').destroy(id)).toEqual({ id, success: true, errors: [] });
    await expect(h.conn.sobject('Lead').retrieve(id)).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    expect(h.emu.records('Lead')).toHaveLength(0);
    expect(h.emu.records('Lead', { includeDeleted: true })[0]).toMatchObject({ Id: id, IsDeleted: true });
  });

  it('retrieves several records through the collections resource', async () => {
    const a = h.emu.insert('Lead', { LastName: 'A', Company: 'X' });
    const b = h.emu.insert('Lead', { LastName: 'B', Company: 'Y' });
    const got = await h.conn.sobject('Lead').retrieve([String(a.Id), String(b.Id)], { fields: ['LastName'] });
    expect(got.map((r) => r.LastName)).toEqual(['A', 'B']);
  });

  it('upserts by External ID: 201 created, then 200 updated (created:false), then 300 on an ambiguous value', async () => {
    const first = await h.conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: '501', LastName: 'Doe', Company: 'Acme' }, 'HubSpot_Contact_Id__c', NO_ASSIGN);
    expect(first).toEqual({ id: expect.stringMatching(/^00Q/), success: true, errors: [], created: true });
    const second = await h.conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: '501', Email: 'doe@acme.test' }, 'HubSpot_Contact_Id__c', NO_ASSIGN);
    expect(second).toEqual({ id: (first as { id: string }).id, success: true, errors: [], created: false });
    expect(h.emu.records('Lead')).toHaveLength(1);
    expect(h.emu.records('Lead')[0]).toMatchObject({ Email: 'doe@acme.test', LastName: 'Doe', HubSpot_Contact_Id__c: '501' });

    // External ID values match without regard to case, like Salesforce's default.
    const third = await h.conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: 'ab-7', LastName: 'X', Company: 'Y' }, 'HubSpot_Contact_Id__c');
    const again = await h.conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: 'AB-7', LastName: 'Z' }, 'HubSpot_Contact_Id__c');
    expect((again as { id: string }).id).toBe((third as { id: string }).id);

    await expect(h.conn.sobject('Lead').upsert({ Email: 'x@y.z', LastName: 'Q', Company: 'Q' }, 'Email')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
      message: 'Provided external ID field does not exist or is not accessible: Email',
    });
  });

  it('reports MULTIPLE_CHOICES when a non-unique External ID matches several records', async () => {
    await h.conn.tooling.create('CustomField', {
      FullName: 'Lead.Legacy_Key__c',
      Metadata: { label: 'Legacy Key', type: 'Text', length: 20, externalId: true, unique: false },
    });
    h.emu.insert('Lead', { LastName: 'A', Company: 'X', Legacy_Key__c: 'k1' });
    h.emu.insert('Lead', { LastName: 'B', Company: 'Y', Legacy_Key__c: 'k1' });
    await expect(h.conn.sobject('Lead').upsert({ Legacy_Key__c: 'k1', LastName: 'C' }, 'Legacy_Key__c')).rejects.toMatchObject({
      errorCode: 'MULTIPLE_CHOICES',
    });
  });

  it('honours ?updateOnly=true on upsert', async () => {
    await expect(
      h.conn.request({ method: 'PATCH', url: '/sobjects/Lead/HubSpot_Contact_Id__c/404?updateOnly=true', body: JSON.stringify({ LastName: 'X' }), headers: { 'content-type': 'application/json' } }),
    ).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    expect(h.emu.records('Lead')).toHaveLength(0);
  });
});

describe('Sforce-Auto-Assign', () => {
  it('lets the lead assignment rule take the owner unless the caller sends FALSE', async () => {
    const rm = h.emu.addUser({ FirstName: 'Rita', LastName: 'Mendes' });
    const ruled = await h.conn.sobject('Lead').create({ LastName: 'A', Company: 'X', OwnerId: rm.Id });
    const kept = await h.conn.sobject('Lead').create({ LastName: 'B', Company: 'Y', OwnerId: rm.Id }, NO_ASSIGN);
    expect(h.emu.get('Lead', (ruled as { id: string }).id)?.OwnerId).toBe(h.emu.intakeQueueId);
    expect(h.emu.get('Lead', (kept as { id: string }).id)?.OwnerId).toBe(rm.Id);

    // The rule also runs on updates without the header.
    await h.conn.sobject('Lead').update({ Id: (kept as { id: string }).id, Title: 'CFO' });
    expect(h.emu.get('Lead', (kept as { id: string }).id)?.OwnerId).toBe(h.emu.intakeQueueId);

    h.emu.setLeadAssignment(null);
    const free = await h.conn.sobject('Lead').create({ LastName: 'C', Company: 'Z', OwnerId: rm.Id });
    expect(h.emu.get('Lead', (free as { id: string }).id)?.OwnerId).toBe(rm.Id);
  });
});

describe('describe', () => {
  it('answers describeGlobal and describe in the shapes jsforce types, with Handoff’s fields', async () => {
    const global = await h.conn.describeGlobal();
    expect(global.encoding).toBe('UTF-8');
    expect(global.maxBatchSize).toBe(200);
    expect(global.sobjects.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Lead', 'Task', 'Event', 'Opportunity', 'Contact', 'Account', 'User', 'Group', 'QueueSobject', 'LeadStatus', 'RecordType']),
    );
    const prefixes = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(prefixes).toMatchObject({ Lead: '00Q', Task: '00T', Event: '00U', Opportunity: '006', Contact: '003', Account: '001', User: '005', Group: '00G' });

    const lead = await h.conn.sobject('Lead').describe$();
    expect(lead).toMatchObject({ name: 'Lead', keyPrefix: '00Q', createable: true, queryable: true, custom: false });
    const field = (n: string) => lead.fields.find((f) => f.name === n)!;
    for (const f of lead.fields) {
      for (const key of ['name', 'label', 'type', 'custom', 'nillable', 'createable', 'updateable', 'defaultedOnCreate', 'externalId', 'unique', 'idLookup', 'length', 'referenceTo', 'picklistValues', 'restrictedPicklist']) {
        expect(f).toHaveProperty(key);
      }
    }
    // Requiredness on create = createable && !nillable && !defaultedOnCreate.
    const required = lead.fields.filter((f) => f.createable && !f.nillable && !f.defaultedOnCreate).map((f) => f.name);
    expect(required.sort()).toEqual(['Company', 'LastName']);
    expect(field('Status')).toMatchObject({ type: 'picklist', defaultedOnCreate: true, nillable: false });
    expect(field('Status').picklistValues).toEqual([
      { active: true, defaultValue: true, label: 'Open - Not Contacted', validFor: null, value: 'Open - Not Contacted' },
      { active: true, defaultValue: false, label: 'Working - Contacted', validFor: null, value: 'Working - Contacted' },
      { active: true, defaultValue: false, label: 'Closed - Converted', validFor: null, value: 'Closed - Converted' },
      { active: true, defaultValue: false, label: 'Closed - Not Converted', validFor: null, value: 'Closed - Not Converted' },
    ]);
    expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['Group', 'User'], relationshipName: 'Owner', defaultedOnCreate: true });
    expect(field('IsConverted')).toMatchObject({ createable: false, updateable: false });
    expect(field('HubSpot_Contact_Id__c')).toMatchObject({ custom: true, externalId: true, unique: true, idLookup: true, type: 'string', length: 32 });
    expect(field('Handoff_Status__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect(field('Return_Reason__c').picklistValues?.map((p) => p.value)).toContain('Not_Interested');
    expect(field('TCPA_Consent__c')).toMatchObject({ type: 'boolean', defaultValue: false, nillable: false });

    const opp = await h.conn.sobject('Opportunity').describe();
    expect(opp.fields.find((f) => f.name === 'StageName')?.picklistValues?.map((p) => p.value)).toEqual(
      expect.arrayContaining(['Prospecting', 'Application Started', 'Approved', 'Funded', 'Closed Won', 'Closed Lost']),
    );
    const task = await h.conn.sobject('Task').describe();
    expect(task.fields.find((f) => f.name === 'WhoId')?.referenceTo).toEqual(['Contact', 'Lead']);
    expect(task.fields.find((f) => f.name === 'Handoff_Key__c')).toMatchObject({ externalId: true, unique: true });
  });

  it('starts without any custom field when bare', async () => {
    const bare = await startHarness({ bare: true });
    try {
      const lead = await bare.conn.sobject('Lead').describe();
      expect(lead.fields.filter((f) => f.custom)).toEqual([]);
      await expect(bare.conn.sobject('Lead').create({ LastName: 'X', Company: 'Y', Handoff_Status__c: 'Pending' })).rejects.toMatchObject({
        errorCode: 'INVALID_FIELD',
        message: "No such column 'Handoff_Status__c' on sobject of type Lead",
      });
    } finally {
      await bare.close();
    }
  });
});

describe('limits', () => {
  it('reports DailyApiRequests and stamps Sforce-Limit-Info, which jsforce exposes as limitInfo', async () => {
    const small = await startHarness({ dailyApiLimit: 3 });
    try {
      await small.conn.query('SELECT Id FROM Lead');
      expect(small.conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 3 } });
      const limits = await small.conn.limits();
      expect(limits.DailyApiRequests).toEqual({ Max: 3, Remaining: 1 });
      expect(small.conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 3 } });
      await small.conn.query('SELECT Id FROM Lead');
      await expect(small.conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      });
      expect(small.emu.callCounts().byRouteStatus).toMatchObject({ 'GET /query 200': 2, 'GET /query 403': 1, 'GET /limits 200': 1 });
      // The allowance is a rolling 24 hours.
      small.clock.advance(24 * 3600_000);
      await expect(small.conn.query('SELECT Id FROM Lead')).resolves.toMatchObject({ totalSize: 0 });
    } finally {
      await small.close();
    }
  });
});

it('uses the injected clock for every timestamp', async () => {
  const r = (await h.conn.sobject('Task').create({ Subject: 'Call', OwnerId: h.emu.integrationUserId })) as { id: string };
  expect(h.emu.get('Task', r.id)).toMatchObject({ CreatedDate: START.replace('Z', '.000+0000'), Status: 'Not Started', Priority: 'Normal', IsClosed: false });
});
