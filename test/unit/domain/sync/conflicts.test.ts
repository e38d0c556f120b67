import type { SyncRule } from '../../../../src/config';
import { reconcile } from '../../../../src/domain/sync';
import type { FieldSyncState, ReconcileInput } from '../../../../src/domain/sync';
import { ctx, field, T, variant } from './support';

/** referral_source (text, trim) under each rule; the snapshot says "Branch", set from HubSpot at T(0). */
const before: FieldSyncState = { value: 'Branch', changedAt: T(0), source: 'hubspot' };
const run = (sync: SyncRule, hs: [string | null, number], sf: [string | null, number], b: FieldSyncState | null = before) =>
  reconcile(
    {
      mapping: variant('referral_source', { sync }),
      canonicalBefore: b,
      hubspot: { value: hs[0], changedAt: T(hs[1]) },
      salesforce: { value: sf[0], changedAt: T(sf[1]) },
    },
    ctx,
  );

type Row = [string, [string | null, number], [string | null, number]];
const SCENARIOS: Row[] = [
  ['only HubSpot changed', ['Web', 5], ['Branch', 1]],
  ['only Salesforce changed', ['Branch', 1], ['Partner', 5]],
  ['both changed, HubSpot newer', ['Web', 6], ['Partner', 5]],
  ['both changed, Salesforce newer', ['Web', 5], ['Partner', 6]],
  ['HubSpot cleared', ['', 5], ['Branch', 1]],
  ['Salesforce cleared', ['Branch', 1], [null, 5]],
  ['neither changed', ['Branch', 1], ['Branch', 1]],
];

/** Expected [canonical, writeHubspot, writeSalesforce] per scenario, in SCENARIOS order. */
type Outcome = [string | null, string | undefined, string | null | undefined];
const EXPECTED: Record<SyncRule, Outcome[]> = {
  prefer_map: [
    ['Web', undefined, 'Web'],
    ['Branch', undefined, 'Branch'],
    ['Web', undefined, 'Web'],
    ['Web', undefined, 'Web'],
    [null, undefined, null],
    ['Branch', undefined, 'Branch'],
    ['Branch', undefined, undefined],
  ],
  prefer_crm: [
    ['Branch', 'Branch', undefined],
    ['Partner', 'Partner', undefined],
    ['Partner', 'Partner', undefined],
    ['Partner', 'Partner', undefined],
    ['Branch', 'Branch', undefined],
    [null, '', undefined],
    ['Branch', undefined, undefined],
  ],
  crm_unless_blank: [
    ['Branch', 'Branch', undefined],
    ['Partner', 'Partner', undefined],
    ['Partner', 'Partner', undefined],
    ['Partner', 'Partner', undefined],
    ['Branch', 'Branch', undefined],
    ['Branch', undefined, 'Branch'],
    ['Branch', undefined, undefined],
  ],
  two_way: [
    ['Web', undefined, 'Web'],
    ['Partner', 'Partner', undefined],
    ['Web', undefined, 'Web'],
    ['Partner', 'Partner', undefined],
    [null, undefined, null],
    [null, '', undefined],
    ['Branch', undefined, undefined],
  ],
  none: [
    ['Web', undefined, undefined],
    ['Branch', undefined, undefined],
    ['Web', undefined, undefined],
    ['Web', undefined, undefined],
    [null, undefined, undefined],
    ['Branch', undefined, undefined],
    ['Branch', undefined, undefined],
  ],
};

describe.each(Object.keys(EXPECTED) as SyncRule[])('sync rule %s', (rule) => {
  it.each(SCENARIOS.map((s, i) => [...s, EXPECTED[rule][i] as Outcome] as const))('%s', (_name, hs, sf, [canonical, writeHs, writeSf]) => {
    const r = run(rule, hs, sf);
    expect(r.canonical.value).toBe(canonical);
    expect(r.writeHubspot).toBe(writeHs);
    expect(r.writeSalesforce).toBe(writeSf);
    expect(r.problems).toEqual([]);
  });
});

describe('two_way: the latest change wins by the systems’ own timestamps', () => {
  it('records the winning change’s own time and system, not the time of the decision', () => {
    expect(run('two_way', ['Web', 6], ['Partner', 5]).canonical).toEqual({
      value: 'Web', changedAt: T(6), source: 'hubspot', seen: { hubspot: 'Web', salesforce: 'Partner' },
    });
  });

  it('breaks a tie between the systems in favour of Salesforce', () => {
    const r = run('two_way', ['Web', 5], ['Partner', 5]);
    expect(r).toMatchObject({ canonical: { value: 'Partner', source: 'salesforce' }, writeHubspot: 'Partner', reason: 'tie_salesforce' });
  });

  it('ignores a change older than the one the snapshot already holds (seen late) and restores the snapshot there', () => {
    const newer: FieldSyncState = { value: 'Partner', changedAt: T(9), source: 'salesforce' };
    const r = run('two_way', ['Web', 7], ['Partner', 9], newer);
    expect(r).toMatchObject({ canonical: newer, writeHubspot: 'Partner', reason: 'older_change_ignored' });
  });

  it('lets a second edit in the same system within the same second win', () => {
    const sfSet: FieldSyncState = { value: 'Partner', changedAt: T(9), source: 'salesforce' };
    expect(run('two_way', ['Partner', 1], ['Referral', 9], sfSet).canonical.value).toBe('Referral');
  });

  it('does not let a record-level modified time, moved by another field’s edit, revive an unchanged value', () => {
    // HubSpot changed the field at 5 and Handoff's write to Salesforce has not landed yet; meanwhile
    // an RM edits another field, so the Lead's LastModifiedDate (all Salesforce gives) is 7.
    const settled: FieldSyncState = { value: 'Web', changedAt: T(5), source: 'hubspot', seen: { hubspot: 'Web', salesforce: 'Branch' } };
    const r = run('two_way', ['Web', 5], ['Branch', 7], settled);
    expect(r.canonical.value).toBe('Web');
    expect(r.writeSalesforce).toBe('Web');
  });

  it('takes the echo of its own write as agreement, not as a newer change', () => {
    // Handoff wrote "Web" to Salesforce (landing at 9) while HubSpot moved on to "Partner" at 8.
    const settled: FieldSyncState = { value: 'Web', changedAt: T(5), source: 'hubspot', seen: { hubspot: 'Web', salesforce: 'Branch' } };
    const r = run('two_way', ['Partner', 8], ['Web', 9], settled);
    expect(r).toMatchObject({ canonical: { value: 'Partner', changedAt: T(8) }, writeSalesforce: 'Partner', reason: 'hubspot_changed' });
  });

  it('reads a snapshot written before a transform was added through the field’s current transforms', () => {
    const stored: FieldSyncState = { value: 'Ann@Example.com', changedAt: T(0), source: 'hubspot' };
    const r = reconcile({ mapping: field('email'), canonicalBefore: stored, hubspot: { value: 'ann@example.com', changedAt: T(0) }, salesforce: { value: 'ANN@example.com', changedAt: T(0) } }, ctx);
    expect(r).toMatchObject({ canonical: { value: 'ann@example.com' }, reason: 'unchanged' });
    expect(r.writeHubspot).toBeUndefined();
    expect(r.writeSalesforce).toBeUndefined();
  });

  it('counts a change without a timestamp as newer than the snapshot', () => {
    const r = reconcile({ mapping: field('first_name'), canonicalBefore: before, hubspot: { value: 'Ann' }, salesforce: { value: 'Branch', changedAt: T(1) } }, ctx);
    expect(r).toMatchObject({ canonical: { value: 'Ann', changedAt: null, source: 'hubspot' }, writeSalesforce: 'Ann' });
  });

  it('on a first sync takes the newer of two different values', () => {
    expect(run('two_way', ['Web', 3], ['Partner', 2], null)).toMatchObject({ canonical: { value: 'Web' }, writeSalesforce: 'Web', reason: 'hubspot_newer' });
  });

  it('produces no write when both systems changed to the same value', () => {
    const r = run('two_way', ['Web', 3], ['Web', 4]);
    expect(r).toEqual({ canonical: { value: 'Web', changedAt: T(4), source: 'salesforce', seen: { hubspot: 'Web', salesforce: 'Web' } }, reason: 'agreed', problems: [] });
  });
});

describe('writes that change nothing are not produced', () => {
  it('compares after transforms: case and spaces are not a difference for a lower-cased, trimmed email', () => {
    const r = reconcile(
      { mapping: field('email'), canonicalBefore: null, hubspot: { value: ' Ann@Example.COM ', changedAt: T(5) }, salesforce: { value: 'ann@example.com', changedAt: T(1) } },
      ctx,
    );
    expect(r).toMatchObject({ canonical: { value: 'ann@example.com' }, reason: 'agreed' });
    expect(r.writeHubspot).toBeUndefined();
    expect(r.writeSalesforce).toBeUndefined();
  });

  it('compares in each system’s own form: a Salesforce datetime to the second matches HubSpot’s milliseconds', () => {
    const r = reconcile(
      {
        mapping: field('tcpa_consent_at'),
        canonicalBefore: { value: '2025-01-02T03:04:05.678Z', changedAt: T(0), source: 'hubspot' },
        hubspot: { value: '2025-01-02T03:04:05.678Z', changedAt: T(0) },
        salesforce: { value: '2025-01-02T03:04:05.000+0000', changedAt: T(1) },
      },
      ctx,
    );
    expect(r.writeSalesforce).toBeUndefined();
    expect(r.reason).toBe('prefer_map');
  });

  it('a many-to-one picklist (lead_source) is not rewritten when Salesforce already shows the mapped value', () => {
    const r = reconcile(
      { mapping: field('lead_source'), canonicalBefore: null, hubspot: { value: 'PAID_SEARCH', changedAt: T(1) }, salesforce: { value: 'Web', changedAt: T(2) } },
      ctx,
    );
    expect(r.writeSalesforce).toBeUndefined();
  });

  it('writes nothing to a system that has no record', () => {
    const r = reconcile({ mapping: field('first_name'), canonicalBefore: null, hubspot: { value: 'Ann', changedAt: T(1) } }, ctx);
    expect(r).toEqual({ canonical: { value: 'Ann', changedAt: T(1), source: 'hubspot', seen: { hubspot: 'Ann' } }, reason: 'hubspot_changed', problems: [] });
  });
});

describe('values that cannot be read', () => {
  const phone = (hs: string | null, sf: string | null): ReconcileInput => ({
    mapping: field('phone'),
    canonicalBefore: { value: '+14155552671', changedAt: T(0), source: 'salesforce' },
    hubspot: { value: hs, changedAt: T(5) },
    salesforce: { value: sf, changedAt: T(1) },
  });

  it('are reported, never win and are never overwritten', () => {
    const r = reconcile(phone('+14155552671', 'ask at the branch'), ctx);
    expect(r.reason).toBe('unreadable');
    expect(r.canonical.value).toBe('+14155552671');
    expect(r.writeHubspot).toBeUndefined();
    expect(r.writeSalesforce).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ code: 'invalid_phone', field: 'phone', side: 'salesforce' })]);
    expect(JSON.stringify(r.problems)).not.toContain('branch');
  });

  it('on the HubSpot side leave crm_unless_blank to Salesforce, which still wins', () => {
    const r = reconcile(phone('n/a', '(415) 555-2671'), ctx);
    expect(r.canonical.value).toBe('+14155552671');
    expect(r.writeHubspot).toBeUndefined();
    expect(r.problems).toHaveLength(1);
  });
});

describe('Salesforce-required fields and placeholders', () => {
  it('never clears LastName in Salesforce: its value stands and HubSpot gets it back', () => {
    const r = reconcile(
      {
        mapping: field('last_name'),
        canonicalBefore: { value: 'Lee', changedAt: T(0), source: 'hubspot' },
        hubspot: { value: '', changedAt: T(5) },
        salesforce: { value: 'Lee', changedAt: T(1) },
      },
      ctx,
    );
    expect(r.writeSalesforce).toBeUndefined();
    expect(r.writeHubspot).toBe('Lee');
    expect(r.canonical.value).toBe('Lee');
    expect(r.problems).toEqual([
      { code: 'required_blank', field: 'last_name', side: 'salesforce', message: 'last_name: Salesforce requires LastName, so the blank is not written there and its value stands' },
    ]);
  });

  it('treats the when_blank Company placeholder as blank, so a consumer’s name never becomes their HubSpot company', () => {
    const templateValues = { now: { first_name: 'Ann', last_name: 'Lee' } };
    const r = reconcile(
      { mapping: field('company'), canonicalBefore: null, hubspot: { value: '', changedAt: T(1) }, salesforce: { value: 'Ann Lee', changedAt: T(2) }, templateValues },
      ctx,
    );
    expect(r.canonical.value).toBeNull();
    expect(r.writeHubspot).toBeUndefined();
    expect(r.writeSalesforce).toBeUndefined();
  });

  it('refreshes the placeholder when the name it was made from changes, and lets a real company through', () => {
    const mapping = field('company');
    const renamed = reconcile(
      {
        mapping, canonicalBefore: { value: null, changedAt: T(0), source: 'salesforce' },
        hubspot: { value: '', changedAt: T(1) }, salesforce: { value: 'Ann Lee', changedAt: T(2) },
        templateValues: { now: { first_name: 'Ann', last_name: 'Lee-Park' }, before: { first_name: 'Ann', last_name: 'Lee' } },
      },
      ctx,
    );
    expect(renamed.writeSalesforce).toBe('Ann Lee-Park');
    const real = reconcile(
      {
        mapping, canonicalBefore: null, hubspot: { value: '', changedAt: T(1) }, salesforce: { value: 'Acme Bakery LLC', changedAt: T(2) },
        templateValues: { now: { first_name: 'Ann', last_name: 'Lee' } },
      },
      ctx,
    );
    expect(real).toMatchObject({ canonical: { value: 'Acme Bakery LLC' }, writeHubspot: 'Acme Bakery LLC', reason: 'crm_value' });
  });
});
