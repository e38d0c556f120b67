/**
 * mergeRoster: roster.yaml plus the RMs Salesforce Users describe. Rows are checked as YAML
 * entries are; a bad row is skipped by User Id and field and never takes a good one with it.
 */
import fc from 'fast-check';
import type { FromSalesforce, RosterConfig } from '../../../src/config/schemas/roster';
import { fromSalesforceSchema } from '../../../src/config/schemas/roster';
import type { RosterUserRow } from '../../../src/domain/roster-merge';
import { mergeRoster, rmIdFromUsername } from '../../../src/domain/roster-merge';
import { config, TUESDAY } from './routing/fixtures';

const SEGMENTS = config.segments.segments.map((s) => s.id);
const FROM_SF: FromSalesforce = fromSalesforceSchema.parse({
  enabled: true,
  match: { field: 'Handoff_RM__c' },
  fields: {
    branch: 'Handoff_Branch__c',
    queue: 'Handoff_Queue__c',
    role: 'Handoff_Role__c',
    licenses: 'Handoff_Licenses__c',
    skills: 'Handoff_Skills__c',
    languages: 'Handoff_Languages__c',
    segments: 'Handoff_Segments__c',
    capacity: 'Handoff_Capacity__c',
    out_of_office_until: 'Handoff_Out_Of_Office_Until__c',
  },
});

const roster = (over: Partial<FromSalesforce> = {}): RosterConfig => ({ ...config.roster, from_salesforce: { ...FROM_SF, ...over } });

/** A good loan officer row at Evanston; `over` replaces fields. */
function row(i: number, over: Record<string, unknown> = {}): RosterUserRow {
  return {
    Id: `005000000000${String(i).padStart(3, '0')}AAA`,
    Username: `new.person${i}@bank.example`,
    Name: `New Person ${i}`,
    Handoff_RM__c: true,
    Handoff_Branch__c: 'evanston',
    Handoff_Queue__c: null,
    Handoff_Role__c: 'loan_officer',
    Handoff_Licenses__c: 'NMLS',
    Handoff_Skills__c: 'first_time_buyer;heloc',
    Handoff_Languages__c: 'en;es',
    Handoff_Segments__c: 'consumer',
    Handoff_Capacity__c: 12,
    Handoff_Out_Of_Office_Until__c: null,
    ...over,
  };
}

const merge = (users: RosterUserRow[], r: RosterConfig = roster()) => mergeRoster({ roster: r, users, segments: SEGMENTS, now: TUESDAY });

it('adds an RM only Salesforce has, with an id from the username and an origin naming the User', () => {
  const m = merge([row(1)]);
  expect(m.added).toEqual(['new_person1']);
  expect(m.skipped).toEqual([]);
  expect(m.roster.rms).toHaveLength(config.roster.rms.length + 1);
  expect(m.roster.rms.at(-1)).toEqual({
    id: 'new_person1',
    name: 'New Person 1',
    salesforce_username: 'new.person1@bank.example',
    branch: 'evanston',
    role: 'loan_officer',
    licenses: ['NMLS'],
    skills: ['first_time_buyer', 'heloc'],
    languages: ['en', 'es'],
    segments: ['consumer'],
    capacity: 12,
    out_of_office: [],
    active: true,
    origin: { from: 'salesforce', userId: row(1).Id, kind: 'added' },
  });
});

it('with mode override, replaces the mapped attributes of the YAML RM with the same username (case aside), keeping the rest', () => {
  const marcus = config.roster.rms.find((r) => r.id === 'marcus_chen')!;
  const m = merge([row(2, { Username: 'Marcus.Chen@bank.example', Handoff_Branch__c: 'nyc_midtown', Handoff_Licenses__c: null, Handoff_Capacity__c: '8' })]);
  const after = m.roster.rms.find((r) => r.id === 'marcus_chen')!;
  expect(m.overridden).toEqual(['marcus_chen']);
  expect(after).toMatchObject({ name: marcus.name, salesforce_username: marcus.salesforce_username, licenses: [], capacity: 8, skills: ['first_time_buyer', 'heloc'] });
  expect(after.origin).toEqual({ from: 'salesforce', userId: row(2).Id, kind: 'overridden' });
  expect(m.roster.rms).toHaveLength(config.roster.rms.length);
});

it('with mode add_only, leaves a YAML RM as the YAML has them', () => {
  const m = merge([row(3, { Username: 'marcus.chen@bank.example', Handoff_Licenses__c: null })], roster({ mode: 'add_only' }));
  expect(m.keptYaml).toEqual(['marcus_chen']);
  expect(m.roster.rms.find((r) => r.id === 'marcus_chen')).toBe(config.roster.rms.find((r) => r.id === 'marcus_chen'));
});

it('turns an out-of-office date into an absence from yesterday (UTC) to that day, added to the YAML leave; a past date adds none', () => {
  const yuki = config.roster.rms.find((r) => r.id === 'yuki_tanaka')!;
  const m = merge([
    row(4, { Username: yuki.salesforce_username, Handoff_Role__c: 'banker', Handoff_Licenses__c: '', Handoff_Skills__c: 'deposits', Handoff_Branch__c: 'brooklyn_heights', Handoff_Out_Of_Office_Until__c: '2026-03-13' }),
    row(5, { Handoff_Out_Of_Office_Until__c: '2026-01-01' }),
  ]);
  expect(m.roster.rms.find((r) => r.id === 'yuki_tanaka')!.out_of_office).toEqual([...yuki.out_of_office, { from: '2026-03-09', to: '2026-03-13', note: 'Salesforce: out of office' }]);
  expect(m.roster.rms.find((r) => r.id === 'new_person5')!.out_of_office).toEqual([]);
});

it('changes nothing when from_salesforce is absent or disabled', () => {
  expect(mergeRoster({ roster: config.roster, users: [row(1)], segments: SEGMENTS, now: TUESDAY }).roster).toBe(config.roster);
  expect(merge([row(1)], roster({ enabled: false })).roster.rms).toHaveLength(config.roster.rms.length);
});

describe('skips a bad row by User Id and field, with a reason that names no person', () => {
  const cases: [string, Record<string, unknown>, { attribute: string; field: string; reason: string }][] = [
    ['unknown branch', { Handoff_Branch__c: 'atlantis' }, { attribute: 'branch', field: 'Handoff_Branch__c', reason: 'unknown branch "atlantis"; expected one of the branches in roster.yaml' }],
    ['unknown queue', { Handoff_Branch__c: null, Handoff_Queue__c: 'back_office' }, { attribute: 'queue', field: 'Handoff_Queue__c', reason: 'unknown queue "back_office"; expected one of the queues in roster.yaml' }],
    ['no home', { Handoff_Branch__c: '' }, { attribute: 'branch', field: 'Handoff_Branch__c', reason: 'no branch or queue: an RM needs a home' }],
    ['two homes', { Handoff_Queue__c: 'inside_sales' }, { attribute: 'branch', field: 'Handoff_Branch__c', reason: 'both a branch and a queue are set; an RM has one home' }],
    ['unknown role', { Handoff_Role__c: 'teller' }, { attribute: 'role', field: 'Handoff_Role__c', reason: 'unknown role "teller"; expected rm, banker, loan_officer, advisor, inside_sales' }],
    ['unknown licence', { Handoff_Licenses__c: 'NMLS;SERIES_99' }, { attribute: 'licenses', field: 'Handoff_Licenses__c', reason: 'unknown licence "SERIES_99"; expected NMLS, SERIES_6/7/63/65/66 or INSURANCE_<state>' }],
    ['unknown skill', { Handoff_Skills__c: 'heloc;juggling' }, { attribute: 'skills', field: 'Handoff_Skills__c', reason: 'unknown skill "juggling"; expected one of the skills listed at the top of roster.yaml' }],
    ['unknown language', { Handoff_Languages__c: 'en;xx' }, { attribute: 'languages', field: 'Handoff_Languages__c', reason: 'unknown language code "xx"; expected ISO 639 codes such as en, es or zh' }],
    ['unknown segment', { Handoff_Segments__c: 'retail' }, { attribute: 'segments', field: 'Handoff_Segments__c', reason: 'unknown segment "retail"; expected one of the segments in segments.yaml' }],
    ['no segment', { Handoff_Segments__c: null }, { attribute: 'segments', field: 'Handoff_Segments__c', reason: 'empty; an RM serves at least one segment of segments.yaml' }],
    ['capacity zero', { Handoff_Capacity__c: 0 }, { attribute: 'capacity', field: 'Handoff_Capacity__c', reason: '"0"; expected a whole number above 0 (most open leads at once)' }],
    ['capacity fractional', { Handoff_Capacity__c: 2.5 }, { attribute: 'capacity', field: 'Handoff_Capacity__c', reason: '"2.5"; expected a whole number above 0 (most open leads at once)' }],
    ['capacity blank', { Handoff_Capacity__c: null }, { attribute: 'capacity', field: 'Handoff_Capacity__c', reason: 'empty; expected a whole number above 0 (most open leads at once)' }],
    ['bad date', { Handoff_Out_Of_Office_Until__c: 'soon' }, { attribute: 'out_of_office_until', field: 'Handoff_Out_Of_Office_Until__c', reason: '"soon"; expected a date YYYY-MM-DD' }],
    ['id taken', { Username: 'olivia.bennett@other.example' }, { attribute: 'id', field: '', reason: 'RM id "olivia_bennett" is already another RM\'s; set a distinct id (fields.id names a User field for it)' }],
  ];
  it.each(cases)('%s', (_, over, expected) => {
    const bad = row(9, over);
    const m = merge([row(1), bad, row(2)]);
    expect(m.skipped).toEqual([{ userId: bad.Id, ...expected }]);
    expect(m.added).toEqual(['new_person1', 'new_person2']);
    const said = JSON.stringify(m.skipped);
    expect(said).not.toContain('New Person');
    expect(said).not.toContain('@');
  });

  it('keeps the YAML entry of an RM whose own row is bad', () => {
    const ryan = config.roster.rms.find((r) => r.id === 'ryan_hughes')!;
    const m = merge([row(9, { Username: ryan.salesforce_username, Handoff_Capacity__c: -1 })]);
    expect(m.skipped.map((s) => s.attribute)).toEqual(['capacity']);
    expect(m.roster.rms.find((r) => r.id === 'ryan_hughes')).toBe(ryan);
  });
});

it('derives ids as roster.yaml writes them', () => {
  expect(rmIdFromUsername('first.last@bank.example')).toBe('first_last');
  expect(rmIdFromUsername('O.Brien-Smith2@bank.example')).toBe('o_brien_smith2');
  expect(rmIdFromUsername('9lives@bank.example')).toBe('rm_9lives');
});

describe('properties', () => {
  const badField = fc.constantFrom<[string, unknown]>(
    ['Handoff_Branch__c', 'atlantis'],
    ['Handoff_Role__c', 'teller'],
    ['Handoff_Licenses__c', 'NMLS;FAKE'],
    ['Handoff_Skills__c', 'juggling'],
    ['Handoff_Languages__c', 'qq'],
    ['Handoff_Segments__c', ''],
    ['Handoff_Capacity__c', -3],
    ['Handoff_Capacity__c', '1.5'],
  );
  const rows = fc.array(fc.option(badField, { nil: undefined }), { maxLength: 12 });

  it('a bad row never drops a good one', () => {
    fc.assert(
      fc.property(rows, (plan) => {
        const users = plan.map((bad, i) => (bad ? row(i, { [bad[0]]: bad[1] }) : row(i)));
        const m = merge(users);
        const good = users.filter((_, i) => plan[i] === undefined).map((u) => rmIdFromUsername(u.Username));
        expect(m.added).toEqual(good);
        expect(m.skipped.map((s) => s.userId)).toEqual(users.filter((_, i) => plan[i] !== undefined).map((u) => u.Id));
        expect(new Set(m.roster.rms.map((r) => r.id)).size).toBe(m.roster.rms.length);
      }),
    );
  });

  it('YAML-only RMs survive, unchanged, whatever Users match nobody in the YAML', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom<FromSalesforce['mode']>('override', 'add_only'), (plan, mode) => {
        const users = plan.map((bad, i) => (bad ? row(i, { [bad[0]]: bad[1] }) : row(i)));
        const m = merge(users, roster({ mode }));
        expect(m.roster.rms.slice(0, config.roster.rms.length)).toEqual(config.roster.rms);
        expect(m.overridden).toEqual([]);
      }),
    );
  });
});
