/**
 * The pure half of rate limiting: how big each budget is (from config and what the APIs report),
 * how long to hold off when the headers say a limit is near, and which lanes may run as a daily
 * budget drains. No timers and no I/O here; rate-limits.ts applies these decisions to bottleneck.
 */
import type { Env } from '../config/env';

export type Lane = 'critical' | 'bulk';
export type HubSpotTier = Env['HUBSPOT_TIER'];

/** HubSpot's per-app 10-second limits by tier (API-FACTS A6, current figures). */
export const HUBSPOT_TEN_SECONDLY: Record<HubSpotTier, number> = {
  starter: 100,
  professional: 190,
  enterprise: 190,
  api_add_on: 250,
};
export const HUBSPOT_WINDOW_MS = 10_000;
/** Search is 5 requests per second per account; we keep to 4. */
export const HUBSPOT_SEARCH_PER_SECOND = 4;

export interface WindowBudget {
  /** Requests we allow ourselves per window (already below the real limit). */
  max: number;
  windowMs: number;
}

/** Our share of a window: below the real limit because other apps on the portal share it. */
export function windowBudget(realMax: number, windowMs: number, safety = 0.9): WindowBudget {
  return { max: Math.max(1, Math.floor(realMax * safety)), windowMs };
}

/** Even spacing that keeps a rolling window under `max` whatever the phase (a fixed window alone lets two bursts meet). */
export function spacingMs(b: WindowBudget): number {
  return Math.ceil(b.windowMs / b.max);
}

export interface WindowObservation {
  max: number;
  remaining: number;
  windowMs: number;
}

/**
 * How long to hold off after a response whose headers report `remaining` of `max` left in the
 * window. Above `reserve` (what we leave to other apps): nothing. At or below it: one slot of the
 * rolling window per request short, so the window frees up before we use it again.
 */
export function windowSlowdownMs(o: WindowObservation, reserve: number): number {
  if (o.max <= 0 || o.remaining > reserve) return 0;
  return Math.ceil(o.windowMs / o.max) * (reserve - o.remaining + 1);
}

export interface DailyThresholds {
  /** Bulk work stops when less than this fraction of the daily allowance remains. */
  bulkBelow: number;
  /** Everything stops below this fraction: the rest belongs to the bank's own users and apps. */
  criticalBelow: number;
}

export const DEFAULT_DAILY_THRESHOLDS: DailyThresholds = { bulkBelow: 0.2, criticalBelow: 0.03 };

/** Which lanes may run given a daily counter's remaining allowance. */
export function dailyLanes(o: { max: number; remaining: number }, t: DailyThresholds = DEFAULT_DAILY_THRESHOLDS): Record<Lane, boolean> {
  if (o.max <= 0) return { critical: true, bulk: true };
  const left = o.remaining / o.max;
  return { critical: left >= t.criticalBelow, bulk: left >= t.bulkBelow };
}

export interface DailyPacing {
  /** Our allowance for a rolling day: the org's DailyApiRequests Max times the admin's share. */
  budget: number;
  /** Tokens the bucket holds at most: short bursts are fine, a day's worth at once is not. */
  burst: number;
  /** One token is added every `intervalMs`, so burst + a day of refills stays within the budget. */
  intervalMs: number;
}

const DAY_MS = 86_400_000;

/** A token bucket that makes `dailyMax × share` last the whole day. */
export function dailyPacing(dailyMax: number, share: number, burstFraction = 1 / 48): DailyPacing {
  const budget = Math.max(1, Math.floor(dailyMax * share));
  const burst = Math.max(1, Math.min(budget, Math.floor(budget * burstFraction)));
  const refill = Math.max(1, budget - burst);
  return { budget, burst, intervalMs: Math.max(1, Math.ceil(DAY_MS / refill)) };
}

/** `X-HubSpot-RateLimit-*` headers (lower-cased names), when present; search answers carry none. */
export interface HubSpotRateHeaders {
  window?: WindowObservation;
  daily?: { max: number; remaining: number };
}

export function parseHubSpotRateHeaders(headers: Record<string, string | undefined>): HubSpotRateHeaders {
  const num = (k: string): number | undefined => {
    const v = headers[k];
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const out: HubSpotRateHeaders = {};
  const max = num('x-hubspot-ratelimit-max');
  const remaining = num('x-hubspot-ratelimit-remaining');
  if (max !== undefined && remaining !== undefined) {
    out.window = { max, remaining, windowMs: num('x-hubspot-ratelimit-interval-milliseconds') ?? HUBSPOT_WINDOW_MS };
  }
  const daily = num('x-hubspot-ratelimit-daily');
  const dailyRemaining = num('x-hubspot-ratelimit-daily-remaining');
  if (daily !== undefined && dailyRemaining !== undefined) out.daily = { max: daily, remaining: dailyRemaining };
  return out;
}

/** `Sforce-Limit-Info: api-usage=10018/100000` (newer orgs append `; api-bursts=…`). */
export function parseSforceLimitInfo(value: string | undefined): { used: number; max: number } | undefined {
  const m = value ? /api-usage=(\d+)\/(\d+)/.exec(value) : null;
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, Math.round(secs * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
