import { loadMappings } from '../../../src/config/load-mappings';
import { at, brokenCopy, DEFAULTS, errorLines, removeCopies } from './broken-copy';

afterAll(removeCopies);

describe('the governance files in the default mappings', () => {
  it('parse durations to minutes and fill defaults', () => {
    const { config } = loadMappings(DEFAULTS);
    if (!config) throw new Error('no config');
    const standard = config.sla.policies.find((p) => p.name === 'standard');
    expect(standard).toMatchObject({ accept_within: 120, first_touch_within: 240, appointment_within: 1440 });
    expect(config.sla.defaults).toEqual({ clock: 'business', warn_before: 30, max_reassignments: 2, when_owner_away: 'reassign', breach_streak_limit: 3, notify_manager: true });
    expect(config.recycle.default.cooldown).toBe(30 * 1440);
    expect(config.recycle.reasons.Not_Ready_Timing?.cooldown).toBe(60 * 1440);
    expect(config.readiness.gates[0]?.required_fields).toEqual(['email', 'last_name', 'zip', 'product', 'segment']);
    expect(config.routing.availability).toEqual({ grace_minutes: 60 });
  });
});

describe('routing.yaml licensing and territories', () => {
  it('refuses a rule whose pool holds nobody with the licence its products need, at the rule', () => {
    const dir = brokenCopy({
      file: 'routing.yaml',
      find: '      role: loan_officer\n      licensed_for_product: true\n      nearest_branches: { radius_miles: 50, max: 3 }\n    strategy: weighted',
      replace: '      role: banker\n      nearest_branches: { radius_miles: 50, max: 3 }\n    strategy: weighted',
    });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'name: mortgage_to_nearby_loan_officers')} rules[10]: rule "mortgage_to_nearby_loan_officers" matches heloc leads (need NMLS) and mortgage leads (need NMLS), but no active RM in its pool holds one (10 RMs: olivia_bennett, sofia_alvarez, james_whitaker, yuki_tanaka, kevin_obrien, …), so it can never place them`,
    ]);
  });

  it('knows an insurance licence of any state can serve INSURANCE_STATE, and a family condition names its products', () => {
    const ok = brokenCopy({ file: 'routing.yaml', find: '    when:\n      product: life_insurance', replace: '    when:\n      product_family: insurance' });
    expect(errorLines(ok)).toEqual([]);
    const dir = brokenCopy({
      file: 'routing.yaml',
      find: '    when:\n      product: life_insurance\n    pool:\n      role: advisor',
      replace: '    when:\n      product_family: insurance\n    pool:\n      role: loan_officer',
    });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'name: life_insurance_to_licensed_advisors')} rules[8]: rule "life_insurance_to_licensed_advisors" matches life_insurance leads (need an insurance licence), but no active RM in its pool holds one (8 RMs: marcus_chen, ana_morales, tomas_rivera, michael_brooks, ryan_hughes, …), so it can never place them`,
    ]);
  });

  it('names unknown regions, and a territory nobody in the pool works in', () => {
    const dir = brokenCopy(
      { file: 'routing.yaml', find: 'fallback_queue: contact_center', replace: 'fallback_queue: contact_center\nregions:\n  west: [CA, AZ, CO]' },
      { file: 'routing.yaml', find: '      role: rm\n      segment: commercial', replace: '      role: rm\n      territory: { regions: [wst] }\n      segment: commercial' },
      { file: 'routing.yaml', find: '      role: banker\n      segment: small_business', replace: '      role: banker\n      territory: { states: [TX] }\n      segment: small_business' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'wst')} rules[5].pool.territory.regions[0]: unknown region "wst"; expected one of the regions in routing.yaml (did you mean "west"?)`,
      `${at(dir, 'routing.yaml', '{ states: [TX] }')} rules[12].pool.territory: no active RM of this pool has a home branch in this territory, so the rule can never place a lead`,
    ]);
  });

  it('a referral branch filter combines with others, an existing owner stands alone', () => {
    const dir = brokenCopy({ file: 'routing.yaml', find: '    pool:\n      existing_owner: true', replace: '    pool:\n      existing_owner: true\n      referral_branch: true' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'existing_owner: true\n      referral_branch')} rules[0].pool.existing_owner: existing_owner stands alone in a pool; remove referral_branch or make a separate rule`,
    ]);
  });
});

describe('sla.yaml checks', () => {
  it('refuses durations that are not positive, days of business time, and bare numbers', () => {
    const dir = brokenCopy(
      { file: 'sla.yaml', find: '    accept_within: 2h\n    first_touch_within: 4h\n    appointment_within: 24h\n\nmanagers', replace: '    accept_within: 0h\n    first_touch_within: -4h\n    appointment_within: 24\n\nmanagers' },
      { file: 'sla.yaml', find: '    appointment_within: 16h\n    warn_before: 15m', replace: '    appointment_within: 2d\n    warn_before: 15m' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'sla.yaml', '2d')} policies[0].appointment_within: "2d": days are not a fixed length of business time; write hours (8h) or minutes`,
      `${at(dir, 'sla.yaml', 'accept_within: 0h', 'accept_within: '.length)} policies[5].accept_within: must be a positive duration, found "0h"`,
      `${at(dir, 'sla.yaml', '-4h')} policies[5].first_touch_within: must be a positive duration, found "-4h"`,
      `${at(dir, 'sla.yaml', '24\n')} policies[5].appointment_within: expected a duration with a unit, such as 2h or 30m, found 24`,
    ]);
  });

  it('names unknown branches, queues, segments and priorities, with did-you-mean', () => {
    const dir = brokenCopy(
      { file: 'sla.yaml', find: '    nyc_midtown: { name: Robert Hale', replace: '    nyc_midtwn: { name: Robert Hale' },
      { file: 'sla.yaml', find: '    inside_sales: { name: Greg', replace: '    insidesales: { name: Greg' },
      { file: 'sla.yaml', find: 'when: { segment: wealth }', replace: 'when: { segment: welth }' },
      { file: 'sla.yaml', find: 'when: { priority: referral }', replace: 'when: { priority: referal }' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'sla.yaml', 'welth')} policies[2].when.segment: unknown segment "welth"; expected one of the segments in segments.yaml (did you mean "wealth"?)`,
      `${at(dir, 'sla.yaml', 'referal')} policies[4].when.priority: unknown priority "referal"; expected one of the priorities in sla.yaml (did you mean "referral"?)`,
      `${at(dir, 'sla.yaml', 'nyc_midtwn')} managers.branches.nyc_midtwn: unknown branch "nyc_midtwn"; expected one of the branches in roster.yaml (did you mean "nyc_midtown"?)`,
      `${at(dir, 'sla.yaml', 'insidesales')} managers.queues.insidesales: unknown queue "insidesales"; expected one of the queues in roster.yaml (did you mean "inside_sales"?)`,
    ]);
  });

  it('needs a catch-all policy last, and a warning that fits inside the deadline', () => {
    const dir = brokenCopy(
      { file: 'sla.yaml', find: '  - name: standard\n    description: The regional', replace: '  - name: standard\n    when: { kind: lead }\n    description: The regional' },
      { file: 'sla.yaml', find: '    warn_before: 15m', replace: '    warn_before: 1h' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'sla.yaml', 'warn_before: 1h', 'warn_before: '.length)} policies[0].warn_before: the warning (60 min before) would come before the clock starts; make warn_before shorter than accept_within (60 min)`,
      `${at(dir, 'sla.yaml', 'when: { kind: lead }')} policies[5].when: end with a policy without when, so every lead has an SLA`,
    ]);
  });
});

describe('readiness.yaml checks', () => {
  it('names unknown products, segments and fields, with did-you-mean', () => {
    const dir = brokenCopy(
      { file: 'readiness.yaml', find: 'when: { product: [mortgage, heloc] }', replace: 'when: { product: [mortgage, helco] }' },
      { file: 'readiness.yaml', find: 'when: { segment: [consumer, small_business] }', replace: 'when: { segment: [consumer, smallbusiness] }' },
      { file: 'readiness.yaml', find: 'required_fields: [email, last_name, zip, product, segment]', replace: 'required_fields: [email, lastname, zip, product, segment]' },
      { file: 'readiness.yaml', find: 'require: { state: [NY', replace: 'require: { sate: [NY' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'readiness.yaml', 'lastname')} gates[0].required_fields[1]: unknown field "lastname"; expected a field name from fields.yaml (did you mean "last_name"?)`,
      `${at(dir, 'readiness.yaml', 'smallbusiness')} gates[1].when.segment[1]: unknown segment "smallbusiness"; expected one of the segments in segments.yaml (did you mean "small_business"?)`,
      `${at(dir, 'readiness.yaml', 'helco')} gates[3].when.product[1]: unknown product "helco"; expected one of the products in products.yaml`,
      `${at(dir, 'readiness.yaml', 'sate')} gates[3].suitability[0].require.sate: unknown field "sate"; expected a routing field (product, segment, kind, state, score…) or a field name from fields.yaml (did you mean "state"?)`,
    ]);
  });

  it('checks consent fields are consent checkboxes, and prequal is a rule or a service', () => {
    const dir = brokenCopy(
      { file: 'readiness.yaml', find: '  do_not_call: do_not_call', replace: '  do_not_call: tcpa_consent' },
      { file: 'readiness.yaml', find: "    when: { product: life_insurance }\n    required_fields: [state]", replace: "    when: { product: life_insurance }\n    required_fields: [state]\n    prequal: {}" },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'readiness.yaml', 'prequal: {}', 'prequal: '.length)} gates[4].prequal: give either rule (checks on fields) or http (the bank's service), not both or neither`,
    ]);
    const consent = brokenCopy({ file: 'readiness.yaml', find: '  do_not_call: do_not_call', replace: '  do_not_call: tcpa_consent' });
    expect(errorLines(consent)).toEqual([
      `${at(consent, 'readiness.yaml', 'tcpa_consent\n')} consent_fields.do_not_call: tcpa_consent is a checkbox (consent: opt_in) field; do_not_call needs a checkbox field with consent: opt_out`,
    ]);
  });

  it('refuses a gate asking for a channel whose consent flags consent_fields does not map, at the channel', () => {
    // An unmapped flag reads as "not opted out": the gate would pass every lead, opt-outs included.
    const texts = brokenCopy(
      { file: 'readiness.yaml', find: '  sms_opt_out: sms_opt_out\n', replace: '' },
      { file: 'readiness.yaml', find: '    consent: { autodialed_calls: true }\n', replace: '    consent: { autodialed_calls: true }\n\n  - name: card_offers_by_text\n    when: { product: credit_card }\n    consent: { texts: true }\n' },
    );
    expect(errorLines(texts)).toEqual([
      `${at(texts, 'readiness.yaml', 'consent: { texts: true }', 'consent: { texts: '.length)} gates[3].consent.texts: gate "card_offers_by_text" asks for texts consent, but consent_fields does not map sms_opt_out, so it cannot tell a lead who opted out of texts, or the TCPA consent and when it was given; map it in consent_fields to fields of fields.yaml`,
    ]);
    const dialer = brokenCopy({ file: 'readiness.yaml', find: '  tcpa_consent: tcpa_consent\n  tcpa_consent_at: tcpa_consent_at\n', replace: '' });
    expect(errorLines(dialer)).toEqual([
      `${at(dialer, 'readiness.yaml', 'consent: { autodialed_calls: true }', 'consent: { autodialed_calls: '.length)} gates[2].consent.autodialed_calls: gate "contact_center_dialer" asks for autodialed calls consent, but consent_fields does not map tcpa_consent and tcpa_consent_at, so it cannot tell a do-not-call lead, or the TCPA consent and when it was given; map them in consent_fields to fields of fields.yaml`,
    ]);
    const anyOf = brokenCopy({ file: 'readiness.yaml', find: '  email_opt_out: email_opt_out\n', replace: '' });
    expect(errorLines(anyOf)).toEqual([
      `${at(anyOf, 'readiness.yaml', 'consent: { any_of: [email', 'consent: { any_of: ['.length)} gates[0].consent.any_of[0]: gate "every_lead" asks for email consent, but consent_fields does not map email_opt_out, so a lead who opted out of email would pass it; map it in consent_fields to fields of fields.yaml`,
    ]);
  });

  it('refuses an unknown lead kind key and sources on a kind that is not a referral', () => {
    const dir = brokenCopy({ file: 'readiness.yaml', find: '  application:\n    needs_mql: false', replace: '  aplication:\n    needs_mql: false\n  lead_x: {}' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'readiness.yaml', 'aplication')} kinds.aplication: unknown lead kind "aplication" (did you mean "application"?)`,
      `${at(dir, 'readiness.yaml', 'lead_x')} kinds.lead_x: unknown lead kind "lead_x" (did you mean "lead"?)`,
    ]);
    const sources = brokenCopy({ file: 'readiness.yaml', find: '  lead:\n    needs_mql: true', replace: '  lead:\n    needs_mql: true\n    sources: [partner]' });
    expect(errorLines(sources)).toEqual([
      `${at(sources, 'readiness.yaml', 'sources: [partner]')} kinds.lead.sources: sources apply to referrals (referral_source "<type>:<id>"), not to kind lead`,
    ]);
  });
});

describe('recycle.yaml and scoring.yaml checks', () => {
  it('refuses an unknown return reason, with did-you-mean', () => {
    const dir = brokenCopy({ file: 'recycle.yaml', find: '  Not_Ready_Timing:', replace: '  Not_Ready_Timeing:' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'recycle.yaml', 'Not_Ready_Timeing')} reasons.Not_Ready_Timeing: unknown return reason "Not_Ready_Timeing" (did you mean "Not_Ready_Timing"?)`,
    ]);
  });

  it('a cooldown must be positive, and applies to recycling only', () => {
    const dir = brokenCopy({ file: 'recycle.yaml', find: '    cooldown: 14d', replace: '    cooldown: 0d' });
    expect(errorLines(dir)).toEqual([`${at(dir, 'recycle.yaml', 'cooldown: 0d', 'cooldown: '.length)} reasons.Missing_Documentation.cooldown: must be a positive duration, found "0d"`]);
    const list = brokenCopy({ file: 'recycle.yaml', find: '  Duplicate:\n    action: disqualify', replace: '  Duplicate:\n    action: disqualify\n    list: Nurture - General' });
    expect(errorLines(list)).toEqual([
      `${at(list, 'recycle.yaml', 'list: Nurture - General\n\n  Wrong')} reasons.Duplicate.list: list applies to action recycle; "Duplicate" is disqualify`,
    ]);
  });

  it('a fit rule may not test the score it makes; life events suggest known products', () => {
    const dir = brokenCopy(
      { file: 'scoring.yaml', find: '    when: { segment: wealth }\n    points: 25', replace: '    when: { score: { gte: 50 } }\n    points: 25' },
      { file: 'scoring.yaml', find: 'products: [wealth_management] }', replace: 'products: [wealth_mgmt] }' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'scoring.yaml', 'score: { gte')} fit[0].when.score: a fit rule cannot test score: it is part of the score`,
      `${at(dir, 'scoring.yaml', 'wealth_mgmt')} life_events[5].products[0]: unknown product "wealth_mgmt"; expected one of the products in products.yaml`,
    ]);
  });
});
