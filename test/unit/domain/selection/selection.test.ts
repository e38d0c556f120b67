import { leastLoaded, roundRobin, weighted, type RoundRobinState, type WeightedState } from '../../../../src/domain/selection';

describe('roundRobin', () => {
  it('rotates through a fixed pool in stable order, whatever order candidates arrive in', () => {
    let state: RoundRobinState = {};
    const picks: (string | null)[] = [];
    const orders = [['c', 'a', 'b'], ['b', 'c', 'a'], ['a', 'b', 'c']];
    for (let i = 0; i < 7; i++) {
      const r = roundRobin(orders[i % 3]!, state);
      picks.push(r.pick);
      state = r.nextState;
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    expect(state).toEqual({ lastAssigned: 'a', counts: { a: 3, b: 2, c: 2 } });
  });

  it('does not flood someone back from leave', () => {
    // b was away while a and c took 10 leads each.
    const state: RoundRobinState = { lastAssigned: 'c', counts: { a: 10, b: 2, c: 10 } };
    const r = roundRobin(['a', 'b', 'c'], state);
    expect(r.pick).toBe('b');
    expect(r.nextState.counts).toEqual({ a: 10, b: 10, c: 10 });
    expect(r.explanation).toBe(
      'round robin: picked b, 9 assignment(s) in this pool, the fewest among 3 eligible; b brought up to 9 on (re)joining the pool',
    );
    const next = roundRobin(['a', 'b', 'c'], r.nextState);
    expect(next.pick).toBe('c');
  });

  it('explains ties and answers an empty pool as a value', () => {
    expect(roundRobin(['x', 'y'], { lastAssigned: 'x', counts: { x: 1, y: 1 } }).explanation).toBe(
      'round robin: picked y, 1 assignment(s) in this pool, the fewest among 2 eligible; tie among 2 broken by rotation after x',
    );
    const none = roundRobin([], { lastAssigned: 'x' });
    expect(none).toEqual({ pick: null, nextState: { lastAssigned: 'x' }, explanation: 'round robin: no eligible candidates' });
  });
});

describe('weighted', () => {
  it('spreads picks smoothly by weight', () => {
    let state: WeightedState = {};
    const picks: (string | null)[] = [];
    for (let i = 0; i < 7; i++) {
      const r = weighted(['a', 'b', 'c'], { a: 5, b: 1, c: 1 }, state);
      picks.push(r.pick);
      state = r.nextState;
    }
    expect(picks.join('')).toBe('aabacaa');
    expect(state.credit).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('skips weight 0, defaults a missing weight to 1, and says why nobody was picked', () => {
    expect(weighted(['a', 'b'], { a: 0 }, {}).pick).toBe('b');
    expect(weighted(['a', 'b'], { a: 0, b: 0 }, {})).toEqual({
      pick: null, nextState: {}, explanation: 'weighted: all 2 eligible candidates have weight 0',
    });
    expect(weighted([], {}, {}).explanation).toBe('weighted: no eligible candidates');
    expect(() => weighted(['a'], { a: -1 }, {})).toThrow(RangeError);
  });

  it('explains the pick', () => {
    expect(weighted(['a', 'b'], { a: 3, b: 1 }, {}).explanation).toBe(
      'weighted: picked a, weight 3 of 4 across 2 eligible, highest credit 3 (smooth weighted round robin)',
    );
  });
});

describe('leastLoaded', () => {
  it('picks the fewest open leads and rotates among equals', () => {
    expect(leastLoaded(['a', 'b', 'c'], { a: 3, b: 1, c: 2 }, {}).pick).toBe('b');
    expect(leastLoaded(['a', 'b', 'c'], { a: 1, b: 1, c: 1 }, { lastAssigned: 'a' }).pick).toBe('b');
    expect(leastLoaded(['a', 'b', 'c'], { a: 1, b: 1, c: 1 }, { lastAssigned: 'c' }).pick).toBe('a');
    // Nobody in openCounts has no open leads.
    expect(leastLoaded(['a', 'new'], { a: 1 }, {}).pick).toBe('new');
  });

  it('explains the pick and answers an empty pool as a value', () => {
    expect(leastLoaded(['a', 'b', 'c'], { a: 2, b: 2, c: 5 }, { lastAssigned: 'a' })).toEqual({
      pick: 'b',
      nextState: { lastAssigned: 'b' },
      explanation: 'least loaded: picked b with 2 open lead(s), the fewest among 3 eligible; tie among 2 broken by rotation after a',
    });
    expect(leastLoaded([], {}, {}).pick).toBeNull();
  });
});
