import fc from 'fast-check';
import { contactToLead, flows, leadToContact, toCanonical } from '../../../../src/domain/sync';
import { config, contact, contextWith, ctx, lead } from './support';

const ann = contact({
  email: ' Ann.Lee@Example.COM ', firstname: 'Ann', lastname: 'Lee', phone: '(415) 555-2671', mobilephone: '',
  company: '', address: '1 Market St', city: 'san francisco', state: 'ca', zip: '94105', hs_language: 'EN',
  product_interest: 'mortgage', customer_segment: 'consumer', lead_kind: 'referral', referral_source: ' Branch staff ',
  hs_analytics_source: 'PAID_SEARCH', hs_email_optout: 'false', do_not_call: '', tcpa_phone_consent: 'true',
  tcpa_consent_date: '2025-03-01T15:04:05.678Z', documents_ready: 'true', income_band: '100k_250k',
});

describe('which way each rule flows', () => {
  it.each([
    ['two_way', true, true],
    ['prefer_map', true, false],
    ['prefer_crm', false, true],
    ['none', false, false],
  ] as const)('%s: map→crm %s, crm→map %s (crm blank or not)', (rule, toCrm, toMap) => {
    for (const blank of [true, false]) {
      expect(flows(rule, 'map_to_crm', blank)).toBe(toCrm);
      expect(flows(rule, 'crm_to_map', blank)).toBe(toMap);
    }
  });

  it('crm_unless_blank flows to Salesforce only where Salesforce is blank, and back only where it is not', () => {
    expect([flows('crm_unless_blank', 'map_to_crm', true), flows('crm_unless_blank', 'map_to_crm', false)]).toEqual([true, false]);
    expect([flows('crm_unless_blank', 'crm_to_map', true), flows('crm_unless_blank', 'crm_to_map', false)]).toEqual([false, true]);
  });
});

describe('contactToLead', () => {
  it('builds a new Lead from a contact with the default mappings', () => {
    expect(contactToLead(ann, config)).toEqual({
      fields: {
        HubSpot_Contact_Id__c: '5101',
        Email: 'ann.lee@example.com',
        FirstName: 'Ann',
        LastName: 'Lee',
        Phone: '+14155552671',
        Company: 'Ann Lee',
        Street: '1 Market St',
        City: 'San Francisco',
        State: 'CA',
        PostalCode: '94105',
        Preferred_Language__c: 'en',
        Product_Interest__c: 'Mortgage',
        Segment__c: 'Consumer',
        Lead_Kind__c: 'Referral',
        Referral_Source__c: 'Branch staff',
        LeadSource: 'Web',
        HasOptedOutOfEmail: false,
        DoNotCall: false,
        SMS_Opt_Out__c: false,
        TCPA_Consent__c: true,
        TCPA_Consent_Date__c: '2025-03-01T15:04:05.000Z',
        Documents_Ready__c: true,
        Income_Band__c: '100k-250k',
      },
      problems: [],
    });
  });

  it('fills Company from the next when_blank template when the name is missing too', () => {
    const r = contactToLead(contact({ email: 'x@example.com', lastname: '', company: '' }), config);
    expect(r.fields.Company).toBe('Individual');
    expect(r.problems).toEqual([
      { code: 'required_blank', field: 'last_name', side: 'salesforce', message: 'last_name: Salesforce requires LastName on a new Lead and the contact has none' },
    ]);
  });

  it('keeps a real company', () => {
    expect(contactToLead(contact({ lastname: 'Lee', company: ' Acme Bakery ' }), config).fields.Company).toBe('Acme Bakery');
  });

  it('sends crm_unless_blank fields to an existing Lead only where the Lead is blank', () => {
    const existing = lead({ Phone: '+13125550100', City: null, Company: 'Ann Lee', LastName: 'Lee', FirstName: 'Ann' });
    const r = contactToLead(ann, config, { lead: existing });
    expect(r.fields.Phone).toBeUndefined();
    expect(r.fields.City).toBe('San Francisco');
    // The Lead's Company is Handoff's own placeholder, which counts as blank.
    expect(r.fields.Company).toBe('Ann Lee');
  });

  it('leaves out prefer_crm and none fields, but a consent restriction crosses whatever the rule', () => {
    const c = contextWith({ first_name: { sync: 'prefer_crm' }, last_name: { sync: 'none' }, do_not_call: { sync: 'prefer_crm' }, email_opt_out: { sync: 'none' } });
    const r = contactToLead(contact({ firstname: 'Ann', lastname: 'Lee', do_not_call: 'true', hs_email_optout: 'false' }), c);
    expect(r.fields).not.toHaveProperty('FirstName');
    expect(r.fields).not.toHaveProperty('LastName');
    expect(r.fields.DoNotCall).toBe(true);
    expect(r.fields).not.toHaveProperty('HasOptedOutOfEmail');
  });

  it('reports fields it cannot convert and still maps the rest', () => {
    const r = contactToLead(contact({ lastname: 'Lee', phone: 'ask for Ann', product_interest: 'timeshare' }), config);
    expect(r.fields).not.toHaveProperty('Phone');
    expect(r.fields).not.toHaveProperty('Product_Interest__c');
    expect(r.fields.LastName).toBe('Lee');
    expect(r.problems.map((p) => [p.code, p.field])).toEqual([['invalid_phone', 'phone'], ['unknown_picklist_value', 'product']]);
  });
});

describe('leadToContact', () => {
  const rmEdited = lead({
    Email: 'ann.lee@example.com', FirstName: 'Ann', LastName: 'Lee', Phone: '312.555.0100', Company: 'Ann Lee', City: 'CHICAGO',
    State: 'il', PostalCode: '60601', Product_Interest__c: 'Checking', Segment__c: 'Wealth', Lead_Kind__c: 'Lead', LeadSource: 'Phone Inquiry',
    HasOptedOutOfEmail: true, DoNotCall: false, TCPA_Consent__c: false, Street: null, Income_Band__c: '50k-100k',
  });

  it('carries the Lead id and the fields Salesforce may win, never the prefer_map ones', () => {
    expect(leadToContact(rmEdited, config)).toEqual({
      properties: {
        salesforce_lead_id: '00Q000000000001AAA',
        email: 'ann.lee@example.com',
        firstname: 'Ann',
        lastname: 'Lee',
        phone: '+13125550100',
        city: 'Chicago',
        state: 'IL',
        zip: '60601',
        customer_segment: 'wealth',
        hs_email_optout: 'true',
        do_not_call: 'false',
        sms_opt_out: 'false',
        tcpa_phone_consent: 'false',
        documents_ready: 'false',
        income_band: '50k_100k',
      },
      problems: [],
    });
  });

  it('sends a real company back to HubSpot, but never the consumer placeholder', () => {
    expect(leadToContact(rmEdited, config).properties).not.toHaveProperty('company');
    expect(leadToContact({ ...rmEdited, Company: 'Lee Dental PLLC' }, config).properties.company).toBe('Lee Dental PLLC');
  });
});

describe('property: contact → Lead → contact keeps every two_way field', () => {
  const twoWay = ctx.fields.filter((f) => f.sync === 'two_way');
  const name = fc.string({ maxLength: 38 });
  const email = fc.emailAddress().filter((e) => e.length <= 70).chain((e) => fc.constantFrom(e, e.toUpperCase(), `  ${e} `));
  const checkbox = fc.constantFrom('true', 'false', 'TRUE', '', null);

  it('for any contact', () => {
    fc.assert(
      fc.property(fc.record({ email, firstname: name, lastname: name, hs_email_optout: checkbox, do_not_call: checkbox, tcpa_phone_consent: checkbox }), (props) => {
        const start = contact(props);
        const { fields } = contactToLead(start, config);
        const back = leadToContact(lead(fields), config).properties;
        for (const f of twoWay) {
          const a = toCanonical(f, 'hubspot', start.properties[f.hubspot], ctx);
          const b = toCanonical(f, 'hubspot', back[f.hubspot], ctx);
          expect([f.name, b]).toEqual([f.name, a]);
        }
      }),
    );
  });
});
