/**
 * The lane limiters on bottleneck's real timers, with small windows so the tests stay fast: a
 * window's budget, bulk's share of it, critical ahead of a bulk backlog, pauses from 429s and from
 * headers, lanes stopped as a daily allowance drains, and the token bucket that paces a day.
 */
import { ApiError, toApiFailure } from '../../../src/connectors/api-failure';
import type { LaneLimiterOptions } from '../../../src/connectors/rate-limits';
import {
  LaneLimiter,
  hubspotGeneralOptions,
  hubspotSearchOptions,
  rateLimitConfigFromEnv,
  salesforceOptions,
} from '../../../src/connectors/rate-limits';

const limiters: LaneLimiter[] = [];
afterEach(async () => {
  await Promise.all(limiters.splice(0).map((l) => l.close()));
});

function make(o: Partial<LaneLimiterOptions> = {}): LaneLimiter {
  const l = new LaneLimiter({ system: 'hubspot', id: `test:${Math.random()}`, bulkShare: 0.5, heartbeatMs: 10, ...o });
  limiters.push(l);
  return l;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the limiter to refuse');
}

describe('a window budget', () => {
  // Real timers on a shared machine: only lower bounds on time are asserted (a slow machine makes
  // starts later, never earlier), so these cannot flake by being slow.
  it('starts at most the window budget per window, and the rest in later windows', async () => {
    const l = make({ window: { max: 20, windowMs: 200 } });
    const t0 = Date.now();
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 45 }, () =>
        l.schedule('critical', 'GET /x', async () => {
          starts.push(Date.now() - t0);
        }),
      ),
    );
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(45);
    // The 21st waits for the first refresh, the 41st for the second.
    expect(starts[20]).toBeGreaterThanOrEqual(190);
    expect(starts[40]).toBeGreaterThanOrEqual(390);
  });

  it('lets bulk take only its share of each window, leaving the rest to critical work', async () => {
    const l = make({ window: { max: 20, windowMs: 1_000 }, bulkShare: 0.25 });
    const t0 = Date.now();
    const bulkStarts: number[] = [];
    const bulk = Array.from({ length: 7 }, () => l.schedule('bulk', 'GET /x', async () => void bulkStarts.push(Date.now() - t0)));
    const criticalStarts: number[] = [];
    await Promise.all(Array.from({ length: 15 }, () => l.schedule('critical', 'GET /x', async () => void criticalStarts.push(Date.now() - t0))));
    await Promise.all(bulk);
    bulkStarts.sort((a, b) => a - b);
    // 25% of 20 = 5 bulk jobs in the first window; the 6th waits for the refresh.
    expect(bulkStarts[5]).toBeGreaterThanOrEqual(990);
    // 15 critical + 5 bulk fit the first window: critical work never waited for a refresh.
    expect(Math.max(...criticalStarts)).toBeLessThan(990);
  });

  it('runs a critical job queued after 50 bulk jobs before most of them', async () => {
    const l = make({ window: { max: 20, windowMs: 200 }, maxConcurrent: 2 });
    const order: string[] = [];
    const work = (name: string) => async () => {
      order.push(name);
      await sleep(2);
    };
    const bulk = Array.from({ length: 50 }, (_, i) => l.schedule('bulk', 'POST /batch', work(`bulk${i}`)));
    await sleep(5);
    const critical = l.schedule('critical', 'POST /batch', work('critical'));
    await Promise.all([...bulk, critical]);
    expect(order.indexOf('critical')).toBeLessThan(5);
  });
});

describe('pauses', () => {
  it('holds jobs through a short pause (a 429) and starts them after it', async () => {
    const l = make({ window: { max: 20, windowMs: 200 } });
    const t0 = Date.now();
    l.pause(150);
    let started = 0;
    await l.schedule('critical', 'GET /x', async () => {
      started = Date.now() - t0;
    });
    expect(started).toBeGreaterThanOrEqual(145);
  });

  it('refuses at once, as rate_limited with the wait, when the pause is longer than a queue may wait', async () => {
    const l = make({ window: { max: 20, windowMs: 200 }, maxQueueWaitMs: 100 });
    l.pause(5_000);
    let ran = false;
    const err = await refusal(
      l.schedule('critical', 'POST /crm/v3/objects/contacts/batch/upsert', async () => {
        ran = true;
      }),
    );
    expect(ran).toBe(false);
    expect(toApiFailure(err)).toMatchObject({ system: 'hubspot', kind: 'rate_limited', endpoint: 'POST /crm/v3/objects/contacts/batch/upsert', code: 'HANDOFF_LIMITER' });
    expect(err.failure.retryAfterMs).toBeGreaterThan(4_900);
    expect(err.failure.retryAfterMs).toBeLessThanOrEqual(5_000);
  });

  it('slows down when the headers say our reserve of the window is reached', async () => {
    const l = make({ window: { max: 90, windowMs: 10_000 }, reserve: 10, maxQueueWaitMs: 60_000 });
    l.observeWindow({ max: 100, remaining: 50, windowMs: 10_000 });
    expect((await l.state()).pausedForMs).toBe(0);
    l.observeWindow({ max: 100, remaining: 8, windowMs: 10_000 });
    // 3 requests short of the reserve: three 100 ms slots of the rolling window.
    const paused = (await l.state()).pausedForMs;
    expect(paused).toBeGreaterThan(250);
    expect(paused).toBeLessThanOrEqual(300);
  });

  it('stops bulk first, then everything, as a daily allowance runs low', async () => {
    const l = make({ window: { max: 20, windowMs: 200 } });
    l.observeDaily({ max: 1000, remaining: 500 });
    await l.schedule('bulk', 'GET /x', async () => undefined);
    l.observeDaily({ max: 1000, remaining: 100 });
    expect((await refusal(l.schedule('bulk', 'GET /x', async () => undefined))).failure.kind).toBe('rate_limited');
    await l.schedule('critical', 'GET /x', async () => undefined);
    l.observeDaily({ max: 1000, remaining: 10 });
    expect((await refusal(l.schedule('critical', 'GET /x', async () => undefined))).failure.message).toMatch(/daily allowance reserved/);
    expect((await l.state()).lanesStopped).toEqual(['critical', 'bulk']);
    // A reading after the reset opens both lanes again.
    l.observeDaily({ max: 1000, remaining: 1000 });
    await l.schedule('bulk', 'GET /x', async () => undefined);
  });
});

describe('a daily token bucket (Salesforce)', () => {
  it('keeps the part of the bucket bulk may not take for critical work', async () => {
    const l = make({ system: 'salesforce', maxConcurrent: 4, pacing: { budget: 1000, burst: 10, intervalMs: 60_000 }, bulkShare: 0.5 });
    let bulkRan = 0;
    for (let i = 0; i < 5; i++) await l.schedule('bulk', 'GET /query', async () => void bulkRan++);
    const err = await refusal(l.schedule('bulk', 'GET /query', async () => void bulkRan++));
    expect(bulkRan).toBe(5);
    expect(err.failure).toMatchObject({ system: 'salesforce', kind: 'rate_limited' });
    expect(err.failure.retryAfterMs).toBe(60_000);
    for (let i = 0; i < 5; i++) await l.schedule('critical', 'GET /query', async () => undefined);
    expect(await l.currentReservoir()).toBe(0);
  });

  // The outbox claim behind a write is a 5-minute lease: a job held longer than that could land
  // on top of a newer write another worker sent meanwhile. Critical jobs are refused too.
  const UPSERT = 'PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c';
  const orStillWaiting = <T>(p: Promise<T>, ms: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  };

  it('refuses a critical job the bucket could not start within maxQueueWaitMs, with that wait, and never runs it', async () => {
    const l = make({ system: 'salesforce', maxConcurrent: 4, pacing: { budget: 1000, burst: 2, intervalMs: 60_000 }, bulkShare: 0.5, maxQueueWaitMs: 30_000 });
    await Promise.all([1, 2].map(() => l.schedule('critical', UPSERT, async () => undefined)));
    let ran = false;
    const err = await refusal(orStillWaiting(l.schedule('critical', UPSERT, async () => void (ran = true)), 2_000));
    expect(ran).toBe(false);
    expect(err.failure).toEqual({
      system: 'salesforce',
      endpoint: UPSERT,
      kind: 'rate_limited',
      code: 'HANDOFF_LIMITER',
      message: 'not sent: the API budget could not start it in time',
      retryAfterMs: 60_000,
    });
  });

  it('counts the critical jobs already waiting: the one that would start in time is held, the next refused', async () => {
    const l = make({ system: 'salesforce', maxConcurrent: 4, pacing: { budget: 1000, burst: 1, intervalMs: 300 }, bulkShare: 0.5, maxQueueWaitMs: 450 });
    await l.schedule('critical', UPSERT, async () => undefined);
    const held = l.schedule('critical', UPSERT, async () => 'sent');
    const err = await refusal(l.schedule('critical', UPSERT, async () => 'sent'));
    // Two tokens short: two refills.
    expect(err.failure.retryAfterMs).toBe(600);
    expect(await held).toBe('sent');
  });

  it('refuses a job still waiting after maxStartDelayMs when its turn comes, instead of sending it late', async () => {
    const l = make({ system: 'salesforce', maxConcurrent: 1, bulkShare: 0.5, maxStartDelayMs: 100 });
    const slow = l.schedule('critical', UPSERT, () => sleep(250));
    let ran = false;
    const err = await refusal(l.schedule('critical', UPSERT, async () => void (ran = true)));
    await slow;
    expect(ran).toBe(false);
    expect(err.failure).toMatchObject({ kind: 'rate_limited', code: 'HANDOFF_LIMITER', message: 'not sent: waited too long for the API budget' });
    expect(err.failure.retryAfterMs).toBeGreaterThanOrEqual(100);
  });
});

describe('options from config', () => {
  const config = rateLimitConfigFromEnv({ HUBSPOT_TIER: 'starter', SALESFORCE_API_SHARE: 0.25, SALESFORCE_MAX_CONCURRENCY: 10, REDIS_URL: undefined });

  it('sets HubSpot below the real limits: 90 of 100 per 10 s, evenly spaced, and 4 searches a second', () => {
    expect(hubspotGeneralOptions(config)).toMatchObject({ window: { max: 90, windowMs: 10_000 }, minTimeMs: 112, reserve: 10, bulkShare: 0.5 });
    expect(hubspotGeneralOptions({ ...config, hubspotTier: 'professional' }).window).toEqual({ max: 171, windowMs: 10_000 });
    expect(hubspotSearchOptions(config)).toMatchObject({ window: { max: 4, windowMs: 1_000 }, minTimeMs: 250 });
  });

  it('caps Salesforce at 10 concurrent requests and paces a day of the admin share', () => {
    const o = salesforceOptions(config);
    expect(o.maxConcurrent).toBe(10);
    expect(o.pacing).toEqual({ budget: 3750, burst: 78, intervalMs: Math.ceil(86_400_000 / (3750 - 78)) });
  });

  it('takes the Salesforce concurrency cap from SALESFORCE_MAX_CONCURRENCY', async () => {
    const c = rateLimitConfigFromEnv({ HUBSPOT_TIER: 'starter', SALESFORCE_API_SHARE: 0.25, SALESFORCE_MAX_CONCURRENCY: 3, REDIS_URL: undefined });
    expect(salesforceOptions(c).maxConcurrent).toBe(3);
    // Applied: a fourth request waits for one of three to finish.
    const l = make(salesforceOptions({ ...c, idPrefix: `t-${Math.random()}` }));
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        l.schedule('critical', 'GET /query', async () => {
          most = Math.max(most, ++running);
          await sleep(20);
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
  });
});
