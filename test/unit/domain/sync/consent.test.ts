import fc from 'fast-check';
import type { FieldMapping } from '../../../../src/config';
import { reconcile } from '../../../../src/domain/sync';
import type { FieldSyncState, ReconcileInput, Side } from '../../../../src/domain/sync';
import { ctx, field, T, variant } from './support';

const hsBool = (b: boolean) => String(b);
const input = (
  mapping: FieldMapping,
  before: FieldSyncState | null,
  hs: [boolean | string, number],
  sf: [boolean | string, number],
  reconsentAt?: Partial<Record<Side, string | null>>,
): ReconcileInput => ({
  mapping,
  canonicalBefore: before,
  hubspot: { value: typeof hs[0] === 'boolean' ? hsBool(hs[0]) : hs[0], changedAt: T(hs[1]) },
  salesforce: { value: sf[0], changedAt: T(sf[1]) },
  ...(reconsentAt ? { reconsentAt } : {}),
});

describe('opt-out flags (email_opt_out, do_not_call): a revocation anywhere wins and is never lifted by the sync', () => {
  const clear: FieldSyncState = { value: false, changedAt: T(0), source: 'hubspot', revokedAt: null };
  const held: FieldSyncState = { value: true, changedAt: T(3), source: 'salesforce', revokedAt: T(3) };

  it('an opt-out in HubSpot reaches Salesforce', () => {
    const r = reconcile(input(field('email_opt_out'), clear, [true, 5], [false, 1]), ctx);
    expect(r).toEqual({
      canonical: { value: true, changedAt: T(5), source: 'hubspot', revokedAt: T(5), seen: { hubspot: 'true', salesforce: false } },
      writeSalesforce: true, reason: 'consent_revoked', problems: [],
    });
  });

  it('a Do Not Call in Salesforce reaches HubSpot, even when HubSpot changed the flag later', () => {
    const r = reconcile(input(field('do_not_call'), clear, [false, 9], [true, 5]), ctx);
    expect(r).toMatchObject({ canonical: { value: true, revokedAt: T(5) }, writeHubspot: 'true', reason: 'consent_revoked' });
  });

  it('a later clear in one system is written back, whatever its timestamp or evidence', () => {
    const r = reconcile(input(field('email_opt_out'), held, [false, 30], [true, 3], { hubspot: T(29) }), ctx);
    expect(r).toMatchObject({ canonical: { value: true, revokedAt: T(3) }, writeHubspot: 'true', reason: 'consent_revocation_held' });
    expect(r.writeSalesforce).toBeUndefined();
  });

  it('clears in both systems are both written back', () => {
    const r = reconcile(input(field('do_not_call'), held, [false, 30], [false, 31]), ctx);
    expect(r).toMatchObject({ canonical: { value: true }, writeHubspot: 'true', writeSalesforce: true });
  });

  it('applies to a flag mapped prefer_map or none too: the rule does not stop a revocation', () => {
    for (const sync of ['prefer_map', 'none'] as const) {
      const r = reconcile(input(variant('do_not_call', { sync }), clear, [false, 1], [true, 5]), ctx);
      expect(r).toMatchObject({ canonical: { value: true }, writeHubspot: 'true' });
    }
  });

  it('counts a value it cannot read as an opt-out, and leaves that value alone', () => {
    const r = reconcile(input(field('email_opt_out'), clear, ['unsubscribed', 5], [false, 1]), ctx);
    expect(r).toMatchObject({ canonical: { value: true }, writeSalesforce: true, problems: [expect.objectContaining({ code: 'invalid_boolean', side: 'hubspot' })] });
    expect(r.writeHubspot).toBeUndefined();
  });
});

describe('TCPA consent (opt_in with tcpa_consent_at as evidence)', () => {
  const tcpa = field('tcpa_consent');
  const granted: FieldSyncState = { value: true, changedAt: T(0), source: 'hubspot', revokedAt: null };
  const revoked: FieldSyncState = { value: false, changedAt: T(3), source: 'salesforce', revokedAt: T(3) };

  it('a withdrawal in Salesforce reaches HubSpot', () => {
    const r = reconcile(input(tcpa, granted, [true, 1], [false, 3]), ctx);
    expect(r).toMatchObject({ canonical: { value: false, revokedAt: T(3) }, writeHubspot: 'false', reason: 'consent_revoked' });
  });

  it('a new consent recorded after the withdrawal lifts it in both systems', () => {
    const r = reconcile(input(tcpa, revoked, [true, 8], [false, 3], { hubspot: T(7) }), ctx);
    expect(r).toEqual({
      canonical: { value: true, changedAt: T(8), source: 'hubspot', revokedAt: null, seen: { hubspot: 'true', salesforce: false } },
      writeSalesforce: true, reason: 'consent_reconsented', problems: [],
    });
  });

  it.each([
    ['no evidence', undefined],
    ['evidence older than the withdrawal', { hubspot: T(2) }],
    ['evidence at the very time of the withdrawal', { hubspot: T(3) }],
    ['evidence from the other system', { salesforce: T(7) }],
  ])('a consent with %s does not lift it', (_what, reconsentAt) => {
    const r = reconcile(input(tcpa, revoked, [true, 8], [false, 3], reconsentAt), ctx);
    expect(r).toMatchObject({ canonical: { value: false }, writeHubspot: 'false', reason: 'consent_revocation_held' });
  });

  it('a withdrawal whose time is unknown can never be beaten', () => {
    const unknown = { ...revoked, revokedAt: null };
    expect(reconcile(input(tcpa, unknown, [true, 8], [false, 3], { hubspot: T(7) }), ctx).canonical.value).toBe(false);
  });

  it('accepts a re-consent only from a system the sync rule lets win', () => {
    const preferMap = variant('tcpa_consent', { sync: 'prefer_map' });
    expect(reconcile(input(preferMap, revoked, [false, 1], [true, 8], { salesforce: T(7) }), ctx)).toMatchObject({ canonical: { value: false }, writeSalesforce: false });
    expect(reconcile(input(preferMap, revoked, [true, 8], [false, 1], { hubspot: T(7) }), ctx)).toMatchObject({ canonical: { value: true }, writeSalesforce: true });
    const none = variant('tcpa_consent', { sync: 'none' });
    expect(reconcile(input(none, revoked, [true, 8], [false, 1], { hubspot: T(7) }), ctx).canonical.value).toBe(false);
  });

  it('on a first sync, weighs the consent evidence against the other system’s time', () => {
    expect(reconcile(input(tcpa, null, [true, 8], [false, 5], { hubspot: T(7) }), ctx)).toMatchObject({ canonical: { value: true }, writeSalesforce: true });
    expect(reconcile(input(tcpa, null, [true, 8], [false, 9], { hubspot: T(7) }), ctx)).toMatchObject({ canonical: { value: false }, writeHubspot: 'false' });
  });
});

describe('property: a revocation is never undone by later changes that are not an allowed re-consent', () => {
  type Event = { side: Side; value: boolean; gap: number; evidenceLead: number };
  const event = fc.record({
    side: fc.constantFrom<Side>('hubspot', 'salesforce'),
    value: fc.boolean(),
    gap: fc.integer({ min: 0, max: 5 }),
    // Evidence this many minutes after the revocation; <= 0 is not newer.
    evidenceLead: fc.integer({ min: -20, max: 20 }),
  });

  const cases = [
    { name: 'email_opt_out', allowNewerEvidence: true },
    { name: 'do_not_call', allowNewerEvidence: true },
    { name: 'tcpa_consent', allowNewerEvidence: false },
  ];

  it.each(cases)('$name', ({ name, allowNewerEvidence }) => {
    const mapping = field(name);
    const R = mapping.consent === 'opt_out';
    fc.assert(
      fc.property(fc.constantFrom<Side>('hubspot', 'salesforce'), fc.array(event, { maxLength: 12 }), (revoker, events: Event[]) => {
        const world: Record<Side, { value: boolean; at: number; evidence: number | null }> = {
          hubspot: { value: !R, at: 1, evidence: null },
          salesforce: { value: !R, at: 1, evidence: null },
        };
        let snapshot: FieldSyncState | null = { value: !R, changedAt: T(1), source: 'hubspot', revokedAt: null };
        let now = 10;
        const cycle = () => {
          const r = reconcile(
            {
              mapping,
              canonicalBefore: snapshot,
              hubspot: { value: String(world.hubspot.value), changedAt: T(world.hubspot.at) },
              salesforce: { value: world.salesforce.value, changedAt: T(world.salesforce.at) },
              reconsentAt: {
                hubspot: world.hubspot.evidence === null ? null : T(world.hubspot.evidence),
                salesforce: world.salesforce.evidence === null ? null : T(world.salesforce.evidence),
              },
            },
            ctx,
          );
          snapshot = r.canonical;
          // Handoff's writes land a moment later, stamped by the system that takes them.
          if (r.writeHubspot !== undefined) world.hubspot = { ...world.hubspot, value: r.writeHubspot === 'true', at: now };
          if (r.writeSalesforce !== undefined) world.salesforce = { ...world.salesforce, value: r.writeSalesforce === true, at: now };
          return r;
        };
        world[revoker] = { value: R, at: now, evidence: null };
        cycle();
        expect(snapshot?.value).toBe(R);
        const revokedAt = now;
        for (const e of events) {
          now += e.gap + 1;
          // Without permission in the YAML, even newer evidence must not lift it; with it, only older evidence is tried.
          const lead = allowNewerEvidence ? e.evidenceLead : Math.min(e.evidenceLead, 0);
          world[e.side] = { value: e.value, at: now, evidence: revokedAt + lead };
          cycle();
          expect(snapshot?.value).toBe(R);
        }
        now += 1;
        cycle();
        expect([world.hubspot.value, world.salesforce.value]).toEqual([R, R]);
      }),
    );
  });
});
