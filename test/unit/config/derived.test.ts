import { buildCalendar, isOpen } from '../../../src/domain/calendar';
import { branchCalendar, rmCalendar } from '../../../src/config/calendars';
import { customFieldsNeeded } from '../../../src/config/custom-fields';
import { loadMappings } from '../../../src/config/load-mappings';
import { DEFAULTS } from './broken-copy';

const config = (() => {
  const { config: c, errors } = loadMappings(DEFAULTS);
  if (!c) throw new Error(errors.map((e) => e.message).join('\n'));
  return c;
})();

describe('custom fields the default mappings need (for install and the sandbox)', () => {
  const needed = customFieldsNeeded(config);

  it('lists the Salesforce Lead custom fields with their types and picklist values', () => {
    expect(needed.salesforce.map((f) => `${f.name}:${f.type}`)).toEqual([
      'Preferred_Language__c:Text',
      'Product_Interest__c:Picklist',
      'Segment__c:Picklist',
      'Lead_Kind__c:Picklist',
      'Referral_Source__c:Text',
      'SMS_Opt_Out__c:Checkbox',
      'TCPA_Consent__c:Checkbox',
      'TCPA_Consent_Date__c:DateTime',
      'Documents_Ready__c:Checkbox',
      'Income_Band__c:Picklist',
    ]);
    const segment = needed.salesforce.find((f) => f.name === 'Segment__c');
    expect(segment?.values?.map((v) => v.value)).toEqual(['Consumer', 'Small Business', 'Commercial', 'Wealth']);
    expect(needed.salesforce.find((f) => f.name === 'Product_Interest__c')?.values).toHaveLength(config.products.products.length);
    expect(needed.salesforce.find((f) => f.name === 'Income_Band__c')?.values?.map((v) => v.value)).toEqual(['Under 50k', '50k-100k', '100k-250k', '250k+']);
  });

  it('lists the HubSpot custom contact properties with their options', () => {
    expect(needed.hubspot.map((p) => `${p.name}:${p.type}/${p.fieldType}`)).toEqual([
      'product_interest:enumeration/select',
      'customer_segment:enumeration/select',
      'lead_kind:enumeration/select',
      'referral_source:string/text',
      'do_not_call:bool/booleancheckbox',
      'sms_opt_out:bool/booleancheckbox',
      'tcpa_phone_consent:bool/booleancheckbox',
      'tcpa_consent_date:datetime/date',
      'documents_ready:bool/booleancheckbox',
      'income_band:enumeration/select',
      // The bank's engagement dates (HubSpot computes the hs_* ones itself).
      'last_rate_page_view:datetime/date',
      'calculator_completed_date:datetime/date',
      'appointment_requested_date:datetime/date',
      'webinar_attended_date:datetime/date',
    ]);
    expect(needed.hubspot.find((p) => p.name === 'lead_kind')?.options?.map((o) => o.value)).toEqual(['lead', 'referral', 'application']);
    expect(needed.hubspot.find((p) => p.name === 'product_interest')?.options?.map((o) => o.value)).toEqual(config.products.products.map((p) => p.id));
  });
});

describe('calendars from the roster', () => {
  it('every branch, queue and RM calendar builds', () => {
    for (const b of [...config.roster.branches, ...config.roster.queues]) expect(() => buildCalendar(branchCalendar(config.roster, b))).not.toThrow();
    for (const rm of config.roster.rms) {
      const spec = rmCalendar(config.roster, rm);
      expect(spec).toBeDefined();
      expect(() => buildCalendar(spec!)).not.toThrow();
    }
  });

  it("an RM's own hours override the branch's, in the branch's zone, and out-of-office closes them", () => {
    const brooks = config.roster.rms.find((r) => r.id === 'michael_brooks')!;
    const cal = buildCalendar(rmCalendar(config.roster, brooks)!);
    expect(cal.timeZone).toBe('America/Chicago');
    // Thursday 2026-12-03 10:00 Chicago: the Evanston branch is open, the part-timer is not.
    const thursday = new Date('2026-12-03T16:00:00Z');
    expect(isOpen(buildCalendar(branchCalendar(config.roster, config.roster.branches.find((b) => b.id === 'evanston')!)), thursday)).toBe(true);
    expect(isOpen(cal, thursday)).toBe(false);
    expect(isOpen(cal, new Date('2026-12-07T16:00:00Z'))).toBe(true);

    const tanaka = buildCalendar(rmCalendar(config.roster, config.roster.rms.find((r) => r.id === 'yuki_tanaka')!)!);
    expect(isOpen(tanaka, new Date('2026-12-22T15:00:00Z'))).toBe(false);
    expect(isOpen(tanaka, new Date('2026-12-18T15:00:00Z'))).toBe(true);
  });
});
