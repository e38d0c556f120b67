/**
 * A lead routed to a queue is answered: a simulated member of the contact center takes it from
 * the queue and accepts it as themselves, and Handoff records that member as the lead's owner
 * (in its database, in the audit trail, and on the HubSpot contact).
 */
import type { E2E } from './support';
import { pastSearchLag, readyContact, startE2E } from './support';

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ sandbox: { rmPolicies: { defaults: { accept: 1, return: 0, ignore: 0, answerMinutes: [10, 10], call: 0 } } } });
});
afterAll(async () => e?.close());

it('a contact-center lead is taken and accepted by a member, who becomes its owner in Handoff', async () => {
  const id = e.sandbox.hubspot.createContact(readyContact(3, { lead_kind: 'referral', referral_source: 'partner:acme_mortgage' }), { source: 'IMPORT' }).id;
  e.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
  pastSearchLag(e.clock);
  expect((await e.daemon.syncOnce()).errors).toEqual([]);

  const leadOf = () => e.sandbox.salesforce.records('Lead').find((l) => l['HubSpot_Contact_Id__c'] === id)!;
  const queue = e.sandbox.roster.queues['contact_center'];
  expect(leadOf()['OwnerId']).toBe(queue);
  const row = async () =>
    (await e.db.query<{ state: string; owner_kind: string; owner_id: string }>('SELECT state, owner_kind, owner_id FROM leads WHERE hubspot_contact_id = $1', [id])).rows[0];
  expect(await row()).toEqual({ state: 'routed', owner_kind: 'queue', owner_id: 'contact_center' });

  expect(await e.sandbox.rms.tick()).toEqual([]); // a member sees it now and answers after their 10 working minutes
  e.clock.advance(10 * 60_000);
  const reports = await e.sandbox.rms.tick();
  expect(reports).toEqual([expect.objectContaining({ action: 'accept', ok: true, leadId: leadOf()['Id'], detail: { queue: 'contact_center' } })]);
  const member = e.sandbox.roster.byRmId.get(reports[0]!.rmId)!;
  expect(e.sandbox.roster.queueMembers['contact_center']).toContain(member);
  expect(leadOf()).toMatchObject({ OwnerId: member.userId, LastModifiedById: member.userId, Handoff_Status__c: 'Accepted' });

  pastSearchLag(e.clock);
  expect((await e.daemon.syncOnce()).errors).toEqual([]);
  expect(await row()).toEqual({ state: 'accepted', owner_kind: 'rm', owner_id: member.rm.id });
  const audit = await e.db.query<{ data: { by: string | null } }>(
    `SELECT a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.type = 'accepted'`,
    [id],
  );
  expect(audit.rows).toEqual([{ data: expect.objectContaining({ by: member.rm.id, onTime: true }) }]);
  expect(e.sandbox.hubspot.getContact(id)!.properties).toMatchObject({ handoff_owner: member.rm.name });
  // Handoff leaves the member's ownership as it is in Salesforce.
  expect(leadOf()['OwnerId']).toBe(member.userId);
}, 60_000);
