import { isHandoffError } from '../../../src/errors';
import { parseDuration, parseInstant, parseSince, positiveNumber, wholeNumber } from '../../../src/ops/flags';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (isHandoffError(err) && err.code === 'BAD_FLAG') return err.message;
    throw err;
  }
  throw new Error('no error');
};

describe('ops flags', () => {
  it('reads durations and instants', () => {
    expect([parseDuration('since', '30d'), parseDuration('since', '12h'), parseDuration('since', '90m'), parseDuration('since', '2w')]).toEqual([30 * 86_400_000, 12 * 3_600_000, 90 * 60_000, 14 * 86_400_000]);
    const now = new Date('2026-03-31T00:00:00Z');
    expect(parseSince('since', '30d', now).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseSince('since', '2026-01-15', now).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(parseInstant('since', '2026-01-15T09:30:00Z').toISOString()).toBe('2026-01-15T09:30:00.000Z');
  });

  it('says which flag is wrong and what it needs', () => {
    expect(message(() => parseSince('since', 'last month', new Date()))).toBe('--since must be an ISO date or date-time such as 2026-01-01 or 2026-01-01T00:00:00Z, got "last month"');
    expect(message(() => parseDuration('since', '0d'))).toBe('--since must be a duration such as 30d, 12h, 90m or 2w (or an ISO date-time), got "0d"');
    expect(message(() => wholeNumber('batch', '500', 1, 200))).toBe('--batch must be a whole number from 1 to 200, got "500"');
    expect(message(() => positiveNumber('speed', '-1'))).toBe('--speed must be a number above 0 and at most 100000, got "-1"');
  });
});
