import fc from 'fast-check';
import type { SyncRule } from '../../../../src/config';
import { reconcile, toCanonical } from '../../../../src/domain/sync';
import type { FieldSyncState, ReconcileInput, Side } from '../../../../src/domain/sync';
import { ctx, field, T, variant } from './support';

const value = fc.constantFrom('Branch', 'Web', 'Partner', ' Web ', '', null);
const minute = fc.integer({ min: 0, max: 30 });
const side = fc.constantFrom<Side>('hubspot', 'salesforce');

describe('two_way: the result does not depend on the order in which the two changes are seen', () => {
  const mapping = variant('referral_source', { sync: 'two_way' });
  const settle = (before: FieldSyncState, hs: [string | null, number], sf: [string | null, number]) =>
    reconcile({ mapping, canonicalBefore: before, hubspot: { value: hs[0], changedAt: T(hs[1]) }, salesforce: { value: sf[0], changedAt: T(sf[1]) } }, ctx).canonical;

  it('both at once, HubSpot first or Salesforce first give the same value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Branch', 'Web', 'Partner'), minute, side, fc.boolean(),
        value, minute, value, minute,
        (v0, t0, source, inSync, hsValue, hsAt, sfValue, sfAt) => {
          // With and without what each system last showed (snapshots from before `seen` existed).
          const before: FieldSyncState = { value: v0, changedAt: T(t0), source, ...(inSync ? { seen: { hubspot: v0, salesforce: v0 } } : {}) };
          // Until a system's change is seen, it still shows the snapshot's value, at the snapshot's time.
          const old: [string, number] = [v0, t0];
          const together = settle(before, [hsValue, hsAt], [sfValue, sfAt]);
          const hubspotFirst = settle(settle(before, [hsValue, hsAt], old), [hsValue, hsAt], [sfValue, sfAt]);
          const salesforceFirst = settle(settle(before, old, [sfValue, sfAt]), [hsValue, hsAt], [sfValue, sfAt]);
          expect(hubspotFirst.value).toBe(together.value);
          expect(salesforceFirst.value).toBe(together.value);
        },
      ),
    );
  });

  it('the value of the latest change wins when the systems’ times differ', () => {
    fc.assert(
      fc.property(fc.constantFrom('Web', 'Partner', 'Referral'), fc.constantFrom('Web', 'Partner', 'Referral'), minute, minute, (hsValue, sfValue, hsAt, sfAt) => {
        fc.pre(hsAt !== sfAt);
        const before: FieldSyncState = { value: 'Branch', changedAt: T(0), source: 'hubspot' };
        const r = settle(before, [hsValue, hsAt + 1], [sfValue, sfAt + 1]);
        expect(r.value).toBe(hsAt > sfAt ? hsValue : sfValue);
      }),
    );
  });
});

describe('reconcile is idempotent: its own output, applied, gives no further writes', () => {
  const RULES: SyncRule[] = ['prefer_map', 'prefer_crm', 'crm_unless_blank', 'two_way', 'none'];
  const mappings = [
    ...RULES.map((sync) => variant('referral_source', { sync })),
    field('email'),
    field('city'),
    field('segment'),
    field('email_opt_out'),
    field('tcpa_consent'),
  ];
  const raw = (name: string) => {
    switch (name) {
      case 'email': return fc.constantFrom(' Ann@Example.com', 'ann@example.com', 'bo@example.com', '', null);
      case 'city': return fc.constantFrom('new york', 'New York ', 'BOSTON', null);
      case 'segment': return fc.constantFrom('consumer', 'wealth', null);
      case 'email_opt_out': case 'tcpa_consent': return fc.constantFrom('true', 'false', '', null);
      default: return value;
    }
  };
  const sfRaw = (name: string) =>
    name === 'segment' ? fc.constantFrom('Consumer', 'Wealth', null) : name === 'email_opt_out' || name === 'tcpa_consent' ? fc.boolean() : raw(name);
  const at = fc.option(minute, { nil: null });

  it.each(mappings.map((m) => [`${m.name} (${m.sync})`, m] as const))('%s', (_label, mapping) => {
    // Snapshots hold what reconcile settled: canonical values.
    const canonicalOf = (v: string | null): FieldSyncState['value'] => {
      const c = toCanonical(mapping, 'hubspot', v, ctx);
      return 'value' in c ? c.value : null;
    };
    fc.assert(
      fc.property(
        fc.option(fc.tuple(raw(mapping.name), minute, side, fc.option(minute, { nil: null })), { nil: null }),
        raw(mapping.name), at, sfRaw(mapping.name), at,
        fc.record({ hubspot: fc.option(minute, { nil: null }), salesforce: fc.option(minute, { nil: null }) }),
        (b, hsValue, hsAt, sfValue, sfAt, evidence) => {
          const before: FieldSyncState | null = b
            ? { value: canonicalOf(b[0]), changedAt: T(b[1]), source: b[2], ...(mapping.consent ? { revokedAt: b[3] === null ? null : T(b[3]) } : {}) }
            : null;
          const reconsentAt = { hubspot: evidence.hubspot === null ? null : T(evidence.hubspot), salesforce: evidence.salesforce === null ? null : T(evidence.salesforce) };
          const first: ReconcileInput = {
            mapping, canonicalBefore: before, reconsentAt,
            hubspot: { value: hsValue, changedAt: hsAt === null ? null : T(hsAt) },
            salesforce: { value: sfValue, changedAt: sfAt === null ? null : T(sfAt) },
          };
          const r1 = reconcile(first, ctx);
          const r2 = reconcile(
            {
              ...first,
              canonicalBefore: r1.canonical,
              hubspot: r1.writeHubspot === undefined ? first.hubspot : { value: r1.writeHubspot, changedAt: T(40) },
              salesforce: r1.writeSalesforce === undefined ? first.salesforce : { value: r1.writeSalesforce, changedAt: T(40) },
            },
            ctx,
          );
          expect(r2.writeHubspot).toBeUndefined();
          expect(r2.writeSalesforce).toBeUndefined();
          expect(r2.canonical.value).toEqual(r1.canonical.value);
        },
      ),
    );
  });
});
