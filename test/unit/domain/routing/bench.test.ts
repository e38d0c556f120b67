import { benchRouting } from '../../../../scripts/bench/routing';

describe('the routing benchmark', () => {
  it('runs on a small bank, deterministically, and reports the figures the report quotes', async () => {
    const a = await benchRouting({ rms: 300, branches: 20, leads: 200, warmup: 50, seed: 7 });
    const b = await benchRouting({ rms: 300, branches: 20, leads: 200, warmup: 50, seed: 7 });
    for (const key of ['decisionsPerSecond', 'p50Micros', 'p95Micros', 'baselineDecisionsPerSecond', 'ratio', 'meanExplanationChars']) {
      expect(a[key]).toBeGreaterThan(0);
    }
    expect(a).toMatchObject({ rms: 300, branches: 20, leads: 200 });
    // Same seed, same bank, same decisions.
    expect([a.toRmsShare, a.meanExplanationChars]).toEqual([b.toRmsShare, b.meanExplanationChars]);
    expect(a.toRmsShare).toBeGreaterThan(0.3);
  });
});
