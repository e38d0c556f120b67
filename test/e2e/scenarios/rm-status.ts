/**
 * What RMs set in Salesforce, as themselves, reaches HubSpot within one poll cycle: an acceptance,
 * a return with a reason (recycled: the lifecycle stage moves back, cleared first, and the contact
 * joins the reason's nurture list), a worked lead (contacted). The cycle after that is quiet: it
 * reads our own writes back and makes no write call to either system.
 */
import { leadStory } from '../../../src/ops/explain';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { callSplit, createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function rmStatus(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());

  it('carries an RM’s accept, return and contact to HubSpot in one cycle, then makes no write call', async () => {
    const contactIds = createAndQualify(e.sandbox, 0, 6);
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);

    const leads = leadsByContact(e.sandbox);
    const rmOf = new Map(e.sandbox.roster.users.map((u) => [u.userId, u]));
    const rmLeads = contactIds.map((id) => ({ contactId: id, lead: leads.get(id)![0]! })).filter((x) => rmOf.has(String(x.lead['OwnerId'])));
    expect(rmLeads.length).toBeGreaterThanOrEqual(3);
    const [accepted, returned, worked] = rmLeads as [(typeof rmLeads)[0], (typeof rmLeads)[0], (typeof rmLeads)[0]];
    const asOwner = (x: (typeof rmLeads)[0], fields: Record<string, unknown>) => e.sandbox.salesforce.update('Lead', String(x.lead['Id']), fields, String(x.lead['OwnerId']));

    // HubSpot contact writes, in the order they arrive, to check the two-step lifecycle move.
    const contactWrites: { id: string; properties: Record<string, string> }[] = [];
    e.sandbox.hubspot.intercept((req, _res, key) => {
      if (key === 'POST /crm/v3/objects/contacts/batch/update') contactWrites.push(...(req.body as { inputs: { id: string; properties: Record<string, string> }[] }).inputs);
      return false;
    });

    e.clock.advance(5 * 60_000);
    asOwner(accepted, { Handoff_Status__c: 'Accepted' });
    asOwner(returned, { Handoff_Status__c: 'Returned', Return_Reason__c: 'Not_Ready_Timing' });
    asOwner(worked, { Status: 'Working - Contacted' });
    e.clock.advance(1_000);

    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);

    const contact = (x: (typeof rmLeads)[0]) => e.sandbox.hubspot.getContact(x.contactId)!.properties;
    const { statuses } = e.sandbox.mappings;
    const nurture = e.sandbox.mappings.recycle.reasons.Not_Ready_Timing;
    expect(contact(accepted)).toMatchObject({ ...statuses.outbound.accepted.hubspot, handoff_owner: rmOf.get(String(accepted.lead['OwnerId']))!.rm.name });
    // Accepted is what makes the contact sales-qualified; a lead routed and not yet taken stays an MQL.
    expect(contact(accepted).lifecyclestage).toBe('salesqualifiedlead');
    const untouched = contactIds.filter((id) => ![accepted, returned, worked].some((x) => x.contactId === id)).map((id) => e.sandbox.hubspot.getContact(id)!.properties);
    expect(untouched.length).toBeGreaterThan(0);
    expect(untouched.map((p) => [p.handoff_status, p.lifecyclestage, p.hs_lead_status])).toEqual(untouched.map(() => ['routed', 'marketingqualifiedlead', 'OPEN']));
    expect(contact(returned)).toMatchObject({
      ...statuses.outbound.recycled.hubspot,
      ...e.sandbox.mappings.recycle.default.hubspot,
      handoff_return_reason: 'Not_Ready_Timing',
    });
    expect(contact(worked)).toMatchObject(statuses.outbound.contacted.hubspot);

    // The stage went back from marketingqualifiedlead (it was never accepted) to lead through a blank, in two writes.
    const stages = contactWrites.filter((w) => w.id === returned.contactId && 'lifecyclestage' in w.properties).map((w) => w.properties.lifecyclestage);
    expect(stages).toEqual(['', e.sandbox.mappings.recycle.default.hubspot?.lifecyclestage]);
    const list = e.sandbox.hubspot.lists.all().find((l) => l.name === nurture?.list);
    expect(list ? [...list.members.keys()] : []).toContain(returned.contactId);
    // Salesforce shows the recycle too (Lead Status), and the accepted Lead keeps its answer.
    expect(e.sandbox.salesforce.get('Lead', String(returned.lead['Id']))).toMatchObject(statuses.outbound.recycled.salesforce);
    expect(e.sandbox.salesforce.get('Lead', String(accepted.lead['Id']))).toMatchObject({ Handoff_Status__c: 'Accepted' });
    // `handoff explain` tells the return and the recycling, found by the Salesforce Lead id.
    const story = await leadStory(e.db, e.sandbox.mappings, String(returned.lead['Id']));
    expect(story.lead).toMatchObject({ state: 'recycled', recycleCount: 1 });
    const owner = rmOf.get(String(returned.lead['OwnerId']))!.rm.name.replace(/ \(.*\)$/, '');
    expect(story.events.map((x) => [x.type, x.title]).slice(-2)).toEqual([
      ['returned', `Returned by ${owner}: Not_Ready_Timing`],
      ['recycled', `Recycled to marketing into "${nurture!.list}"`],
    ]);

    pastSearchLag(e.clock);
    e.sandbox.resetCounts();
    const quiet = await e.daemon.syncOnce();
    expect(quiet.errors).toEqual([]);
    expect(quiet.polled.hubspot?.read).toBeGreaterThan(0);
    const calls = callSplit(e.sandbox);
    expect({ hubspot: calls.hubspot.writes, salesforce: calls.salesforce.writes }).toEqual({ hubspot: 0, salesforce: 0 });
    expect(quiet.dispatch?.sent).toBe(0);
  }, 60_000);
}
