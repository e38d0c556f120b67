/**
 * The pure parts: which per-record codes are retryable, and the budget arithmetic behind the limiters.
 */
import fc from 'fast-check';
import {
  dailyLanes,
  dailyPacing,
  parseHubSpotRateHeaders,
  parseSforceLimitInfo,
  retryAfterMs,
  spacingMs,
  windowBudget,
  windowSlowdownMs,
} from '../../../src/connectors/rate-policy';
import { isRetryableRecordCode } from '../../../src/connectors/retry';

const NOW = new Date('2026-03-02T14:00:00Z');


describe('retryable codes', () => {
  it('knows which per-record codes are worth retrying', () => {
    expect(isRetryableRecordCode('salesforce', 'UNABLE_TO_LOCK_ROW')).toBe(true);
    expect(isRetryableRecordCode('salesforce', 'REQUIRED_FIELD_MISSING')).toBe(false);
    expect(isRetryableRecordCode('hubspot', 'VALIDATION_ERROR')).toBe(false);
  });
});

describe('budget arithmetic', () => {
  it('keeps a rolling window under the budget by spacing', () => {
    const b = windowBudget(100, 10_000);
    expect(b).toEqual({ max: 90, windowMs: 10_000 });
    // However a 10 s window falls, evenly spaced starts fit in it at most max + 1 times... and
    // spacing by ceil(window/max) gives at most max.
    expect(Math.floor(b.windowMs / spacingMs(b))).toBeLessThanOrEqual(b.max);
  });

  it('slows down one rolling slot per request below the reserve', () => {
    expect(windowSlowdownMs({ max: 100, remaining: 11, windowMs: 10_000 }, 10)).toBe(0);
    expect(windowSlowdownMs({ max: 100, remaining: 10, windowMs: 10_000 }, 10)).toBe(100);
    expect(windowSlowdownMs({ max: 100, remaining: 0, windowMs: 10_000 }, 10)).toBe(1_100);
  });

  it('stops bulk below 20% of the day and everything below 3%', () => {
    expect(dailyLanes({ max: 1000, remaining: 250 })).toEqual({ critical: true, bulk: true });
    expect(dailyLanes({ max: 1000, remaining: 150 })).toEqual({ critical: true, bulk: false });
    expect(dailyLanes({ max: 1000, remaining: 20 })).toEqual({ critical: false, bulk: false });
  });

  it('paces a day so burst plus a day of refills stays within max × share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 5_000_000 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (max, share) => {
        const p = dailyPacing(max, share);
        return p.burst + Math.floor(86_400_000 / p.intervalMs) <= Math.max(p.budget, p.burst + 1);
      }),
    );
  });

  it('parses the rate-limit headers, Sforce-Limit-Info and Retry-After', () => {
    expect(
      parseHubSpotRateHeaders({
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '42',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
        'x-hubspot-ratelimit-daily': '250000',
        'x-hubspot-ratelimit-daily-remaining': '1000',
      }),
    ).toEqual({ window: { max: 100, remaining: 42, windowMs: 10_000 }, daily: { max: 250_000, remaining: 1_000 } });
    expect(parseHubSpotRateHeaders({})).toEqual({});
    expect(parseSforceLimitInfo('api-usage=10018/100000; api-bursts=1/750')).toEqual({ used: 10_018, max: 100_000 });
    expect(parseSforceLimitInfo(undefined)).toBeUndefined();
    expect(retryAfterMs('7', 0)).toBe(7_000);
    expect(retryAfterMs('Mon, 02 Mar 2026 14:00:30 GMT', NOW.getTime())).toBe(30_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});
