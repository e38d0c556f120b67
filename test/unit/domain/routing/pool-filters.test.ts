import { route } from '../../../../src/domain/routing';
import type { RouteInput, RouteResult } from '../../../../src/domain/routing';
import { TUESDAY, config, lead, rule, withRms, withRules } from './fixtures';
import type { LeadOverrides } from './fixtures';

/** The first rule's candidates: who was eligible, and each exclusion's code. */
function probe(pool: Record<string, unknown>, over: LeadOverrides = {}, extra: Partial<RouteInput> = {}, base = config): { result: RouteResult; eligible: string[]; excluded: Record<string, string[]> } {
  const cfg = withRules([rule({ name: 'probe', pool, strategy: 'round_robin' })], base);
  const result = route({ lead: lead(over), config: cfg, poolStates: {}, openLeadCounts: {}, now: TUESDAY, ...extra });
  const trace = result.explanation.rules[0];
  const candidates = trace?.pool?.kind === 'rms' ? trace.pool.candidates : [];
  return {
    result,
    eligible: candidates.filter((c) => c.eligible).map((c) => c.id).sort(),
    excluded: Object.fromEntries(candidates.filter((c) => !c.eligible).map((c) => [c.id, c.excluded.map((x) => x.code)])),
  };
}

const regions: typeof config = { ...config, routing: { ...config.routing, regions: { west: ['CA'], mountain: ['CO', 'AZ'] } } };

describe('every pool filter', () => {
  const cases: [string, Record<string, unknown>, LeadOverrides, string[], Partial<RouteInput>?, typeof config?][] = [
    ['branch', { branch: ['evanston'] }, {}, ['linda_nguyen', 'michael_brooks']],
    ['role', { role: ['inside_sales'] }, {}, ['chris_morgan', 'isabel_cruz', 'jordan_taylor', 'mei_zhou']],
    ['nearest_branches within a radius', { role: 'loan_officer', nearest_branches: { radius_miles: 15, max: 3 } }, {}, ['michael_brooks', 'tomas_rivera']],
    ['nearest_branches: at most max branches', { nearest_branches: { radius_miles: 15, max: 1 } }, {}, ['grace_kim', 'kevin_obrien', 'rachel_goldberg', 'tomas_rivera']],
    ['nearest_branches: a lead without a valid ZIP matches nobody', { nearest_branches: { radius_miles: 500 } }, { fields: { zip: 'n/a' } }, []],
    ['license', { role: 'advisor', license: ['SERIES_66'] }, {}, ['grace_kim', 'hannah_lee', 'natalie_fischer', 'priya_raman']],
    ['license INSURANCE_STATE: the lead state\'s licence', { role: 'advisor', license: ['INSURANCE_STATE'] }, { fields: { state: 'NY', zip: '10017' } }, ['david_kowalski', 'priya_raman']],
    ['licensed_for_product', { role: 'advisor', licensed_for_product: true }, { product: 'life_insurance', fields: { state: 'IL' } }, ['grace_kim']],
    ['licensing holds without licensed_for_product', { role: ['banker', 'loan_officer'], branch: ['chicago_loop'] }, { product: 'mortgage' }, ['tomas_rivera']],
    ['skill', { skill: ['sba_lending'] }, {}, ['emily_sandoval', 'sofia_alvarez', 'victor_santos']],
    ['language', { language: ['ko'] }, {}, ['grace_kim', 'jasmine_park']],
    ['match_language', { role: 'loan_officer', match_language: true }, { fields: { language: 'es' } }, ['alejandro_reyes', 'ana_morales', 'tomas_rivera']],
    ['match_language with no preference matches all', { role: 'loan_officer', branch: ['evanston'], match_language: true }, {}, ['michael_brooks']],
    ['segment', { role: 'rm', segment: ['commercial'] }, {}, ['daniel_okafor', 'jasmine_park', 'omar_haddad', 'rachel_goldberg']],
    ['existing_owner', { existing_owner: true }, { existingOwnerId: 'priya_raman' }, ['priya_raman']],
    ['existing_owner: the route input wins over the lead', { existing_owner: true }, { existingOwnerId: 'priya_raman' }, ['marcus_chen'], { existingOwnerId: 'marcus_chen' }],
    ['existing_owner: none', { existing_owner: true }, {}, []],
    ['referral_branch', { referral_branch: true }, { kind: 'referral', fields: { referral_source: 'branch:denver_downtown' } }, ['emily_sandoval', 'natalie_fischer', 'omar_haddad', 'ryan_hughes']],
    ['referral_branch: a partner referral has no branch', { referral_branch: true }, { kind: 'referral', fields: { referral_source: 'partner:acme' } }, []],
    ['territory by state', { territory: { states: ['AZ'] } }, {}, ['brian_walsh', 'carmen_delgado']],
    ['territory by ZIP prefix', { territory: { zips: ['100'] } }, {}, ['daniel_okafor', 'marcus_chen', 'olivia_bennett', 'priya_raman', 'sofia_alvarez']],
    ['territory by region', { role: 'loan_officer', territory: { regions: ['west'] } }, {}, ['alejandro_reyes', 'samuel_tran'], {}, regions],
    ['filters combine', { role: 'advisor', territory: { regions: ['mountain'] }, segment: 'wealth' }, {}, ['natalie_fischer'], {}, regions],
  ];
  it.each(cases)('%s', (_name, pool, over, eligible, extra = {}, base = config) => {
    expect(probe(pool, over, extra, base).eligible).toEqual(eligible);
  });

  it('a queue pool places the lead with the queue', () => {
    const r = route({ lead: lead(), config: withRules([rule({ name: 'q', pool: { queue: 'inside_sales' } })]), poolStates: {}, openLeadCounts: {}, now: TUESDAY });
    expect(r.owner).toEqual({ kind: 'queue', id: 'inside_sales', name: 'Inside Sales', salesforceQueue: 'Inside_Sales' });
  });
});

describe('who is passed over, and why', () => {
  it('inactive RMs, and those lacking a licence, with every reason', () => {
    const { excluded } = probe({ role: 'advisor' }, { product: 'life_insurance', fields: { state: 'CO', zip: '80202' } });
    expect(excluded.lauren_price).toEqual(['inactive', 'product_license']);
    expect(excluded.grace_kim).toEqual(['product_license']);
  });

  it('at capacity', () => {
    const { eligible, excluded, result } = probe({ branch: ['chicago_loop'] }, {}, { openLeadCounts: { kevin_obrien: 25, rachel_goldberg: 11 } });
    expect(excluded).toEqual({ kevin_obrien: ['capacity'] });
    expect(eligible).toEqual(['grace_kim', 'rachel_goldberg', 'tomas_rivera']);
    const trace = result.explanation.rules[0];
    const kevin = trace?.pool?.kind === 'rms' ? trace.pool.candidates.find((c) => c.id === 'kevin_obrien') : undefined;
    expect(kevin?.excluded[0]?.message).toBe('at capacity (25 open of 25)');
  });

  it('owners who had the lead, and owners out of rotation', () => {
    const { excluded } = probe({ branch: ['chicago_loop'] }, {}, { excludedOwners: ['tomas_rivera'], outOfRotation: ['grace_kim'] });
    expect(excluded).toEqual({ tomas_rivera: ['had_lead'], grace_kim: ['out_of_rotation'] });
  });

  it('out of office, with when they are back', () => {
    // Tuesday 22 December 2026, 10:00 in New York: Yuki Tanaka is on year-end leave.
    const r = probe({ branch: ['brooklyn_heights'] }, { fields: { zip: '11201', state: 'NY' } }, { now: new Date('2026-12-22T15:00:00Z') });
    expect(r.excluded).toEqual({ yuki_tanaka: ['unavailable'] });
    const trace = r.result.explanation.rules[0];
    const yuki = trace?.pool?.kind === 'rms' ? trace.pool.candidates.find((c) => c.id === 'yuki_tanaka') : undefined;
    expect(yuki?.excluded[0]?.message).toBe('out of office 2026-12-21 to 2027-01-01, not working until Sat 2 Jan 09:00 EST (branch opens Tue 22 Dec 10:00 EST)');
  });

  it('a part-timer on their day off, but not a colleague at night', () => {
    // Thursday 12 March 2026, 12:00 in Chicago: Michael Brooks works Monday to Wednesday.
    const thursday = probe({ branch: ['evanston'] }, {}, { now: new Date('2026-03-12T17:00:00Z') });
    expect(thursday.excluded).toEqual({ michael_brooks: ['unavailable'] });
    // Monday 9 March 2026, 23:00 in Chicago: nobody works, everybody starts in the morning.
    const night = probe({ branch: ['evanston'] }, {}, { now: new Date('2026-03-10T04:00:00Z') });
    expect(night.eligible).toEqual(['linda_nguyen', 'michael_brooks']);
  });

  it('on a bank holiday everybody starts the next working day, so nobody is passed over', () => {
    // Memorial Day, Monday 25 May 2026, 11:00 in Chicago.
    expect(probe({ branch: ['chicago_loop'] }, {}, { now: new Date('2026-05-25T16:00:00Z') }).eligible).toEqual(['grace_kim', 'kevin_obrien', 'rachel_goldberg', 'tomas_rivera']);
  });

  it('the grace: someone starting within grace_minutes of the branch opening still counts', () => {
    // Tuesday 10 March 2026, 09:00 in Chicago: the Evanston branch is open; Linda starts later.
    const nine = new Date('2026-03-10T14:00:00Z');
    const starts = (hhmm: string) => withRms((rms) => rms.map((m) => (m.id === 'linda_nguyen' ? { ...m, hours: { tue: [[hhmm, '17:00'] as [string, string]] } } : m)));
    expect(probe({ branch: ['evanston'] }, {}, { now: nine }, starts('09:45')).eligible).toEqual(['linda_nguyen', 'michael_brooks']);
    expect(probe({ branch: ['evanston'] }, {}, { now: nine }, starts('10:30')).excluded).toEqual({ linda_nguyen: ['unavailable'] });
  });
});
