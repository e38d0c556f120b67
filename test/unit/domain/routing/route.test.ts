import { renderRoutingExplanation, route } from '../../../../src/domain/routing';
import type { PoolState, RouteInput } from '../../../../src/domain/routing';
import { TUESDAY, config, hot, lead, rule, withRules, withSla } from './fixtures';
import type { LeadOverrides } from './fixtures';

const run = (over: LeadOverrides, extra: Partial<RouteInput> = {}, cfg = config) =>
  route({ lead: lead(over), config: cfg, poolStates: {}, openLeadCounts: {}, now: TUESDAY, ...extra });

describe('the shipped routing rules', () => {
  const cases: [string, LeadOverrides, Partial<RouteInput>, string | null, string][] = [
    ['a known customer goes to their RM', { existingCustomer: true, existingOwnerId: 'sofia_alvarez' }, {}, 'existing_customer_to_owner', 'sofia_alvarez'],
    ['a known customer whose RM is full goes on down the rules', { existingCustomer: true, existingOwnerId: 'sofia_alvarez' }, { openLeadCounts: { sofia_alvarez: 20 } }, 'consumer_to_inside_sales', 'chris_morgan'],
    ['the third attempt goes to the contact center', { attempt: 2 }, {}, 'third_attempt_to_contact_center', 'contact_center'],
    ['partner referrals are qualified by phone', { kind: 'referral', fields: { referral_source: 'partner:acme_realty' } }, {}, 'partner_referrals_to_contact_center', 'contact_center'],
    ['a branch referral for a mortgage to a loan officer of that branch, not the nearest one', { kind: 'referral', product: 'mortgage', fields: { referral_source: 'branch:evanston' } }, {}, 'branch_referral_home_loans_to_branch', 'michael_brooks'],
    ['a branch referral whose loan officer is full goes on to the product rules', { kind: 'referral', product: 'mortgage', fields: { referral_source: 'branch:evanston' } }, { openLeadCounts: { michael_brooks: 10 } }, 'mortgage_to_nearby_loan_officers', 'tomas_rivera'],
    ['a Spanish-speaking branch referral nobody there speaks for goes to the language rule', { kind: 'referral', product: 'mortgage', fields: { referral_source: 'branch:evanston', language: 'es' } }, { openLeadCounts: { alejandro_reyes: 3, ana_morales: 1, tomas_rivera: 2 } }, 'mortgage_in_the_customers_language', 'ana_morales'],
    ['a branch referral for checking to the least-loaded banker of that branch', { kind: 'referral', fields: { referral_source: 'branch:brooklyn_heights' } }, { openLeadCounts: { james_whitaker: 5 } }, 'branch_referral_back_to_branch', 'yuki_tanaka'],
    ['a wealth referral from a branch is placed by the product rules', { kind: 'referral', segment: 'wealth', product: 'life_insurance', fields: { referral_source: 'branch:evanston' } }, {}, 'life_insurance_to_licensed_advisors', 'grace_kim'],
    ['commercial leads to the least-loaded nearby commercial RM', { segment: 'commercial', product: 'treasury_management', fields: { zip: '80202', state: 'CO' } }, {}, 'commercial_to_commercial_rms', 'omar_haddad'],
    ['mortgage leads to a nearby loan officer, by weight', { product: 'mortgage' }, {}, 'mortgage_to_nearby_loan_officers', 'tomas_rivera'],
    ['a Spanish-speaking mortgage lead to a loan officer who speaks Spanish', { product: 'mortgage', fields: { language: 'es' } }, { openLeadCounts: { alejandro_reyes: 3, ana_morales: 1, tomas_rivera: 2 } }, 'mortgage_in_the_customers_language', 'ana_morales'],
    ['a mortgage far from every branch to NMLS inside sales', { product: 'mortgage', fields: { zip: '59001', state: 'MT' } }, {}, 'mortgage_remote_to_inside_sales', 'jordan_taylor'],
    ['a hot consumer near a branch to a banker there', { signals: hot() }, {}, 'hot_consumer_leads_to_branch', 'kevin_obrien'],
    ['a cool consumer to inside sales', {}, {}, 'consumer_to_inside_sales', 'chris_morgan'],
    ['wealth life insurance in Illinois to the advisor licensed there', { segment: 'wealth', product: 'life_insurance' }, {}, 'life_insurance_to_licensed_advisors', 'grace_kim'],
    ['no rule for a wealth checking lead: the fallback queue', { segment: 'wealth', product: 'checking' }, {}, null, 'contact_center'],
  ];
  it.each(cases)('%s', (_name, over, extra, ruleName, owner) => {
    const r = run(over, extra);
    expect(r.rule).toBe(ruleName);
    expect(r.owner.id).toBe(owner);
    expect(r.outcome).toBe(ruleName === null ? 'fallback' : 'assigned');
  });

  it('explains itself in structured data and plain English', () => {
    const r = run({ id: 'L-42', product: 'mortgage' }, { openLeadCounts: { michael_brooks: 10 } });
    expect(r.summary).toBe('Routed to Tomás Rivera (chicago_loop) by rule mortgage_to_nearby_loan_officers: weighted: picked tomas_rivera, weight 2 of 2 across 1 eligible, highest credit 2 (smooth weighted round robin)');
    expect(r.explanation.result).toEqual({ owner: 'tomas_rivera', ownerKind: 'rm', rule: 'mortgage_to_nearby_loan_officers', via: 'rule' });
    expect(r.explanation.rules.map((x) => `${x.rule}:${x.outcome}`)).toEqual([
      'existing_customer_to_owner:conditions_failed',
      'third_attempt_to_contact_center:conditions_failed',
      'partner_referrals_to_contact_center:conditions_failed',
      'branch_referral_home_loans_to_branch:conditions_failed',
      'branch_referral_back_to_branch:conditions_failed',
      'commercial_to_commercial_rms:conditions_failed',
      'treasury_to_commercial_rms:conditions_failed',
      'wealth_to_licensed_advisors:conditions_failed',
      'life_insurance_to_licensed_advisors:conditions_failed',
      'mortgage_in_the_customers_language:conditions_failed',
      'mortgage_to_nearby_loan_officers:matched',
    ]);
    expect(renderRoutingExplanation(r.explanation)).toBe(
      [
        'Lead L-42, attempt 1, at 2026-03-10T17:00:00.000Z: attempt 1, kind lead, product mortgage, product_family mortgage, segment consumer, state IL, zip 60603, score 30, existing_customer false',
        'Rules:',
        '  existing_customer_to_owner: skipped, existing_customer is true is false (it is false)',
        '  third_attempt_to_contact_center: skipped, attempt is at least 3 is false (it is 1)',
        '  partner_referrals_to_contact_center: skipped, kind is referral is false (it is lead); referral_source matches ^partner: is false (not given)',
        '  branch_referral_home_loans_to_branch: skipped, kind is referral is false (it is lead); referral_source matches ^branch: is false (not given)',
        '  branch_referral_back_to_branch: skipped, kind is referral is false (it is lead); referral_source matches ^branch: is false (not given)',
        '  commercial_to_commercial_rms: skipped, segment is commercial is false (it is consumer)',
        '  treasury_to_commercial_rms: skipped, product is treasury_management is false (it is mortgage)',
        '  wealth_to_licensed_advisors: skipped, product is wealth_management is false (it is mortgage)',
        '  life_insurance_to_licensed_advisors: skipped, product is life_insurance is false (it is mortgage)',
        '  mortgage_in_the_customers_language: skipped, language is not given',
        '  mortgage_to_nearby_loan_officers: matched',
        '    nearest_branches: within 50 mi of 60603: chicago_loop (0.0 mi), evanston (12.5 mi) (6 RMs)',
        '    role: role loan_officer (2 RMs)',
        '    - tomas_rivera: eligible',
        '    - michael_brooks: at capacity (10 open of 10)',
        '    picked tomas_rivera: weighted: picked tomas_rivera, weight 2 of 2 across 1 eligible, highest credit 2 (smooth weighted round robin)',
        'Result: tomas_rivera (rm), by rule mortgage_to_nearby_loan_officers',
      ].join('\n'),
    );
  });

  it('says why it fell back', () => {
    const r = run({ segment: 'wealth', product: 'checking' });
    expect(r.summary).toBe('No rule placed the lead (15 tried), so it went to the fallback queue, the Contact Center queue');
    expect(r.explanation.result.via).toBe('fallback');
    expect(r.poolStateUpdate).toBeUndefined();
  });
});

describe('strategies and the durable pool pointer', () => {
  const chicago = (strategy: string, weights?: Record<string, number>) =>
    withRules([rule({ name: 'chicago', pool: { branch: ['chicago_loop', 'evanston'], role: ['loan_officer', 'banker'] }, strategy, ...(weights ? { weights } : {}) })]);

  function stream(cfg: typeof config, n: number, counts: Record<string, number> = {}, start: Record<string, PoolState> = {}) {
    let states = start;
    const picks: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = route({ lead: lead({ id: `L-${i}` }), config: cfg, poolStates: states, openLeadCounts: counts, now: TUESDAY });
      picks.push(r.owner.id);
      if (r.poolStateUpdate) states = { ...states, [r.poolStateUpdate.key]: r.poolStateUpdate.state };
    }
    return { picks, states };
  }

  it('round robin rotates in stable order, carried by the state the caller persists', () => {
    const { picks, states } = stream(chicago('round_robin'), 6);
    expect(picks).toEqual(['kevin_obrien', 'linda_nguyen', 'michael_brooks', 'tomas_rivera', 'kevin_obrien', 'linda_nguyen']);
    expect(states.chicago).toEqual({ lastAssigned: 'linda_nguyen', counts: { kevin_obrien: 2, linda_nguyen: 2, michael_brooks: 1, tomas_rivera: 1 } });
    // Starting from the persisted state continues the rotation, as after a restart.
    expect(stream(chicago('round_robin'), 2, {}, states).picks).toEqual(['michael_brooks', 'tomas_rivera']);
  });

  it('weighted gives each their share', () => {
    const { picks } = stream(chicago('weighted', { tomas_rivera: 3 }), 12);
    const count = (id: string) => picks.filter((p) => p === id).length;
    expect([count('tomas_rivera'), count('linda_nguyen'), count('michael_brooks'), count('kevin_obrien')]).toEqual([6, 2, 2, 2]);
    // Smooth: the heavy one is spread out, not given six in a row.
    expect(picks.slice(0, 6).filter((p) => p === 'tomas_rivera')).toHaveLength(3);
  });

  it('a pool found by location keeps a pointer per set of branches; the customer\'s own RM moves no pointer', () => {
    const near = withRules([rule({ name: 'near', pool: { nearest_branches: { radius_miles: 15, max: 2 } } })]);
    const at = (zip: string) => route({ lead: lead({ fields: { zip } }), config: near, poolStates: {}, openLeadCounts: {}, now: TUESDAY }).poolStateUpdate?.key;
    expect(at('60603')).toBe('near@chicago_loop+evanston');
    expect(at('11201')).toBe('near@brooklyn_heights+nyc_midtown');
    expect(run({ existingCustomer: true, existingOwnerId: 'sofia_alvarez' }).poolStateUpdate).toBeUndefined();
  });

  it('least loaded picks the fewest open leads', () => {
    const { picks } = stream(chicago('least_loaded'), 1, { kevin_obrien: 4, linda_nguyen: 2, michael_brooks: 3, tomas_rivera: 2 });
    expect(picks).toEqual(['linda_nguyen']);
  });
});

describe('holding a lead for an away owner', () => {
  const yukiCustomer: LeadOverrides = { existingCustomer: true, existingOwnerId: 'yuki_tanaka', fields: { zip: '11201', state: 'NY' } };
  const onLeave = new Date('2026-12-22T15:00:00Z');

  it('holds when the only eligible owner is away and the policy says hold', () => {
    const r = run(yukiCustomer, { now: onLeave });
    expect(r.outcome).toBe('held');
    expect(r.owner.id).toBe('yuki_tanaka');
    // Back on Saturday 2 January, 09:00 in Brooklyn (the branch opens Saturdays).
    expect(r.heldUntil?.toISOString()).toBe('2027-01-02T14:00:00.000Z');
    expect(r.summary).toBe('Held for Yuki Tanaka (brooklyn_heights) by rule existing_customer_to_owner: the only eligible owner is away until 2027-01-02T14:00:00.000Z');
  });

  it('moves on down the rules when the policy says reassign', () => {
    const reassign = withSla((sla) => ({ ...sla, policies: sla.policies.map((p) => ({ ...p, when_owner_away: 'reassign' as const })) }));
    const r = run(yukiCustomer, { now: onLeave }, reassign);
    expect(r.outcome).toBe('assigned');
    expect(r.rule).toBe('consumer_to_inside_sales');
    expect(r.explanation.rules[0]?.outcome).toBe('no_eligible');
  });
});
