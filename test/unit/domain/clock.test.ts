import { ManualClock, ScaledClock } from '../../../src/domain/clock';

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
});
