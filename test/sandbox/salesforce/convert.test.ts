/**
 * What simulated RMs do through the emulator as their own users: work the lead, convert it,
 * move the opportunity. Each change is stamped with the RM and announced to listeners.
 */
import type { Record as SfRow } from 'jsforce';
import type { OrgChange } from '../../../src/sandbox/salesforce';
import { raw, startHarness, type Harness } from './harness';

let h: Harness;
let rmId: string;
let rmToken: string;
beforeEach(async () => {
  h = await startHarness();
  rmId = String(h.emu.addUser({ FirstName: 'Rita', LastName: 'Mendes', Branch_Id__c: 'BR-12' }).Id);
  rmToken = h.emu.issueToken(rmId);
});
afterEach(() => h.close());

it('converts a lead as the RM, creating Account, Contact and Opportunity and moving its activities', async () => {
  const leadId = String(h.emu.insert('Lead', { FirstName: 'Ana', LastName: 'Ruiz', Company: 'Ruiz Bakery', Email: 'ana@ruiz.test', OwnerId: rmId }).Id);
  const taskId = String(h.emu.insert('Task', { Subject: 'Accept or return by 11:30', WhoId: leadId, OwnerId: rmId }).Id);
  const changes: OrgChange[] = [];
  h.emu.onChange((c) => changes.push(c));
  h.clock.advance(3600_000);

  const res = await raw(h, 'POST', '/sandbox/salesforce/convertLead', {
    token: rmToken,
    body: { leadId, opportunityName: 'Ruiz Bakery - SBA loan', amount: 250000 },
  });
  expect(res.status).toBe(200);
  const out = res.json as { success: true; accountId: string; contactId: string; opportunityId: string };
  expect(out).toMatchObject({ success: true, leadId, accountId: expect.stringMatching(/^001/), contactId: expect.stringMatching(/^003/), opportunityId: expect.stringMatching(/^006/) });

  const lead = await h.conn.sobject('Lead').retrieve(leadId);
  expect(lead).toMatchObject({
    IsConverted: true,
    ConvertedDate: '2026-01-05',
    Status: 'Closed - Converted',
    ConvertedAccountId: out.accountId,
    ConvertedContactId: out.contactId,
    ConvertedOpportunityId: out.opportunityId,
    LastModifiedById: rmId,
    SystemModstamp: '2026-01-05T15:00:00.000+0000',
  });
  expect(h.emu.get('Opportunity', out.opportunityId)).toMatchObject({
    Name: 'Ruiz Bakery - SBA loan',
    Amount: 250000,
    StageName: 'Prospecting',
    OwnerId: rmId,
    AccountId: out.accountId,
    IsClosed: false,
    CreatedById: rmId,
  });
  expect(h.emu.get('Contact', out.contactId)).toMatchObject({ Name: 'Ana Ruiz', Email: 'ana@ruiz.test', AccountId: out.accountId });
  expect(h.emu.get('Task', taskId)).toMatchObject({ WhoId: out.contactId, WhatId: out.opportunityId, AccountId: out.accountId });
  expect(changes.map((c) => `${c.kind} ${c.sobject} by ${c.userId === rmId ? 'rm' : c.userId}`)).toEqual([
    'create Account by rm',
    'create Contact by rm',
    'create Opportunity by rm',
    'update Lead by rm',
    'update Task by rm',
  ]);

  // The converted lead is read-only; the opportunity moves on through the API.
  const rm = h.connect(rmToken);
  await rm.sobject('Opportunity').update({ Id: out.opportunityId, StageName: 'Funded' });
  expect(h.emu.get('Opportunity', out.opportunityId)).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100, LastModifiedById: rmId });
  const polled = await h.conn.query<SfRow>("SELECT Id, StageName, Amount FROM Opportunity WHERE IsWon = true AND StageName = 'Funded'");
  expect(polled.totalSize).toBe(1);
  const again = await raw(h, 'POST', '/sandbox/salesforce/convertLead', { token: rmToken, body: { leadId } });
  expect(again.json).toEqual([{ message: 'cannot reference converted lead', errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: [] }]);
});

it('needs a user owner when the lead sits in a queue, and leaves nothing behind when it fails', () => {
  const leadId = String(h.emu.insert('Lead', { LastName: 'Q', Company: 'Queue Co', OwnerId: h.emu.intakeQueueId }).Id);
  expect(h.emu.convertLead(leadId, rmId)).toMatchObject({ success: false, errors: [{ errorCode: 'INVALID_CROSS_REFERENCE_KEY' }] });
  expect(h.emu.convertLead(leadId, rmId, { stageName: 'Not a stage' })).toMatchObject({ success: false });
  expect(h.emu.records('Account')).toEqual([]);
  const ok = h.emu.convertLead(leadId, rmId, { ownerId: rmId, doNotCreateOpportunity: true });
  expect(ok).toMatchObject({ success: true, opportunityId: null });
  expect(h.emu.get('Lead', leadId)).toMatchObject({ IsConverted: true, ConvertedOpportunityId: null });
});

it('lets an RM accept or return a lead as themselves, with Sforce-Auto-Assign FALSE keeping the owner', async () => {
  const leadId = String(h.emu.insert('Lead', { LastName: 'R', Company: 'C', OwnerId: rmId, Handoff_Status__c: 'Pending' }).Id);
  const rm = h.connect(rmToken);
  await rm.sobject('Lead').update({ Id: leadId, Handoff_Status__c: 'Returned', Return_Reason__c: 'Wrong_Product' }, { headers: { 'Sforce-Auto-Assign': 'FALSE' } });
  expect(h.emu.get('Lead', leadId)).toMatchObject({ Handoff_Status__c: 'Returned', Return_Reason__c: 'Wrong_Product', OwnerId: rmId, LastModifiedById: rmId });
  const since = await h.conn.query<SfRow>(`SELECT Id, LastModifiedBy.Name FROM Lead WHERE LastModifiedById = '${rmId}'`);
  expect(since.records.map((r) => (r.LastModifiedBy as { Name: string }).Name)).toEqual(['Rita Mendes']);
});
