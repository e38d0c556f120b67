/**
 * Replicas share one API budget through Redis (bottleneck clustering). Two limiter sets built from
 * the same config, each with its own Redis connection as two processes would have, against the
 * local Redis at 127.0.0.1:6379. Ids carry a per-run prefix so runs never share state.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../src/connectors/api-failure';
import type { LimiterStore, RateLimitConfig, RateLimiters } from '../../../src/connectors/rate-limits';
import { LaneLimiter, createRateLimiters, createRedisLimiterStore } from '../../../src/connectors/rate-limits';

const REDIS_URL = 'redis://127.0.0.1:6379';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const stores: LimiterStore[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function replica(id: string): LaneLimiter {
  const store = createRedisLimiterStore(REDIS_URL);
  stores.push(store);
  const l = new LaneLimiter({ system: 'hubspot', id, window: { max: 10, windowMs: 60_000 }, bulkShare: 0.5, heartbeatMs: 20, store });
  closers.push(() => l.close());
  return l;
}

it('two replicas with the same id draw on one reservoir', async () => {
  const id = `handoff-test:${randomUUID()}:hubspot:general`;
  const a = replica(id);
  const b = replica(id);
  expect(a.id).toBe(b.id);
  let started = 0;
  const job = async (): Promise<void> => void started++;
  // The six that do not fit wait for the next window; closing the limiters drops them.
  for (const l of [a, b]) for (let i = 0; i < 8; i++) l.schedule('critical', 'GET /x', job).catch(() => undefined);
  await sleep(600);
  // 16 asked, 10 in the shared window: each replica alone would have started 8.
  expect(started).toBe(10);
  expect(await a.currentReservoir()).toBe(0);
  expect(await b.currentReservoir()).toBe(0);
});

it('a pause on one replica (a 429) pauses the other', async () => {
  const id = `handoff-test:${randomUUID()}:hubspot:general`;
  const a = replica(id);
  const b = replica(id);
  await b.schedule('critical', 'GET /x', async () => undefined); // b is subscribed and running
  a.pause(60_000);
  await sleep(200);
  const err = await b.schedule('critical', 'GET /x', async () => undefined).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).failure).toMatchObject({ kind: 'rate_limited', code: 'HANDOFF_LIMITER' });
});

it('createRateLimiters with REDIS_URL builds every budget on Redis, shared by id', async () => {
  const config: RateLimitConfig = { hubspotTier: 'starter', salesforceApiShare: 0.25, redisUrl: REDIS_URL, idPrefix: `handoff-test:${randomUUID()}` };
  const one: RateLimiters = createRateLimiters(config);
  const two: RateLimiters = createRateLimiters(config);
  closers.push(() => one.close(), () => two.close());
  expect(one.hubspot.search.id).toBe(two.hubspot.search.id);
  // The search budget is 4 per second: 3 on one replica leave 1 for the other.
  for (let i = 0; i < 3; i++) await one.hubspot.search.schedule('critical', 'POST /search', async () => undefined);
  expect(await two.hubspot.search.currentReservoir()).toBe(1);
  expect(await one.salesforce.currentReservoir()).toBe(78);
});
