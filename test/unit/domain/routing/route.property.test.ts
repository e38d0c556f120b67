import fc from 'fast-check';
import { DateTime } from 'luxon';
import { nextOpening } from '../../../../src/domain/calendar';
import { licencesFor, rosterIndex } from '../../../../src/domain/roster-index';
import { route } from '../../../../src/domain/routing';
import type { PoolState } from '../../../../src/domain/routing';
import { leadArb, nowArb, randomConfig, rosterArb } from './arbitraries';
import { lead } from './fixtures';

describe('routing never breaks the rules it is given', () => {
  it('an RM is only ever chosen when active, licensed, under capacity, available, not excluded and in rotation', () => {
    const scenario = rosterArb.chain(({ branches, rms }) => {
      const ids = rms.map((m) => m.id);
      return fc.record({
        branches: fc.constant(branches),
        rms: fc.constant(rms),
        lead: leadArb(ids),
        now: nowArb,
        open: fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 5 })),
        excluded: fc.subarray(ids),
        rotation: fc.subarray(ids),
        strategy: fc.constantFrom('round_robin' as const, 'weighted' as const, 'least_loaded' as const),
      });
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const config = randomConfig(s.branches, s.rms, s.strategy);
        const r = route({ lead: s.lead, config, poolStates: {}, openLeadCounts: s.open, excludedOwners: s.excluded, outOfRotation: s.rotation, now: s.now });
        if (r.owner.kind === 'queue') {
          expect(r.owner.id).toBe(config.routing.fallback_queue);
          return;
        }
        const index = rosterIndex(config);
        const rm = index.rmById.get(r.owner.id)!;
        expect(rm.active).toBe(true);
        expect(s.excluded).not.toContain(rm.id);
        expect(s.rotation).not.toContain(rm.id);
        expect(s.open[rm.id] ?? 0).toBeLessThan(rm.capacity);
        const zipState = { '10017': 'NY', '11201': 'NY', '02110': 'MA', '60603': 'IL', '60201': 'IL', '80202': 'CO', '85004': 'AZ', '90071': 'CA', '91101': 'CA', '98101': 'WA', '59001': 'MT', '99501': 'AK' }[s.lead.fields.zip as string] ?? null;
        const needed = licencesFor(index.productById.get(s.lead.product!), zipState);
        if (needed.length > 0) expect(needed.some((l) => rm.licenses.includes(l))).toBe(true);
        if (r.outcome === 'held') return; // waiting for an away owner is the one exception to availability
        // Availability, checked against the roster data directly: not on leave the day the branch next opens,
        // and working from then (give or take the grace).
        const home = index.homeCalendar(rm)!;
        const opens = nextOpening(home, s.now);
        const day = DateTime.fromJSDate(opens, { zone: home.timeZone }).toISODate()!;
        expect(rm.out_of_office.some((o) => o.from <= day && day <= o.to)).toBe(false);
        const works = nextOpening(index.rmCalendar(rm)!, s.now);
        expect(works.getTime()).toBeLessThanOrEqual(opens.getTime() + config.routing.availability.grace_minutes * 60_000);
      }),
      { numRuns: 300 },
    );
  });

  it('a reassignment never goes back to someone who had the lead', () => {
    fc.assert(
      fc.property(rosterArb, nowArb, (roster, now) => {
        const config = randomConfig(roster.branches, roster.rms);
        const had: string[] = [];
        let states: Record<string, PoolState> = {};
        for (let attempt = 0; attempt < roster.rms.length + 1; attempt++) {
          const r = route({ lead: lead({ attempt, fields: { zip: '60603' } }), config, poolStates: states, openLeadCounts: {}, excludedOwners: had, now });
          if (r.owner.kind === 'queue') break;
          expect(had).not.toContain(r.owner.id);
          had.push(r.owner.id);
          if (r.poolStateUpdate) states = { ...states, [r.poolStateUpdate.key]: r.poolStateUpdate.state };
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('round robin through route()', () => {
  const fixedPool = rosterArb.map(({ branches, rms }) => ({
    branches,
    // Everyone eligible all the time: active, full-time, no leave, room for every lead.
    rms: rms.map((m) => ({ ...m, active: true, hours: undefined, out_of_office: [], capacity: 1000 })),
  }));

  it('with a fixed pool, assignments per eligible owner differ by at most one', () => {
    fc.assert(
      fc.property(fixedPool, fc.integer({ min: 1, max: 80 }), (roster, n) => {
        const config = randomConfig(roster.branches, roster.rms);
        const now = new Date('2026-03-10T17:00:00Z');
        let states: Record<string, PoolState> = {};
        const got: Record<string, number> = {};
        for (let i = 0; i < n; i++) {
          // Far from every branch and no licence needed: the round-robin rule over everyone decides.
          const r = route({ lead: lead({ id: `L-${i}`, product: 'checking', fields: { zip: '99501' } }), config, poolStates: states, openLeadCounts: {}, now });
          expect(r.rule).toBe('anyone');
          got[r.owner.id] = (got[r.owner.id] ?? 0) + 1;
          if (r.poolStateUpdate) states = { ...states, [r.poolStateUpdate.key]: r.poolStateUpdate.state };
        }
        const counts = roster.rms.map((m) => got[m.id] ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('when eligibility changes lead by lead, the pointer keeps the eligible within one', () => {
    const scenario = fixedPool.chain((roster) =>
      fc.record({ roster: fc.constant(roster), excluded: fc.array(fc.subarray(roster.rms.map((m) => m.id)), { minLength: 1, maxLength: 40 }) }),
    );
    fc.assert(
      fc.property(scenario, ({ roster, excluded }) => {
        const config = randomConfig(roster.branches, roster.rms);
        const now = new Date('2026-03-10T17:00:00Z');
        let states: Record<string, PoolState> = {};
        for (const [i, ex] of excluded.entries()) {
          const r = route({ lead: lead({ id: `L-${i}`, product: 'checking', fields: { zip: '99501' } }), config, poolStates: states, openLeadCounts: {}, excludedOwners: ex, now });
          if (!r.poolStateUpdate) {
            expect(ex.length).toBe(roster.rms.length);
            continue;
          }
          states = { ...states, [r.poolStateUpdate.key]: r.poolStateUpdate.state };
          const eligible = roster.rms.map((m) => m.id).filter((id) => !ex.includes(id));
          const counts = eligible.map((id) => states.anyone?.counts?.[id] ?? 0);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 100 },
    );
  });
});
