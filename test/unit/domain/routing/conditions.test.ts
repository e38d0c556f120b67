import type { Condition } from '../../../../src/config/schemas/routing';
import { describeFailure, failedOps } from '../../../../src/domain/conditions';
import { route } from '../../../../src/domain/routing';
import { TUESDAY, hot, lead, rule, withRules } from './fixtures';
import type { LeadOverrides } from './fixtures';

/**
 * Every operator on every kind of routing fact, through route(): a one-rule config whose rule
 * sends a match to the inside_sales queue; anything else falls back to contact_center.
 */
const cases: [string, Record<string, unknown>, LeadOverrides, boolean][] = [
  ['eq on text', { product: 'mortgage' }, { product: 'mortgage' }, true],
  ['eq on text, other value', { product: 'mortgage' }, { product: 'checking' }, false],
  ['eq on a boolean', { existing_customer: true }, { existingCustomer: true }, true],
  ['eq on a boolean, false', { existing_customer: true }, { existingCustomer: false }, false],
  ['ne', { language: { ne: 'en' } }, { fields: { language: 'es-MX' } }, true],
  ['ne, equal', { language: { ne: 'en' } }, { fields: { language: 'EN' } }, false],
  ['ne holds for a missing fact', { language: { ne: 'en' } }, {}, true],
  ['in', { segment: ['consumer', 'wealth'] }, { segment: 'wealth' }, true],
  ['in, not among', { segment: ['consumer', 'wealth'] }, { segment: 'commercial' }, false],
  ['not_in', { state: { not_in: ['NY', 'NJ'] } }, {}, true],
  ['not_in, among', { state: { not_in: ['NY', 'NJ'] } }, { fields: { state: 'ny', zip: '10017' } }, false],
  ['not_in holds for a missing fact', { referral_source: { not_in: ['partner:acme'] } }, {}, true],
  ['gt', { score: { gt: 50 } }, { signals: hot() }, true],
  ['gt, below', { score: { gt: 50 } }, {}, false],
  ['gte at the bound', { attempt: { gte: 2 } }, { attempt: 1 }, true],
  ['gte below', { attempt: { gte: 2 } }, { attempt: 0 }, false],
  ['lt', { score: { lt: 30 } }, {}, true],
  ['lt at the bound', { attempt: { lt: 1 } }, { attempt: 0 }, false],
  ['lte at the bound', { attempt: { lte: 1 } }, { attempt: 0 }, true],
  ['lte above', { attempt: { lte: 1 } }, { attempt: 3 }, false],
  ['a range: every operator must hold', { score: { gte: 10, lt: 30 } }, {}, true],
  ['a range, outside', { score: { gte: 10, lt: 15 } }, {}, false],
  ['exists: true', { referral_source: { exists: true } }, { fields: { referral_source: 'partner:acme' } }, true],
  ['exists: true, blank counts as missing', { referral_source: { exists: true } }, { fields: { referral_source: '  ' } }, false],
  ['exists: false', { language: { exists: false } }, {}, true],
  ['exists: false, given', { language: { exists: false } }, { fields: { language: 'es' } }, false],
  ['matches', { referral_source: { matches: '^partner:' } }, { fields: { referral_source: 'partner:acme_realty' } }, true],
  ['matches, no match', { referral_source: { matches: '^partner:' } }, { fields: { referral_source: 'branch:evanston' } }, false],
  ['matches never holds for a missing fact', { zip: { matches: '.*' } }, { fields: { zip: null } }, false],
  ['zip is read as 5 digits from ZIP+4', { zip: '60603' }, { fields: { zip: '60603-1234' } }, true],
  ['state comes from the ZIP when the address has none', { state: 'IL' }, { fields: { state: null, zip: '60201' } }, true],
  ['product_family from the catalogue', { product_family: 'mortgage' }, { product: 'mortgage' }, true],
  ['product_family: a HELOC is lending', { product_family: 'mortgage' }, { product: 'heloc' }, false],
  ['kind', { kind: 'referral' }, { kind: 'referral' }, true],
  ['lead_state', { lead_state: ['ready', 'returned'] }, { state: 'returned' }, true],
  ['all conditions must hold', { product: 'mortgage', segment: 'wealth' }, { product: 'mortgage', segment: 'consumer' }, false],
  ['no conditions match every lead', {}, {}, true],
];

describe('routing conditions, every operator', () => {
  it.each(cases)('%s', (_name, when, over, matches) => {
    const config = withRules([rule({ name: 'probe', when, pool: { queue: 'inside_sales' } })]);
    const r = route({ lead: lead(over), config, poolStates: {}, openLeadCounts: {}, now: TUESDAY });
    expect(r.owner.id).toBe(matches ? 'inside_sales' : 'contact_center');
    expect(r.outcome).toBe(matches ? 'assigned' : 'fallback');
    const trace = r.explanation.rules[0];
    expect(trace?.outcome).toBe(matches ? 'matched' : 'conditions_failed');
    if (!matches) expect(trace?.failed?.length).toBeGreaterThan(0);
  });
});

describe('condition failures explain themselves', () => {
  it('names the field, the operator and both values, or leaves the value out when asked', () => {
    const cond: Condition = { in: ['mortgage', 'heloc'] };
    const [f] = failedOps('product', cond, 'checking');
    expect(describeFailure(f!)).toBe('product is one of mortgage, heloc is false (it is checking)');
    expect(describeFailure(f!, false)).toBe('product is one of mortgage, heloc is false');
    expect(failedOps('score', { gte: 10, lt: 30 }, 40).map((x) => x.op)).toEqual(['lt']);
    expect(describeFailure(failedOps('language', { exists: true }, undefined)[0]!)).toBe('language is not given');
    expect(describeFailure(failedOps('score', { gt: 50 }, null)[0]!)).toBe('score is more than 50 is false (not given)');
  });
});
