/**
 * Every error the connector must handle, as jsforce surfaces it: code, message and fields in
 * Salesforce's words.
 */
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ leadAssignment: false });
});
afterEach(() => h.close());

const lead = () => h.conn.sobject('Lead');

describe('query errors', () => {
  it.each([
    ['SELECT Id FROM Lead WHERE', 'MALFORMED_QUERY', "unexpected token: '<EOF>'"],
    ['SELECT Id, Foo__c FROM Lead', 'INVALID_FIELD', "No such column 'Foo__c' on entity 'Lead'"],
    ['SELECT Id FROM Leads', 'INVALID_TYPE', "sObject type 'Leads' is not supported"],
    ['SELECT Id FROM Lead WHERE SystemModstamp > 2024-01-01T00:00:00+0000', 'MALFORMED_QUERY', 'no viable alternative'],
    ["SELECT Id FROM Lead WHERE SystemModstamp > '2024-01-01T00:00:00Z'", 'INVALID_FIELD', 'must be of type dateTime'],
    ["SELECT Id FROM Lead WHERE Description = 'x'", 'INVALID_FIELD', "field 'Description' can not be filtered"],
  ])('%s → %s', async (soql, code, text) => {
    const err = await h.conn.query(soql).then(() => undefined, (e: Error) => e as Error & { errorCode: string });
    expect(err?.errorCode).toBe(code);
    expect(err?.message).toContain(text);
  });
});

describe('write errors', () => {
  it('NOT_FOUND for an unknown record or object', async () => {
    await expect(lead().retrieve('00Q8d00000000ZZ')).rejects.toMatchObject({ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
    await expect(lead().update({ Id: '00Q8d00000000ZZ', Title: 'x' })).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    await expect(h.conn.sobject('Leed').create({ LastName: 'x' })).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    await expect(h.conn.sobject('Leed').describe()).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('INVALID_FIELD for an unknown field, naming it', async () => {
    await expect(lead().create({ LastName: 'A', Company: 'B', Foo__c: 1 })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Foo__c' on sobject of type Lead",
    });
    await expect(lead().retrieve(String(h.emu.insert('Lead', { LastName: 'A', Company: 'B' }).Id), { fields: ['Bar__c'] })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Bar__c' on entity 'Lead'"),
    });
  });

  it('REQUIRED_FIELD_MISSING: Lead LastName and Company; Event start and duration; Task fields default', async () => {
    await expect(lead().create({ FirstName: 'A' })).rejects.toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [LastName, Company]',
      data: { fields: ['LastName', 'Company'] },
    });
    await expect(h.conn.sobject('Event').create({ Subject: 'Meeting', StartDateTime: '2026-01-06T15:00:00Z' })).rejects.toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [DurationInMinutes]',
    });
    const ev = (await h.conn.sobject('Event').create({ Subject: 'Meeting', StartDateTime: '2026-01-06T15:00:00Z', EndDateTime: '2026-01-06T15:45:00Z' })) as { id: string };
    expect(h.emu.get('Event', ev.id)).toMatchObject({ DurationInMinutes: 45, ActivityDate: '2026-01-06', ActivityDateTime: '2026-01-06T15:00:00.000+0000' });
    const task = (await h.conn.sobject('Task').create({ Subject: 'Call back' })) as { id: string };
    expect(h.emu.get('Task', task.id)).toMatchObject({ Status: 'Not Started', Priority: 'Normal', OwnerId: h.emu.integrationUserId });
    const id = String(h.emu.insert('Lead', { LastName: 'A', Company: 'B' }).Id);
    await expect(lead().update({ Id: id, LastName: null })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' });
  });

  it('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST names the field and value', async () => {
    await expect(lead().create({ LastName: 'A', Company: 'B', Handoff_Status__c: 'Maybe' })).rejects.toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Handoff Status: bad value for restricted picklist field: Maybe',
      data: { fields: ['Handoff_Status__c'] },
    });
    // An unrestricted picklist takes any value.
    await expect(lead().create({ LastName: 'A', Company: 'B', LeadSource: 'Billboard' })).resolves.toMatchObject({ success: true });
  });

  it('DUPLICATE_VALUE on a unique External ID', async () => {
    const first = String(h.emu.insert('Lead', { LastName: 'A', Company: 'B', HubSpot_Contact_Id__c: '42' }).Id);
    await expect(lead().create({ LastName: 'C', Company: 'D', HubSpot_Contact_Id__c: '42' })).rejects.toMatchObject({
      errorCode: 'DUPLICATE_VALUE',
      message: `duplicate value found: HubSpot_Contact_Id__c duplicates value on record with id: ${first}`,
    });
  });

  it('INVALID_CROSS_REFERENCE_KEY for an OwnerId or WhoId that does not exist; inactive owners are refused too', async () => {
    await expect(lead().create({ LastName: 'A', Company: 'B', OwnerId: '0058d00000000ZZ' })).rejects.toMatchObject({
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
      message: 'invalid cross reference id',
      data: { fields: ['OwnerId'] },
    });
    await expect(h.conn.sobject('Task').create({ Subject: 'x', WhoId: '00Q8d00000000ZZ' })).rejects.toMatchObject({
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
      data: { fields: ['WhoId'] },
    });
    await expect(h.conn.sobject('Task').create({ Subject: 'x', WhoId: h.emu.integrationUserId })).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: `Name ID: id value of incorrect type: ${h.emu.integrationUserId}`,
    });
    await expect(lead().create({ LastName: 'A', Company: 'B', OwnerId: 'garbage' })).rejects.toMatchObject({ errorCode: 'MALFORMED_ID' });
    const gone = h.emu.addUser({ LastName: 'Gone', IsActive: false });
    await expect(lead().create({ LastName: 'A', Company: 'B', OwnerId: gone.Id })).rejects.toMatchObject({ errorCode: 'INACTIVE_OWNER_OR_USER' });
    // A queue that takes Leads can own one; it cannot own a Task.
    await expect(lead().create({ LastName: 'A', Company: 'B', OwnerId: h.emu.intakeQueueId })).resolves.toMatchObject({ success: true });
    await expect(h.conn.sobject('Task').create({ Subject: 'x', OwnerId: h.emu.intakeQueueId })).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
  });

  it('CANNOT_UPDATE_CONVERTED_LEAD once a lead is converted', async () => {
    const id = String(h.emu.insert('Lead', { LastName: 'A', Company: 'B' }).Id);
    expect(h.emu.convertLead(id, h.emu.integrationUserId)).toMatchObject({ success: true });
    await expect(lead().update({ Id: id, Title: 'CFO' })).rejects.toMatchObject({
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
      message: 'cannot reference converted lead',
    });
  });

  it('STRING_TOO_LONG with the field’s max length', async () => {
    await expect(lead().create({ LastName: 'A', Company: 'B', Branch_Id__c: 'x'.repeat(41) })).rejects.toMatchObject({
      errorCode: 'STRING_TOO_LONG',
      message: `Branch: data value too large: ${'x'.repeat(41)} (max length=40)`,
      data: { fields: ['Branch_Id__c'] },
    });
  });

  it('INVALID_FIELD_FOR_INSERT_UPDATE for read-only fields', async () => {
    await expect(lead().create({ LastName: 'A', Company: 'B', IsConverted: true, CreatedDate: '2020-01-01T00:00:00Z' })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message: expect.stringContaining('Unable to create/update fields: IsConverted, CreatedDate.'),
      data: { fields: ['IsConverted', 'CreatedDate'] },
    });
    await expect(h.conn.sobject('User').create({ LastName: 'X' })).rejects.toMatchObject({ errorCode: 'INVALID_TYPE_FOR_OPERATION' });
  });

  it('INVALID_EMAIL_ADDRESS and JSON_PARSER_ERROR for values of the wrong shape', async () => {
    await expect(lead().create({ LastName: 'A', Company: 'B', Email: 'not-an-email' })).rejects.toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS' });
    await expect(lead().create({ LastName: 'A', Company: 'B', Accept_By__c: 'tomorrow' })).rejects.toMatchObject({
      errorCode: 'JSON_PARSER_ERROR',
      message: expect.stringContaining('Cannot deserialize instance of datetime from VALUE_STRING value tomorrow'),
    });
  });
});
