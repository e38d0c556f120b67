import { contactToLead, diffSnapshots, markWritten, reconcileRecord } from '../../../../src/domain/sync';
import type { HubspotContact, SalesforceLead, SyncSnapshot } from '../../../../src/domain/sync';
import { config, contact, lead, T } from './support';

const start = contact({
  email: 'ann.lee@example.com', firstname: 'Ann', lastname: 'Lee', phone: '(415) 555-2671', company: '', city: 'San Francisco',
  state: 'CA', zip: '94105', product_interest: 'mortgage', customer_segment: 'consumer', lead_kind: 'lead', hs_analytics_source: 'PAID_SEARCH',
  hs_email_optout: 'false', do_not_call: 'false', tcpa_phone_consent: 'true', tcpa_consent_date: T(0), salesforce_lead_id: '00Q000000000001AAA',
}, { updatedAt: T(1) });
const created = lead({ ...contactToLead(start, config).fields, LastModifiedDate: T(2) });

/**
 * One cycle, then Handoff's writes applied to both records as the systems would hold them, and
 * the snapshot told they landed (what the engine does when the outbox reports success).
 */
function cycle(before: SyncSnapshot | undefined, c: HubspotContact, l: SalesforceLead, writtenAt = 30) {
  const r = reconcileRecord({ before, contact: c, lead: l }, config);
  const contactAfter = { ...c, properties: { ...c.properties, ...r.hubspot }, updatedAt: Object.keys(r.hubspot).length ? T(writtenAt) : c.updatedAt };
  const leadAfter = { ...l, ...r.salesforce, LastModifiedDate: Object.keys(r.salesforce).length ? T(writtenAt) : l.LastModifiedDate };
  return { ...r, snapshot: markWritten(r.snapshot, { hubspot: r.hubspot, salesforce: r.salesforce }, config), contactAfter, leadAfter };
}

describe('reconcileRecord: a linked pair, every mapped field', () => {
  const first = cycle(undefined, start, created);

  it('a Lead just made from its contact needs no writes, and a second look is a quiet cycle', () => {
    expect(first.hubspot).toEqual({});
    expect(first.salesforce).toEqual({});
    expect(first.problems).toEqual([]);
    const again = cycle(first.snapshot, first.contactAfter, first.leadAfter);
    expect(again.hubspot).toEqual({});
    expect(again.salesforce).toEqual({});
    expect(diffSnapshots(first.snapshot, again.snapshot)).toEqual([]);
  });

  it('writes the link fields when either side lacks them', () => {
    const unlinked = contact({ ...start.properties, salesforce_lead_id: null });
    const r = reconcileRecord({ contact: unlinked, lead: { ...created, HubSpot_Contact_Id__c: null } }, config);
    expect(r.hubspot).toEqual({ salesforce_lead_id: '00Q000000000001AAA' });
    expect(r.salesforce).toEqual({ HubSpot_Contact_Id__c: '5101' });
  });

  it('an RM’s phone correction in Salesforce reaches HubSpot (crm_unless_blank)', () => {
    const r = cycle(first.snapshot, start, { ...created, Phone: '312-555-0100', LastModifiedDate: T(10) });
    expect(r.hubspot).toEqual({ phone: '+13125550100' });
    expect(r.salesforce).toEqual({});
    expect(diffSnapshots(first.snapshot, r.snapshot)).toEqual([{ field: 'phone', before: '+14155552671', after: '+13125550100' }]);
  });

  it('uses HubSpot’s property history for the change time, so an older HubSpot edit loses to a newer Salesforce one', () => {
    const hs = contact({ ...start.properties, email: 'ann@newmail.example' }, {
      updatedAt: T(20), // another property changed at 20
      propertiesWithHistory: { email: [{ value: 'ann@newmail.example', timestamp: T(8) }, { value: 'ann.lee@example.com', timestamp: T(0) }] },
    });
    const r = cycle(first.snapshot, hs, { ...created, Email: 'ann@work.example', LastModifiedDate: T(9) });
    expect(r.snapshot.fields.email).toMatchObject({ value: 'ann@work.example', changedAt: T(9), source: 'salesforce' });
    expect(r.hubspot).toEqual({ email: 'ann@work.example' });
    expect(r.reasons.email).toBe('salesforce_newer');
  });

  it('a changed surname moves the Company placeholder with it, and never sends it to HubSpot', () => {
    const hs = contact({ ...start.properties, lastname: 'Lee-Park' }, { updatedAt: T(12) });
    const r = cycle(first.snapshot, hs, created);
    expect(r.salesforce).toEqual({ LastName: 'Lee-Park', Company: 'Ann Lee-Park' });
    expect(r.hubspot).toEqual({});
    const quiet = cycle(r.snapshot, r.contactAfter, r.leadAfter);
    expect([quiet.hubspot, quiet.salesforce]).toEqual([{}, {}]);
  });

  it('a TCPA withdrawal in Salesforce reaches HubSpot; only a newer dated consent in HubSpot restores it', () => {
    const withdrawn = cycle(first.snapshot, start, { ...created, TCPA_Consent__c: false, LastModifiedDate: T(15) });
    expect(withdrawn.hubspot).toEqual({ tcpa_phone_consent: 'false' });
    expect(withdrawn.snapshot.fields.tcpa_consent).toMatchObject({ value: false, revokedAt: T(15) });

    // Marketing ticks the box again without a new consent date: held, and written back.
    const ticked = contact({ ...withdrawn.contactAfter.properties, tcpa_phone_consent: 'true' }, { updatedAt: T(40) });
    const held = cycle(withdrawn.snapshot, ticked, withdrawn.leadAfter, 41);
    expect(held.hubspot).toEqual({ tcpa_phone_consent: 'false' });
    expect(held.reasons.tcpa_consent).toBe('consent_revocation_held');

    // A new web form records consent at 50: that is a re-consent, and both systems get it.
    const reconsent = contact({ ...held.contactAfter.properties, tcpa_phone_consent: 'true', tcpa_consent_date: T(50) }, { updatedAt: T(51) });
    const lifted = cycle(held.snapshot, reconsent, held.leadAfter, 52);
    expect(lifted.salesforce).toEqual({ TCPA_Consent__c: true, TCPA_Consent_Date__c: T(50) });
    expect(lifted.reasons.tcpa_consent).toBe('consent_reconsented');
  });

  it('once told a write landed, sees a person set the old value back; untold, it cannot', () => {
    // The RM renames Ann to Anne in Salesforce; Handoff writes Anne to HubSpot.
    const renamed = { ...created, FirstName: 'Anne', LastModifiedDate: T(10) };
    const told = cycle(first.snapshot, start, renamed);
    expect(told.hubspot).toEqual({ firstname: 'Anne' });
    expect(told.salesforce).toEqual({ Company: 'Anne Lee' }); // the placeholder follows the name
    const untold = reconcileRecord({ before: first.snapshot, contact: start, lead: renamed }, config).snapshot;
    // Marketing puts "Ann" back in HubSpot at 40.
    const back = contact({ ...told.contactAfter.properties, firstname: 'Ann' }, { updatedAt: T(40) });
    expect(reconcileRecord({ before: told.snapshot, contact: back, lead: told.leadAfter }, config).salesforce).toEqual({ FirstName: 'Ann', Company: 'Ann Lee' });
    expect(reconcileRecord({ before: untold, contact: back, lead: told.leadAfter }, config).hubspot).toEqual({ firstname: 'Anne' });
  });

  it('creates nothing for a contact with no Lead yet, but settles its values', () => {
    const r = reconcileRecord({ contact: start }, config);
    expect([r.hubspot, r.salesforce]).toEqual([{}, {}]);
    expect(r.snapshot.fields.product?.value).toBe('mortgage');
  });
});
