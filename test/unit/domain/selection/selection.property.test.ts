import fc from 'fast-check';
import { leastLoaded, roundRobin, weighted, type RoundRobinState, type WeightedState } from '../../../../src/domain/selection';

const ids = ['ana', 'ben', 'cai', 'dee', 'eli', 'fay', 'gus'];
const pool = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: ids.length });
const spread = (counts: Record<string, number>, among: readonly string[]): number => {
  const c = among.map((id) => counts[id] ?? 0);
  return Math.max(...c) - Math.min(...c);
};

describe('round robin properties', () => {
  it('with a fixed pool, counts never differ by more than one and every n picks visit everyone once', () => {
    fc.assert(
      fc.property(pool, fc.integer({ min: 1, max: 60 }), (candidates, picks) => {
        let state: RoundRobinState = {};
        const seen: string[] = [];
        for (let i = 0; i < picks; i++) {
          const r = roundRobin(i % 2 ? [...candidates].reverse() : candidates, state);
          state = r.nextState;
          seen.push(r.pick as string);
          expect(spread(state.counts ?? {}, candidates)).toBeLessThanOrEqual(1);
        }
        for (let start = 0; start + candidates.length <= seen.length; start += candidates.length) {
          expect(new Set(seen.slice(start, start + candidates.length)).size).toBe(candidates.length);
        }
      }),
    );
  });

  it('from any stored state, a fixed pool is within one after the first pick', () => {
    const counts = fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 500 }));
    fc.assert(
      fc.property(pool, counts, fc.option(fc.constantFrom(...ids), { nil: undefined }), fc.integer({ min: 1, max: 30 }), (candidates, c, last, picks) => {
        let state: RoundRobinState = { counts: c, lastAssigned: last };
        for (let i = 0; i < picks; i++) {
          state = roundRobin(candidates, state).nextState;
          expect(spread(state.counts ?? {}, candidates)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('when the pool changes between calls, the eligible stay within one and nobody is flooded', () => {
    // Each step: the pool for a run of calls (someone out of office, someone back).
    const steps = fc.array(fc.record({ candidates: pool, calls: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(steps, (runs) => {
        let state: RoundRobinState = {};
        for (const { candidates, calls } of runs) {
          const got: Record<string, number> = {};
          for (let i = 0; i < calls; i++) {
            const r = roundRobin(candidates, state);
            expect(candidates).toContain(r.pick);
            state = r.nextState;
            got[r.pick as string] = (got[r.pick as string] ?? 0) + 1;
            expect(spread(state.counts ?? {}, candidates)).toBeLessThanOrEqual(1);
          }
          // Within a run with a fixed pool nobody gets more than their share plus one.
          const share = Math.ceil(calls / candidates.length);
          for (const n of Object.values(got)) expect(n).toBeLessThanOrEqual(share + 1);
        }
      }),
    );
  });
});

describe('weighted properties', () => {
  const weightsArb = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 5 }).chain((cands) =>
    fc.tuple(fc.constant(cands), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: cands.length, maxLength: cands.length })),
  );

  it('each full cycle gives everyone exactly their weight, and no prefix strays by a whole pick', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 4 }), ([cands, ws], cycles) => {
        const weights = Object.fromEntries(cands.map((id, i) => [id, ws[i]!]));
        const total = ws.reduce((a, b) => a + b, 0);
        let state: WeightedState = {};
        const counts: Record<string, number> = {};
        for (let n = 1; n <= total * cycles; n++) {
          const r = weighted(cands, weights, state);
          state = r.nextState;
          counts[r.pick as string] = (counts[r.pick as string] ?? 0) + 1;
          for (const id of cands) {
            expect(Math.abs((counts[id] ?? 0) - (n * weights[id]!) / total)).toBeLessThan(1);
          }
          if (n % total === 0) {
            for (const id of cands) expect(counts[id] ?? 0).toBe((n / total) * weights[id]!);
          }
        }
      }),
    );
  });

  it('is deterministic: the same inputs give the same pick and state', () => {
    fc.assert(
      fc.property(weightsArb, fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: -20, max: 20 })), ([cands, ws], credit) => {
        const weights = Object.fromEntries(cands.map((id, i) => [id, ws[i]!]));
        expect(weighted(cands, weights, { credit })).toEqual(weighted([...cands].reverse(), weights, { credit }));
      }),
    );
  });
});

describe('least loaded properties', () => {
  it('never picks someone with more open leads than another candidate', () => {
    fc.assert(
      fc.property(pool, fc.dictionary(fc.constantFrom(...ids), fc.nat(20)), fc.option(fc.constantFrom(...ids), { nil: undefined }), (candidates, open, last) => {
        const r = leastLoaded(candidates, open, { lastAssigned: last });
        const mine = open[r.pick as string] ?? 0;
        for (const other of candidates) expect(mine).toBeLessThanOrEqual(open[other] ?? 0);
      }),
    );
  });

  it('with equal loads, successive picks rotate through everyone', () => {
    fc.assert(
      fc.property(pool, fc.nat(10), (candidates, load) => {
        const open = Object.fromEntries(candidates.map((id) => [id, load]));
        let last: string | undefined;
        const picks = new Set<string>();
        for (let i = 0; i < candidates.length; i++) {
          const r = leastLoaded(candidates, open, { lastAssigned: last });
          last = r.nextState.lastAssigned;
          picks.add(r.pick as string);
        }
        expect(picks.size).toBe(candidates.length);
      }),
    );
  });
});
