import { loadMappings } from '../../../src/config/load-mappings';
import { at, brokenCopy, errorLines, removeCopies } from './broken-copy';

afterAll(removeCopies);

describe('fields.yaml checks', () => {
  it('refuses fields Handoff owns, unknown standard fields, and picklists that cannot map back', () => {
    const dir = brokenCopy(
      { file: 'fields.yaml', find: '    salesforce: City', replace: '    salesforce: Handoff_Status__c' },
      { file: 'fields.yaml', find: '    salesforce: Street', replace: '    salesforce: Stret' },
      { file: 'fields.yaml', find: '    sync: prefer_map\n    values:\n      lead: Lead\n      referral: Referral', replace: '    sync: two_way\n    values:\n      lead: Lead\n      referral: Lead' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', 'Stret')} fields[6].salesforce: unknown Salesforce Lead field "Stret"; expected a standard Lead field, or a custom field ending in __c (did you mean "Street"?)`,
      `${at(dir, 'fields.yaml', 'Handoff_Status__c')} fields[7].salesforce: Handoff_Status__c is written by Handoff itself (statuses.yaml or routing); do not map it here`,
      `${at(dir, 'fields.yaml', 'referral: Lead', 'referral: '.length)} fields[13].values.referral: "referral" and "lead" both map to "Lead", so a change made in Salesforce cannot be mapped back; make the values one-to-one or use sync: prefer_map`,
    ]);
  });

  it('needs Company with a default for consumers, and checks template fields', () => {
    const dir = brokenCopy({ file: 'fields.yaml', find: '["{first_name} {last_name}", "Individual"]', replace: '["{first_name} {lastname}"]' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', '"{first_name} {lastname}"')} fields[5].when_blank[0]: unknown field "lastname"; expected a field name from this file, as in "{first_name} {last_name}" (did you mean "last_name"?)`,
    ]);
    const noDefault = brokenCopy({ file: 'fields.yaml', find: '    when_blank: ["{first_name} {last_name}", "Individual"]\n', replace: '' });
    expect(errorLines(noDefault)).toEqual([
      `${at(noDefault, 'fields.yaml', 'name: company')} fields[5]: Company is required on a Salesforce Lead but consumers have none; add when_blank, e.g. ["{first_name} {last_name}", "Individual"]`,
    ]);
  });

  it('refuses a consent flag on a read-only HubSpot property, except the email opt-out Handoff delivers by unsubscribing', () => {
    const dir = brokenCopy(
      { file: 'fields.yaml', find: '    hubspot: do_not_call', replace: '    hubspot: lastmodifieddate' },
      { file: 'fields.yaml', find: '    salesforce: DoNotCall\n    type: checkbox\n    sync: two_way\n    consent: opt_out', replace: '    salesforce: DoNotCall\n    type: checkbox\n    sync: two_way\n    consent: opt_out\n    unsubscribe_from: [7736001]' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', 'lastmodifieddate')} fields[17].hubspot: lastmodifieddate is read-only in HubSpot, so a revocation of do_not_call made in Salesforce could never reach HubSpot; map it to a property Handoff can write (only hs_email_optout with consent: opt_out is delivered another way, through HubSpot's subscription preferences)`,
      `${at(dir, 'fields.yaml', '[7736001]')} fields[17].unsubscribe_from: unsubscribe_from applies only to the email opt-out (hubspot: hs_email_optout with consent: opt_out)`,
    ]);
    const listed = brokenCopy({ file: 'fields.yaml', find: '    salesforce: HasOptedOutOfEmail\n    type: checkbox\n    sync: two_way\n    consent: opt_out', replace: '    salesforce: HasOptedOutOfEmail\n    type: checkbox\n    sync: two_way\n    consent: opt_out\n    unsubscribe_from: [7736001, "7736002"]' });
    const loaded = loadMappings(listed);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config?.fields.fields.find((f) => f.name === 'email_opt_out')?.unsubscribe_from).toEqual(['7736001', '7736002']);
  });

  it('checks picklist keys against the catalogue they stand for', () => {
    const dir = brokenCopy({ file: 'fields.yaml', find: '    values_from: products', replace: '    values:\n      checking: Checking\n      morgage: Mortgage' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', 'morgage')} fields[11].values.morgage: unknown product value "morgage"; expected a hubspot_value from products.yaml (did you mean "mortgage"?)`,
    ]);
  });
});

describe('roster.yaml checks', () => {
  it('catches a ZIP in another state, hours that end before they start, and an RM with two homes', () => {
    const dir = brokenCopy(
      { file: 'roster.yaml', find: 'city: Evanston, state: IL', replace: 'city: Evanston, state: WI' },
      { file: 'roster.yaml', find: 'sat: 09:00-12:00 }\n    holidays: US-IL', replace: 'sat: 12:00-09:00 }\n    holidays: US-IL' },
      { file: 'roster.yaml', find: '    queue: inside_sales\n    role: inside_sales\n    skills: [deposits, credit_cards, auto_lending]', replace: '    queue: inside_sales\n    branch: evanston\n    role: inside_sales\n    skills: [deposits, credit_cards, auto_lending]' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'roster.yaml', '12:00-09:00')} branches[3].hours.sat: closes at 09:00, not after it opens at 12:00`,
    ]);
    // Once the hours parse, the checks that need the whole file run too.
    const dir2 = brokenCopy(
      { file: 'roster.yaml', find: 'city: Evanston, state: IL', replace: 'city: Evanston, state: WI' },
      { file: 'roster.yaml', find: '    queue: inside_sales\n    role: inside_sales\n    skills: [deposits, credit_cards, auto_lending]', replace: '    queue: inside_sales\n    branch: evanston\n    role: inside_sales\n    skills: [deposits, credit_cards, auto_lending]' },
    );
    expect(errorLines(dir2)).toEqual([
      `${at(dir2, 'roster.yaml', 'WI')} branches[3].address.state: ZIP 60201 is in IL, not WI`,
      `${at(dir2, 'roster.yaml', 'id: isabel_cruz')} rms[29]: give the RM a home: either branch (branch staff) or queue (inside sales, contact center), not both`,
    ]);
  });

  it('names unknown time zones, holiday calendars, licences and skills', () => {
    const dir = brokenCopy(
      { file: 'roster.yaml', find: 'time_zone: America/Phoenix', replace: 'time_zone: America/Phenix' },
      { file: 'roster.yaml', find: 'holidays: US-CO', replace: 'holidays: US-XX' },
      { file: 'roster.yaml', find: 'licenses: [SERIES_7, INSURANCE_NY]', replace: 'licenses: [SERIES_7, INSURANCE_NYC]' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'roster.yaml', 'US-XX')} branches[4].holidays: no holiday calendar is known for "US-XX"; expected a country and state such as US-NY`,
      `${at(dir, 'roster.yaml', 'America/Phenix')} branches[5].time_zone: unknown time zone "America/Phenix"; expected an IANA zone such as America/New_York (did you mean "America/Phoenix"?)`,
      `${at(dir, 'roster.yaml', 'INSURANCE_NYC')} rms[8].licenses[1]: unknown licence "INSURANCE_NYC"; expected NMLS, SERIES_6/7/63/65/66 or INSURANCE_<state> such as INSURANCE_NY (did you mean "INSURANCE_NY"?)`,
    ]);
    const skills = brokenCopy({ file: 'roster.yaml', find: 'skills: [business_banking, deposits]', replace: 'skills: [busines_banking, deposits]' });
    expect(errorLines(skills)).toEqual([
      `${at(skills, 'roster.yaml', 'busines_banking')} rms[7].skills[0]: unknown skill "busines_banking"; expected one of the skills listed at the top of roster.yaml (did you mean "business_banking"?)`,
    ]);
  });
});

describe('routing.yaml checks', () => {
  it('a queue stands alone; weights need weighted and name real RMs', () => {
    const dir = brokenCopy(
      { file: 'routing.yaml', find: '    pool:\n      queue: contact_center\n\n  - name: partner', replace: '    pool:\n      queue: contact_center\n      role: banker\n\n  - name: partner' },
      { file: 'routing.yaml', find: '      michael_brooks: 0.5', replace: '      michael_brook: 0.5' },
      { file: 'routing.yaml', find: '    strategy: least_loaded\n\n  - name: mortgage_to_nearby', replace: '    strategy: least_loaded\n    weights: { marcus_chen: 2 }\n\n  - name: mortgage_to_nearby' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'queue: contact_center\n      role')} rules[1].pool.queue: queue stands alone in a pool; remove role or make a separate rule`,
      `${at(dir, 'routing.yaml', 'weights: { marcus_chen')} rules[9].weights: weights only apply to strategy: weighted (this rule uses least_loaded)`,
      `${at(dir, 'routing.yaml', 'michael_brook:')} rules[10].weights.michael_brook: unknown RM "michael_brook"; expected an RM id from roster.yaml (did you mean "michael_brooks"?)`,
    ]);
  });
});
