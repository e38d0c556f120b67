/**
 * The API budgets of a Handoff process, from config: HubSpot's general 10-second window and its
 * search limit, and Salesforce's concurrency cap (SALESFORCE_MAX_CONCURRENCY) plus the admin's
 * share of the org's daily allowance. With REDIS_URL every replica draws on the same budgets
 * (bottleneck clustering).
 */
import Bottleneck from 'bottleneck';
import Redis from 'ioredis';
import type { Env } from '../config/env';
import type { Logger } from '../observability/logger';
import type { LaneLimiterOptions, LimiterStore } from './lane-limiter';
import { LaneLimiter } from './lane-limiter';
import type { HubSpotTier } from './rate-policy';
import { HUBSPOT_SEARCH_PER_SECOND, HUBSPOT_TEN_SECONDLY, HUBSPOT_WINDOW_MS, dailyPacing, spacingMs, windowBudget } from './rate-policy';

export type { Lane } from './rate-policy';
export type { LaneLimiterOptions, LimiterState, LimiterStore } from './lane-limiter';
export { LaneLimiter } from './lane-limiter';

export interface RateLimitConfig {
  hubspotTier: HubSpotTier;
  /** The share of the org's DailyApiRequests Handoff may use (SALESFORCE_API_SHARE). */
  salesforceApiShare: number;
  redisUrl?: string;
  /** Fraction of HubSpot's window we allow ourselves; the rest is left to other apps. Default 0.9. */
  hubspotSafety?: number;
  /** Share of each budget bulk work may take. Default 0.5. */
  bulkShare?: number;
  /** Concurrent Salesforce requests (SALESFORCE_MAX_CONCURRENCY). Default 10 (the org allows 25 long-running ones in all). */
  salesforceMaxConcurrent?: number;
  /** Until /limits is read, the smallest org's allowance (Developer Edition) is assumed. */
  salesforceDailyMaxGuess?: number;
  /** Prefix of the shared ids in Redis. Default 'handoff'. */
  idPrefix?: string;
}

export function rateLimitConfigFromEnv(env: Pick<Env, 'HUBSPOT_TIER' | 'SALESFORCE_API_SHARE' | 'SALESFORCE_MAX_CONCURRENCY' | 'REDIS_URL'>): RateLimitConfig {
  return {
    hubspotTier: env.HUBSPOT_TIER,
    salesforceApiShare: env.SALESFORCE_API_SHARE,
    salesforceMaxConcurrent: env.SALESFORCE_MAX_CONCURRENCY,
    ...(env.REDIS_URL !== undefined ? { redisUrl: env.REDIS_URL } : {}),
  };
}

export function hubspotGeneralOptions(c: RateLimitConfig): LaneLimiterOptions {
  const realMax = HUBSPOT_TEN_SECONDLY[c.hubspotTier];
  const window = windowBudget(realMax, HUBSPOT_WINDOW_MS, c.hubspotSafety ?? 0.9);
  return {
    system: 'hubspot',
    id: `${c.idPrefix ?? 'handoff'}:hubspot:general`,
    window,
    minTimeMs: spacingMs(window),
    maxConcurrent: 6,
    bulkShare: c.bulkShare ?? 0.5,
    reserve: realMax - window.max,
  };
}

export function hubspotSearchOptions(c: RateLimitConfig): LaneLimiterOptions {
  const window = { max: HUBSPOT_SEARCH_PER_SECOND, windowMs: 1_000 };
  return {
    system: 'hubspot',
    id: `${c.idPrefix ?? 'handoff'}:hubspot:search`,
    window,
    minTimeMs: spacingMs(window),
    maxConcurrent: 2,
    bulkShare: c.bulkShare ?? 0.5,
  };
}

export function salesforceOptions(c: RateLimitConfig): LaneLimiterOptions {
  return {
    system: 'salesforce',
    id: `${c.idPrefix ?? 'handoff'}:salesforce:api`,
    maxConcurrent: c.salesforceMaxConcurrent ?? 10,
    pacing: dailyPacing(c.salesforceDailyMaxGuess ?? 15_000, c.salesforceApiShare),
    bulkShare: c.bulkShare ?? 0.5,
  };
}

export interface RateLimiters {
  hubspot: { general: LaneLimiter; search: LaneLimiter };
  salesforce: LaneLimiter;
  close(): Promise<void>;
}

/** Connects bottleneck's clustering to Redis; one connection serves every limiter of the process. */
export function createRedisLimiterStore(url: string, logger?: Logger): LimiterStore {
  const client = new Redis(url, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
  const connection = new Bottleneck.IORedisConnection({ client, Redis });
  connection.on('error', (e: unknown) => logger?.warn('rate limiter: redis error', { error: String(e) }));
  return { connection, close: () => connection.disconnect(true).then(() => undefined) };
}

export function createRateLimiters(c: RateLimitConfig, deps: { logger?: Logger; store?: LimiterStore } = {}): RateLimiters {
  const owned = deps.store ? undefined : c.redisUrl ? createRedisLimiterStore(c.redisUrl, deps.logger) : undefined;
  const store = deps.store ?? owned;
  const build = (o: LaneLimiterOptions): LaneLimiter => new LaneLimiter({ ...o, ...(store ? { store } : {}), ...(deps.logger ? { logger: deps.logger } : {}) });
  const limiters = {
    hubspot: { general: build(hubspotGeneralOptions(c)), search: build(hubspotSearchOptions(c)) },
    salesforce: build(salesforceOptions(c)),
  };
  return {
    ...limiters,
    close: async () => {
      await Promise.all([limiters.hubspot.general.close(), limiters.hubspot.search.close(), limiters.salesforce.close()]);
      await owned?.close();
    },
  };
}
