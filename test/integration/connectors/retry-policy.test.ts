/**
 * The pure parts: when the dispatcher tries a failed row again (full jitter, caps, Retry-After,
 * dead-letter after the kind's attempts), and the budget arithmetic behind the limiters.
 */
import fc from 'fast-check';
import type { ApiFailure } from '../../../src/connectors/api-failure';
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
import { DEFAULT_RETRY_POLICY, backoffMs, isRetryableRecordCode, nextAttemptAt } from '../../../src/connectors/retry';

const NOW = new Date('2026-03-02T14:00:00Z');
const at = (d: Date | null): number | null => (d ? d.getTime() - NOW.getTime() : null);
const retryable: Pick<ApiFailure, 'kind'> = { kind: 'retryable' };

describe('nextAttemptAt', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(at(nextAttemptAt(1, retryable, NOW, () => 0.999999))).toBe(999);
    expect(at(nextAttemptAt(3, retryable, NOW, () => 0.5))).toBe(2_000);
    expect(at(nextAttemptAt(3, retryable, NOW, () => 0))).toBe(0);
    expect(backoffMs(40, () => 0.999999)).toBe(DEFAULT_RETRY_POLICY.capMs - 1);
  });

  it('never comes before Retry-After (or the limit’s window), and spreads replicas after it', () => {
    const limited = { kind: 'rate_limited' as const, retryAfterMs: 10_000 };
    expect(at(nextAttemptAt(1, limited, NOW, () => 0))).toBe(10_000);
    expect(at(nextAttemptAt(1, limited, NOW, () => 0.5))).toBe(10_500);
    expect(at(nextAttemptAt(1, { kind: 'retryable', retryAfterMs: 30_000 }, NOW, () => 0))).toBe(30_000);
  });

  it('dead-letters permanent failures at once and retryable ones after their attempts', () => {
    expect(nextAttemptAt(1, { kind: 'permanent' }, NOW, () => 0.5)).toBeNull();
    expect(nextAttemptAt(7, retryable, NOW, () => 0.5)).not.toBeNull();
    expect(nextAttemptAt(8, retryable, NOW, () => 0.5)).toBeNull();
    // Rate limits and auth are not the record's fault: they wait much longer before giving up.
    expect(nextAttemptAt(30, { kind: 'rate_limited' }, NOW, () => 0.5)).not.toBeNull();
    expect(at(nextAttemptAt(1, { kind: 'auth' }, NOW, () => 0))).toBe(60_000);
  });

  it('always lands within [floor, floor + cap]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 59 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }), (attempt, r, wait) => {
        const f = { kind: 'rate_limited' as const, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
        const delay = at(nextAttemptAt(attempt, f, NOW, () => r))!;
        const floor = Math.max(1_000, wait ?? 0);
        return delay >= floor && delay <= floor + DEFAULT_RETRY_POLICY.capMs;
      }),
    );
  });

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
