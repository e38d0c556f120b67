/**
 * jsforce would re-send a GET up to five times on 420/429/5xx or a dropped connection, ignoring
 * Retry-After, each one an API call the limiter never counted. Through Handoff's connector every
 * request goes out once, and the failure reaches the retry policy with its kind and wait.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../../src/connectors/api-failure';
import { LaneLimiter } from '../../../src/connectors/rate-limits';
import { createRetryPolicy } from '../../../src/engine/retry-policy';
import type { CallInfo } from '../../../src/sandbox/salesforce';
import type { SalesforceHarness } from './salesforce-harness';
import { startSalesforce } from './salesforce-harness';

let h: SalesforceHarness;
beforeEach(async () => {
  h = await startSalesforce();
});
afterEach(() => h.close());

async function failure(p: Promise<unknown>): Promise<ApiError['failure']> {
  try {
    await p;
  } catch (e) {
    return (e as ApiError).failure;
  }
  throw new Error('expected the call to fail');
}

/**
 * Answers the route's first call with `answer` and lets later ones through; counts the requests
 * that reached the route (a dropped connection never finishes, so the emulator's own count misses it).
 */
function failOnce(route: string, answer: (c: CallInfo) => void): { requests: () => number } {
  let requests = 0;
  h.emu.use((c) => {
    if (c.route !== route) return false;
    requests++;
    if (requests > 1) return false;
    answer(c);
    return true;
  });
  return { requests: () => requests };
}

it('a GET answered 503 is sent once and comes back retryable; the next call is Handoff’s to make', async () => {
  const route = failOnce('GET /query', ({ res }) => res.status(503).json([{ message: 'Server is temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]));
  const f = await failure(h.sf.query('SELECT Id FROM Lead'));
  expect(f).toMatchObject({ system: 'salesforce', endpoint: 'GET /query', kind: 'retryable', code: 'SERVER_UNAVAILABLE' });
  expect(route.requests()).toBe(1);
  expect(createRetryPolicy({ random: () => 0.5 })(f, 1)).toEqual({ action: 'retry', delayMs: 500, countsAsAttempt: true });
  await h.sf.query('SELECT Id FROM Lead');
  expect(route.requests()).toBe(2);
});

it('a 429 with Retry-After: 60 is sent once, rate_limited for 60 s, and pauses the limiter', async () => {
  const limiter = new LaneLimiter({ system: 'salesforce', id: `t-${randomUUID()}`, maxConcurrent: 10, bulkShare: 0.5 });
  try {
    const sf = h.connector({ limiter });
    const route = failOnce('GET /limits', ({ res }) => res.status(429).set('Retry-After', '60').type('text/plain').send('Too Many Requests'));
    const f = await failure(sf.limits());
    expect(f).toEqual({
      system: 'salesforce',
      endpoint: 'GET /limits',
      kind: 'rate_limited',
      status: 429,
      code: 'ERROR_HTTP_429',
      message: 'HTTP 429 without a readable error body',
      retryAfterMs: 60_000,
    });
    expect(route.requests()).toBe(1);
    expect((await limiter.state()).pausedForMs).toBeGreaterThan(55_000);
    // Not the record's fault: no attempt used, and nothing before the minute is up.
    expect(createRetryPolicy({ random: () => 0.5 })(f, 1)).toEqual({ action: 'retry', delayMs: 60_000, countsAsAttempt: false });
  } finally {
    await limiter.close();
  }
});

it('a 429 whose body names no code is still rate_limited, for 10 s without Retry-After', async () => {
  const route = failOnce('GET /sobjects/:sobject/describe', ({ res }) => res.status(429).json({ message: 'rate limited by the gateway' }));
  const f = await failure(h.sf.describe('Lead'));
  expect(f).toMatchObject({ kind: 'rate_limited', status: 429, code: 'ERROR_HTTP_429', retryAfterMs: 10_000 });
  expect(route.requests()).toBe(1);
});

it('a dropped connection on a GET is sent once and comes back retryable', async () => {
  const route = failOnce('GET /query', ({ req }) => req.socket.destroy());
  const f = await failure(h.sf.query('SELECT Id FROM Lead'));
  expect(f).toMatchObject({ kind: 'retryable', code: 'ECONNRESET' });
  expect(route.requests()).toBe(1);
});
