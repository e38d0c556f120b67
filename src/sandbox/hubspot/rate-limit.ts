/**
 * HubSpot's private-app rate limits, measured on the injected clock: a 10-second rolling window per
 * app and a daily counter per account (by tier, API-FACTS A6), and search's own 5 requests per
 * second. Rejected requests do not use up budget. The 429 bodies are the exact ones the SDK's retry
 * decorator matches on (`policyName: TEN_SECONDLY_ROLLING`, "You have reached your secondly limit.").
 */
import type { Clock } from '../../domain/clock';
import type { ErrorExtras } from './wire';
import { newCorrelationId } from './wire';

export type Tier = 'starter' | 'professional' | 'enterprise' | 'api_add_on';

export interface RateLimits {
  tenSecondly: number;
  daily: number;
  searchPerSecond: number;
}

// api_add_on: Enterprise plus one API limit increase (+1,000,000/day).
export const TIER_LIMITS: Record<Tier, RateLimits> = {
  starter: { tenSecondly: 100, daily: 250_000, searchPerSecond: 5 },
  professional: { tenSecondly: 190, daily: 625_000, searchPerSecond: 5 },
  enterprise: { tenSecondly: 190, daily: 1_000_000, searchPerSecond: 5 },
  api_add_on: { tenSecondly: 250, daily: 2_000_000, searchPerSecond: 5 },
};

const WINDOW_MS = 10_000;
const SECOND_MS = 1_000;

export type RateDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; headers: Record<string, string>; message: string; extras: ErrorExtras };

export class RateLimiter {
  private standard: number[] = [];
  private searches: number[] = [];
  private day = '';
  private dayCount = 0;
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(
    private readonly clock: Clock,
    private limits: RateLimits,
    private readonly ids: { appId: number; portalId: number },
    timeZone = 'UTC',
  ) {
    this.dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  get current(): RateLimits {
    return { ...this.limits };
  }

  setLimits(patch: Partial<RateLimits>): void {
    this.limits = { ...this.limits, ...patch };
  }

  reset(): void {
    this.standard = [];
    this.searches = [];
    this.dayCount = 0;
  }

  /** Requests counted against today's limit so far (the account's timezone decides "today"). */
  dailyUsed(): number {
    this.rollDay(this.clock.now().getTime());
    return this.dayCount;
  }

  /** Admits or refuses one request; admitted ones are counted. Search answers carry no headers. */
  take(kind: 'standard' | 'search'): RateDecision {
    const now = this.clock.now().getTime();
    this.rollDay(now);
    this.standard = this.standard.filter((t) => t > now - WINDOW_MS);
    this.searches = this.searches.filter((t) => t > now - SECOND_MS);
    if (this.dayCount >= this.limits.daily) {
      return {
        ok: false,
        headers: kind === 'search' ? {} : this.headers(now),
        message: 'You have reached your daily limit.',
        extras: { errorType: 'RATE_LIMIT', policyName: 'DAILY', requestId: newCorrelationId() },
      };
    }
    if (kind === 'search') {
      if (this.searches.length >= this.limits.searchPerSecond) {
        return {
          ok: false,
          headers: {},
          message: 'You have reached your secondly limit.',
          extras: { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' },
        };
      }
      this.searches.push(now);
      this.dayCount++;
      return { ok: true, headers: {} };
    }
    if (this.standard.length >= this.limits.tenSecondly) {
      return {
        ok: false,
        headers: this.headers(now),
        message: 'You have reached your ten_secondly_rolling limit.',
        extras: {
          errorType: 'RATE_LIMIT',
          policyName: 'TEN_SECONDLY_ROLLING',
          groupName: `publicapi:private_app-api-calls-ten-secondly:${this.ids.appId}:${this.ids.portalId}`,
        },
      };
    }
    this.standard.push(now);
    this.dayCount++;
    return { ok: true, headers: this.headers(now) };
  }

  private headers(now: number): Record<string, string> {
    const secondly = Math.floor(this.limits.tenSecondly / 10);
    const lastSecond = this.standard.filter((t) => t > now - SECOND_MS).length;
    return {
      'X-HubSpot-RateLimit-Daily': String(this.limits.daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.limits.daily - this.dayCount)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(WINDOW_MS),
      'X-HubSpot-RateLimit-Max': String(this.limits.tenSecondly),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.limits.tenSecondly - this.standard.length)),
      'X-HubSpot-RateLimit-Secondly': String(secondly),
      'X-HubSpot-RateLimit-Secondly-Remaining': String(Math.max(0, secondly - lastSecond)),
    };
  }

  private rollDay(now: number): void {
    const day = this.dayFormat.format(now);
    if (day !== this.day) {
      this.day = day;
      this.dayCount = 0;
    }
  }
}
