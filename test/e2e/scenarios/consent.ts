/**
 * Consent is monotonic across both systems (RELIABILITY "Consent is monotonic"): an opt-out made
 * in Salesforce (email, phone, texts) reaches HubSpot in one cycle, the email one as an
 * unsubscribe from every subscription type (hs_email_optout is read-only and stays as it was);
 * one made in HubSpot reaches Salesforce; the cycle after is quiet; a later attempt to opt back
 * in, on either side, never clears the revocation on the other, and nobody is resubscribed.
 */
import { DEFAULT_SUBSCRIPTION_TYPES } from '../../../src/sandbox/hubspot/preferences/store';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { callSplit, createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

const TYPES = DEFAULT_SUBSCRIPTION_TYPES.map((t) => t.id);
const UNSUBSCRIBE = 'hubspot POST /communication-preferences/v3/unsubscribe';
const SUBSCRIBE = 'hubspot POST /communication-preferences/v3/subscribe';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function consentBothWays(backend: Backend): void {
  let e: E2E;
  let fromSalesforce: { contactId: string; leadId: string; ownerId: string };
  let fromHubspot: { contactId: string; leadId: string };
  beforeAll(async () => {
    e = await startE2E({ backend });
    const ids = createAndQualify(e.sandbox, 0, 2) as [string, string];
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    const leads = leadsByContact(e.sandbox);
    const lead = (id: string) => leads.get(id)![0]!;
    fromSalesforce = { contactId: ids[0], leadId: String(lead(ids[0])['Id']), ownerId: String(lead(ids[0])['OwnerId']) };
    fromHubspot = { contactId: ids[1], leadId: String(lead(ids[1])['Id']) };
  });
  afterAll(async () => e?.close());

  const contact = (id: string) => e.sandbox.hubspot.getContact(id)!.properties;
  const sfLead = (id: string) => e.sandbox.salesforce.get('Lead', id)!;
  const statuses = (contactId: string) => TYPES.map((t) => e.sandbox.hubspot.preferences.statusOf(contact(contactId).email!, t));
  const cycle = async () => {
    pastSearchLag(e.clock);
    const r = await e.daemon.syncOnce();
    expect(r.errors).toEqual([]);
    return r;
  };
  const expectQuiet = async () => {
    e.sandbox.resetCounts();
    const quiet = await cycle();
    const calls = callSplit(e.sandbox);
    expect({ hubspot: calls.hubspot.writes, salesforce: calls.salesforce.writes }).toEqual({ hubspot: 0, salesforce: 0 });
    expect(quiet.dispatch?.sent).toBe(0);
  };
  const trail = async (leadId: string, type: string) =>
    (await e.db.query<{ summary: string; data: Record<string, unknown> }>(`SELECT a.summary, a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.salesforce_lead_id = $1 AND a.type = $2 ORDER BY a.seq`, [leadId, type])).rows;

  it('an opt-out set in Salesforce reaches HubSpot: do-not-call and texts as properties, email as unsubscribes; the next cycle makes no write call', async () => {
    expect(statuses(fromSalesforce.contactId)).toEqual(['SUBSCRIBED', 'SUBSCRIBED', 'SUBSCRIBED']);
    const optOutBefore = contact(fromSalesforce.contactId).hs_email_optout ?? null;
    e.clock.advance(5 * 60_000);
    // The RM records the customer's opt-outs on the Lead, as themselves.
    e.sandbox.salesforce.update('Lead', fromSalesforce.leadId, { HasOptedOutOfEmail: true, DoNotCall: true, SMS_Opt_Out__c: true }, fromSalesforce.ownerId);
    e.clock.advance(1_000);
    e.sandbox.resetCounts();
    await cycle();

    expect(contact(fromSalesforce.contactId)).toMatchObject({ do_not_call: 'true', sms_opt_out: 'true' });
    expect(statuses(fromSalesforce.contactId)).toEqual(['NOT_SUBSCRIBED', 'NOT_SUBSCRIBED', 'NOT_SUBSCRIBED']);
    // hs_email_optout is HubSpot's own (portal-wide) flag: Handoff never wrote it.
    expect(contact(fromSalesforce.contactId).hs_email_optout ?? null).toBe(optOutBefore);
    expect(callSplit(e.sandbox).byRoute[UNSUBSCRIBE]).toBe(TYPES.length);
    expect(await trail(fromSalesforce.leadId, 'consent_delivered')).toEqual([
      {
        summary: 'Email opt-out delivered to HubSpot: unsubscribed from 3 subscription types',
        data: { field: 'email_opt_out', system: 'hubspot', via: 'communication_preferences', unsubscribed: TYPES, already: [] },
      },
    ]);

    await expectQuiet();
    // Reconciliation sees nothing lacking either: the delivery is recorded, hs_email_optout is not written.
    e.sandbox.resetCounts();
    const report = await e.daemon.pipeline.reconcile();
    expect(report).toMatchObject({ drifted: 0, repaired: 0 });
    expect(callSplit(e.sandbox).hubspot.writes + callSplit(e.sandbox).salesforce.writes).toBe(0);
  }, 60_000);

  it('an opt-out set in HubSpot reaches Salesforce, and HubSpot is asked for no unsubscribe', async () => {
    e.clock.advance(5 * 60_000);
    e.sandbox.hubspot.updateContact(fromHubspot.contactId, { hs_email_optout: 'true', do_not_call: 'true', sms_opt_out: 'true' });
    e.sandbox.resetCounts();
    await cycle();
    expect(sfLead(fromHubspot.leadId)).toMatchObject({ HasOptedOutOfEmail: true, DoNotCall: true, SMS_Opt_Out__c: true });
    expect(callSplit(e.sandbox).byRoute[UNSUBSCRIBE]).toBeUndefined();
    await expectQuiet();
  }, 60_000);

  it('a later re-opt-in on one side never clears the revocation on the other, and nobody is resubscribed', async () => {
    // In Salesforce: the RM unticks all three. Salesforce gets the revocations back; HubSpot keeps them.
    e.clock.advance(5 * 60_000);
    e.sandbox.salesforce.update('Lead', fromSalesforce.leadId, { HasOptedOutOfEmail: false, DoNotCall: false, SMS_Opt_Out__c: false }, fromSalesforce.ownerId);
    e.clock.advance(1_000);
    await cycle();
    await cycle();
    expect(sfLead(fromSalesforce.leadId)).toMatchObject({ HasOptedOutOfEmail: true, DoNotCall: true, SMS_Opt_Out__c: true });
    expect(contact(fromSalesforce.contactId)).toMatchObject({ do_not_call: 'true', sms_opt_out: 'true' });
    expect(statuses(fromSalesforce.contactId)).toEqual(['NOT_SUBSCRIBED', 'NOT_SUBSCRIBED', 'NOT_SUBSCRIBED']);

    // In HubSpot: a user clears all three. HubSpot gets do-not-call and texts back, the email is
    // unsubscribed (HubSpot no longer shows the opt-out), and Salesforce keeps every revocation.
    e.clock.advance(5 * 60_000);
    e.sandbox.resetCounts();
    e.sandbox.hubspot.updateContact(fromHubspot.contactId, { hs_email_optout: 'false', do_not_call: 'false', sms_opt_out: 'false' });
    await cycle();
    await cycle();
    expect(contact(fromHubspot.contactId)).toMatchObject({ do_not_call: 'true', sms_opt_out: 'true' });
    expect(sfLead(fromHubspot.leadId)).toMatchObject({ HasOptedOutOfEmail: true, DoNotCall: true, SMS_Opt_Out__c: true });
    expect(statuses(fromHubspot.contactId)).toEqual(['NOT_SUBSCRIBED', 'NOT_SUBSCRIBED', 'NOT_SUBSCRIBED']);
    expect(callSplit(e.sandbox).byRoute[SUBSCRIBE]).toBeUndefined();
    await expectQuiet();
  }, 60_000);
}
