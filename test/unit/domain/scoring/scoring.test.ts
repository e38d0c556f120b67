import fc from 'fast-check';
import { decayedPoints, scoreLead } from '../../../../src/domain/scoring';

const now = new Date('2026-05-08T15:00:00Z');
const daysAgo = (d: number): Date => new Date(now.getTime() - d * 86_400_000);

describe('decayedPoints', () => {
  it.each([
    [10, 0, 7, 10],
    [10, 7, 7, 5],
    [10, 14, 7, 2.5],
    [10, 3.5, 7, 10 / Math.SQRT2],
    [-20, 30, 30, -10],
    [10, 365, undefined, 10],
    [10, 365, Infinity, 10],
    [10, -2, 7, 10], // stamped in the future: counts in full, never more
  ])('%d points, %d days old, half-life %s → %d', (points, age, halfLife, expected) => {
    expect(decayedPoints(points, daysAgo(age), now, halfLife)).toBeCloseTo(expected, 10);
  });

  it('refuses a half-life that is not positive', () => {
    expect(() => decayedPoints(10, now, now, 0)).toThrow(RangeError);
    expect(() => decayedPoints(10, now, now, -1)).toThrow(RangeError);
    expect(() => decayedPoints(10, now, now, NaN)).toThrow(RangeError);
  });

  const instant = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2028-01-01') });
  const halfLife = fc.double({ min: 0.01, max: 3650, noNaN: true });

  it('stays within [0, points] and never grows as time passes', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), instant, instant, fc.nat(10 * 365 * 86_400_000), halfLife,
        (points, at, t, later, hl) => {
          const v1 = decayedPoints(points, new Date(at), new Date(t), hl);
          const v2 = decayedPoints(points, new Date(at), new Date(t + later), hl);
          expect(v1).toBeGreaterThanOrEqual(0);
          expect(v1).toBeLessThanOrEqual(points);
          expect(v2).toBeLessThanOrEqual(v1);
        }),
    );
  });

  it('keeps the sign of negative points and only shrinks their size', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 0, noNaN: true }), instant, instant, halfLife, (points, at, t, hl) => {
        const v = decayedPoints(points, new Date(at), new Date(t), hl);
        expect(v).toBeLessThanOrEqual(0);
        expect(v).toBeGreaterThanOrEqual(points);
      }),
    );
  });
});

describe('scoreLead', () => {
  it('sums decayed signals by category', () => {
    const score = scoreLead(
      [
        { category: 'fit', points: 20 },
        { category: 'fit', points: 5, at: daysAgo(400) },
        { category: 'behavior', points: 10, at: daysAgo(7), halfLifeDays: 7 },
        { category: 'behavior', points: 4, at: daysAgo(14), halfLifeDays: 7 },
        { category: 'behavior', points: -6, at: daysAgo(30), halfLifeDays: 30 },
        { category: 'intent', points: 30, at: daysAgo(2), halfLifeDays: 2 },
      ],
      now,
    );
    expect(score.byCategory.fit).toBe(25);
    expect(score.byCategory.behavior).toBeCloseTo(5 + 1 - 3, 10);
    expect(score.byCategory.intent).toBeCloseTo(15, 10);
    expect(score.total).toBeCloseTo(25 + 3 + 15, 10);
  });

  it('is zero in every category with no signals', () => {
    expect(scoreLead([], now)).toEqual({ total: 0, byCategory: { fit: 0, behavior: 0, intent: 0 } });
  });

  it('total is the sum of the categories and never rises as time passes for positive signals', () => {
    const signal = fc.record({
      category: fc.constantFrom('fit' as const, 'behavior' as const, 'intent' as const),
      points: fc.integer({ min: 0, max: 100 }),
      at: fc.option(fc.integer({ min: 0, max: 400 }).map(daysAgo), { nil: undefined }),
      halfLifeDays: fc.option(fc.integer({ min: 1, max: 180 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 20 }), fc.nat(365), (signals, laterDays) => {
        const a = scoreLead(signals, now);
        const b = scoreLead(signals, new Date(now.getTime() + laterDays * 86_400_000));
        expect(a.total).toBeCloseTo(a.byCategory.fit + a.byCategory.behavior + a.byCategory.intent, 9);
        expect(b.total).toBeLessThanOrEqual(a.total + 1e-9);
      }),
    );
  });
});
