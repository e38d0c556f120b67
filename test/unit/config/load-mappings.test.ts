import { renameSync } from 'node:fs';
import { loadMappings } from '../../../src/config/load-mappings';
import { MAPPING_FILES } from '../../../src/config/registry';
import { at, brokenCopy, DEFAULTS, errorLines, lineOf, removeCopies } from './broken-copy';

afterAll(removeCopies);

describe('the default mappings', () => {
  const { config, errors, files } = loadMappings(DEFAULTS);

  it('validate clean, all ten files', () => {
    expect(errors).toEqual([]);
    expect(files.map((f) => f.slice(DEFAULTS.length + 1))).toEqual([
      'segments.yaml', 'products.yaml', 'statuses.yaml', 'fields.yaml', 'roster.yaml', 'routing.yaml',
      'scoring.yaml', 'readiness.yaml', 'sla.yaml', 'recycle.yaml',
    ]);
  });

  it('describe a regional bank: 6-8 branches over 3+ time zones, ~30 RMs, the catalogue and its licences', () => {
    if (!config) throw new Error('no config');
    const { branches, rms } = config.roster;
    expect(branches.length).toBeGreaterThanOrEqual(6);
    expect(branches.length).toBeLessThanOrEqual(8);
    expect(new Set(branches.map((b) => b.time_zone)).size).toBeGreaterThanOrEqual(3);
    expect(rms.length).toBeGreaterThanOrEqual(28);
    for (const b of branches) expect(rms.some((r) => r.branch === b.id)).toBe(true);
    for (const r of rms) expect(r.salesforce_username).toMatch(/^[a-z]+\.[a-z]+@bank\.example$/);
    const licences = Object.fromEntries(config.products.products.map((p) => [p.id, p.required_licenses]));
    expect(licences).toMatchObject({ mortgage: ['NMLS'], wealth_management: ['SERIES_7', 'SERIES_66'], life_insurance: ['INSURANCE_STATE'], checking: [] });
    expect(config.segments.segments.map((s) => s.id)).toEqual(['consumer', 'small_business', 'commercial', 'wealth']);
  });

  it('parse shorthands into their full form', () => {
    if (!config) throw new Error('no config');
    const rule = (name: string) => config.routing.rules.find((r) => r.name === name);
    expect(rule('mortgage_to_nearby_loan_officers')?.when.product).toEqual({ in: ['mortgage', 'heloc'] });
    expect(rule('commercial_to_commercial_rms')?.when.segment).toEqual({ eq: 'commercial' });
    expect(rule('existing_customer_to_owner')?.strategy).toBe('round_robin');
    const midtown = config.roster.branches.find((b) => b.id === 'nyc_midtown');
    expect(midtown?.hours.mon).toEqual([['09:00', '17:00']]);
    expect(midtown?.hours.sun).toBeUndefined();
    expect(midtown?.holidays).toEqual({ country: 'US', state: 'NY' });
    expect(config.statuses.outbound.captured.salesforce).toEqual({});
  });

  it('are frozen all the way down', () => {
    if (!config) throw new Error('no config');
    expect(Object.isFrozen(config.routing.rules[0]?.pool)).toBe(true);
    expect(() => (config.roster.rms as unknown[]).push({})).toThrow(TypeError);
  });
});

describe('a broken copy reports each problem at file:line:col with a pinned message', () => {
  it('YAML syntax error, at the position the parser gives', () => {
    const dir = brokenCopy({ file: 'roster.yaml', find: 'skills: [deposits, credit_cards, personal_lending]', replace: 'skills: [deposits, credit_cards, personal_lending' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'roster.yaml', 'languages: [en]')} invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('a key written twice is a YAML error at the second one', () => {
    const dir = brokenCopy({ file: 'segments.yaml', find: '    label: Consumer\n', replace: '    label: Consumer\n    label: Retail\n' });
    expect(errorLines(dir)).toEqual([`${at(dir, 'segments.yaml', 'label: Retail')} invalid YAML: Map keys must be unique`]);
  });

  it('a misspelt key, with did-you-mean', () => {
    const dir = brokenCopy({ file: 'routing.yaml', find: '    strategy: weighted', replace: '    stratgy: weighted' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'stratgy')} rules[10].stratgy: unknown key "stratgy" (did you mean "strategy"?)`,
    ]);
  });

  it('a wrong type: found vs expected', () => {
    const dir = brokenCopy({ file: 'roster.yaml', find: 'capacity: 25', replace: 'capacity: twenty-five' });
    expect(errorLines(dir)).toEqual([`${at(dir, 'roster.yaml', 'twenty-five')} rms[0].capacity: expected a whole number, found "twenty-five"`]);
  });

  it('a ZIP YAML read as a number says to quote it', () => {
    const dir = brokenCopy({ file: 'roster.yaml', find: 'zip: "10017"', replace: 'zip: 10017' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'roster.yaml', '10017')} branches[0].address.zip: expected text, found 10017 (put it in quotes: "10017")`,
    ]);
  });

  it('an unknown status in statuses.yaml, with did-you-mean', () => {
    const dir = brokenCopy({ file: 'statuses.yaml', find: 'Accepted: accepted', replace: 'Accepted: acepted' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'statuses.yaml', 'acepted')} inbound.salesforce.Lead.Handoff_Status__c.Accepted: unknown lead state "acepted"; expected one of captured, blocked, ready, routed, reassigned, escalated, returned, recycled, accepted, contacted, appointment_set, appointment_kept, application_started, approved, funded, disqualified, closed_lost (did you mean "accepted"?)`,
    ]);
  });

  it('a misspelt state as an outbound key is unknown there and missing under its real name', () => {
    const dir = brokenCopy({ file: 'statuses.yaml', find: '  appointment_kept:\n', replace: '  appointment_kpt:\n' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'statuses.yaml', 'captured:\n    hubspot')} outbound.appointment_kept: missing (required); expected a map (key: value lines)`,
      `${at(dir, 'statuses.yaml', 'appointment_kpt')} outbound.appointment_kpt: unknown lead state "appointment_kpt" (did you mean "appointment_kept"?)`,
    ]);
  });

  it('a value Salesforce does not have, and one only conversion can set', () => {
    const dir = brokenCopy(
      { file: 'statuses.yaml', find: '{ Status: Working - Contacted }', replace: '{ Status: Working }' },
      { file: 'statuses.yaml', find: '{ Status: Closed - Not Converted }', replace: '{ Status: Closed - Converted }' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'statuses.yaml', 'Working }')} outbound.contacted.salesforce.Status: unknown Salesforce Lead Status "Working"; expected one of Open - Not Contacted, Working - Contacted, Closed - Converted, Closed - Not Converted`,
      `${at(dir, 'statuses.yaml', 'Closed - Converted }')} outbound.recycled.salesforce.Status: "Closed - Converted" is set by converting the Lead in Salesforce; Handoff cannot write it`,
    ]);
  });

  it('an unknown lead state in a routing condition', () => {
    const dir = brokenCopy({ file: 'routing.yaml', find: '      attempt: { gte: 3 }', replace: '      attempt: { gte: 3 }\n      lead_state: [reassigned, escalted]' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'escalted')} rules[1].when.lead_state[1]: unknown lead state "escalted"; expected one of the lead states (captured, ready, routed, …) (did you mean "escalated"?)`,
    ]);
  });

  it('a duplicated rule name points at the second and names the first line', () => {
    const dir = brokenCopy({ file: 'routing.yaml', find: '  - name: hot_consumer_leads_to_branch', replace: '  - name: small_business_to_branch_bankers' });
    const first = lineOf(dir, 'routing.yaml', 'small_business_to_branch_bankers');
    const src = at(dir, 'routing.yaml', 'small_business_to_branch_bankers\n    description: Engaged');
    expect(errorLines(dir)).toEqual([
      `${src} rules[13].name: duplicate rule name "small_business_to_branch_bankers"; first defined at line ${first}`,
    ]);
  });

  it('an RM naming a branch that does not exist', () => {
    const dir = brokenCopy({ file: 'roster.yaml', find: 'branch: evanston\n    role: banker', replace: 'branch: evanstn\n    role: banker' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'roster.yaml', 'evanstn')} rms[13].branch: unknown branch "evanstn"; expected one of the branches in roster.yaml (did you mean "evanston"?)`,
    ]);
  });

  it('an unknown branch, queue and segment in routing (cross-file)', () => {
    const dir = brokenCopy(
      { file: 'routing.yaml', find: '      role: rm\n      segment: commercial', replace: '      role: rm\n      branch: pasadna\n      segment: comercial' },
      { file: 'routing.yaml', find: 'fallback_queue: contact_center', replace: 'fallback_queue: call_center' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'call_center')} fallback_queue: unknown queue "call_center"; expected one of the queues in roster.yaml`,
      `${at(dir, 'routing.yaml', 'pasadna')} rules[5].pool.branch: unknown branch "pasadna"; expected one of the branches in roster.yaml (did you mean "pasadena"?)`,
      `${at(dir, 'routing.yaml', 'comercial')} rules[5].pool.segment: unknown segment "comercial"; expected one of the segments in segments.yaml (did you mean "commercial"?)`,
    ]);
  });

  it('a pool no active RM can fill', () => {
    const dir = brokenCopy({ file: 'routing.yaml', find: '      nearest_branches: { radius_miles: 100, max: 2 }', replace: '      branch: pasadena' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'role: rm')} rules[5].pool: no active RM in roster.yaml matches this pool (branch pasadena, role rm, segment commercial), so the rule can never place a lead`,
    ]);
  });

  it('a sensitive field mapped without allow_sensitive', () => {
    const dir = brokenCopy({ file: 'fields.yaml', find: '    hubspot: referral_source', replace: '    hubspot: ssn' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', 'ssn')} fields[14].hubspot: HubSpot property "ssn" looks like a Social Security number; such data is not synced unless the mapping sets allow_sensitive: true and a justification`,
    ]);
  });

  it('allow_sensitive without a justification', () => {
    const dir = brokenCopy({
      file: 'fields.yaml',
      find: '    salesforce: Referral_Source__c',
      replace: '    salesforce: Date_Of_Birth__c\n    allow_sensitive: true\n    justification: "  "',
    });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', 'true\n    justification')} fields[14].allow_sensitive: is true but justification is missing or empty; write down why a date of birth must be synced`,
    ]);
  });

  it('allow_sensitive with a justification is accepted', () => {
    const dir = brokenCopy({
      file: 'fields.yaml',
      find: '    salesforce: Referral_Source__c',
      replace: '    salesforce: Date_Of_Birth__c\n    allow_sensitive: true\n    justification: Age check for youth savings, approved by Compliance',
    });
    expect(errorLines(dir)).toEqual([]);
  });

  it('a bad enum value gets did-you-mean, an empty one says what it needs', () => {
    const dir = brokenCopy(
      { file: 'routing.yaml', find: 'strategy: weighted', replace: 'strategy: round-robin' },
      { file: 'routing.yaml', find: '    strategy: least_loaded', replace: '    strategy:' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'strategy:\n')} rules[3].strategy: expected one of round_robin, weighted, least_loaded, found an empty value`,
      `${at(dir, 'routing.yaml', 'round-robin')} rules[10].strategy: unknown strategy "round-robin"; expected one of round_robin, weighted, least_loaded (did you mean "round_robin"?)`,
    ]);
  });

  it('a condition comparing a text field with numbers', () => {
    const dir = brokenCopy({ file: 'routing.yaml', find: '      segment: commercial\n    pool', replace: '      segment: { gt: 3 }\n      zip: 10017\n    pool' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'routing.yaml', 'gt: 3')} rules[5].when.segment.gt: gt compares numbers, but segment is text`,
      `${at(dir, 'routing.yaml', '10017')} rules[5].when.zip: zip is compared with text, found 10017 (put it in quotes: "10017")`,
    ]);
  });

  it('a missing required file and a misnamed one', () => {
    const dir = brokenCopy();
    renameSync(`${dir}/routing.yaml`, `${dir}/routng.yaml`);
    expect(errorLines(dir)).toEqual([
      'routing.yaml required file is missing (routing rules)',
      'routng.yaml unknown mappings file; Handoff reads segments.yaml, products.yaml, statuses.yaml, fields.yaml, roster.yaml, routing.yaml, scoring.yaml, readiness.yaml, sla.yaml, recycle.yaml (did you mean "routing.yaml"?)',
    ]);
  });

  it('collects errors from every file in one pass', () => {
    const dir = brokenCopy(
      { file: 'routing.yaml', find: '    strategy: weighted', replace: '    stratgy: weighted' },
      { file: 'roster.yaml', find: 'capacity: 25', replace: 'capacity: many' },
      { file: 'fields.yaml', find: '    hubspot: referral_source', replace: '    hubspot: ssn' },
      { file: 'products.yaml', find: 'family: card', replace: 'family: cards' },
    );
    expect(loadMappings(dir).errors.map((e) => `${e.file.slice(dir.length + 1)} ${e.code}`)).toEqual([
      'products.yaml unknown_reference',
      'fields.yaml sensitive_field',
      'roster.yaml wrong_type',
      'routing.yaml unknown_key',
    ]);
    expect(loadMappings(dir).config).toBeUndefined();
  });

  it('a missing optional file is fine, and the checks that need it are skipped', () => {
    const dir = brokenCopy();
    renameSync(`${dir}/routing.yaml`, `${dir}/routing.yaml.off`);
    const registry = MAPPING_FILES.map((s) => (s.key === 'routing' ? { ...s, required: false } : s));
    const { config, errors, files } = loadMappings(dir, registry);
    expect(errors).toEqual([]);
    expect(files).toHaveLength(MAPPING_FILES.length - 1);
    expect(config?.roster.rms.length).toBeGreaterThan(0);
  });
});
