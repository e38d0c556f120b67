import fc from 'fast-check';
import { ManualClock, ScaledClock, happenedAt } from '../../../src/domain/clock';

describe('clocks', () => {
  it('ManualClock moves only when told', () => {
    const c = new ManualClock('2026-01-05T09:00:00Z');
    expect(c.now().toISOString()).toBe('2026-01-05T09:00:00.000Z');
    c.advance(90_000);
    expect(c.now().toISOString()).toBe('2026-01-05T09:01:30.000Z');
  });

  it('ScaledClock runs `speed` times faster than the real clock it is given', () => {
    let real = 1_000;
    const c = new ScaledClock('2026-01-05T09:00:00Z', 60, () => real);
    real += 1_000; // one real second = one virtual minute
    expect(c.now().toISOString()).toBe('2026-01-05T09:01:00.000Z');
    c.setSpeed(1);
    real += 1_000;
    expect(c.now().toISOString()).toBe('2026-01-05T09:01:01.000Z');
    c.advance(3_600_000);
    expect(c.now().toISOString()).toBe('2026-01-05T10:01:01.000Z');
  });

  describe('happenedAt: a source system\'s time, never later than now', () => {
    const now = new Date('2026-01-05T09:00:00Z');
    it.each([
      ['an earlier time', new Date('2026-01-05T08:40:00Z'), '2026-01-05T08:40:00.000Z'],
      ['now itself', now, '2026-01-05T09:00:00.000Z'],
      ['a time ahead of the clock (skew)', new Date('2026-01-05T09:00:01Z'), '2026-01-05T09:00:00.000Z'],
      ['an unreadable time', new Date('not a time'), '2026-01-05T09:00:00.000Z'],
      ['no time', null, '2026-01-05T09:00:00.000Z'],
      ['undefined', undefined, '2026-01-05T09:00:00.000Z'],
    ])('%s', (_what, at, expected) => {
      expect(happenedAt(at, now).toISOString()).toBe(expected);
    });

    it('is the given time when it is not after now, and now otherwise', () => {
      fc.assert(
        fc.property(fc.date({ noInvalidDate: true }), fc.date({ noInvalidDate: true }), (at, clock) => {
          const got = happenedAt(at, clock);
          expect(got.getTime()).toBe(Math.min(at.getTime(), clock.getTime()));
        }),
      );
    });
  });
});
