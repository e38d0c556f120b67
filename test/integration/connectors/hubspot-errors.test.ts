/**
 * What a failed HubSpot call becomes: responses of the wrong shape, 429s of each policy (and how
 * they pause our limiters, with no SDK retry), 5xx, connection resets, 401/403 and validation
 * errors — all through the real SDK against the emulator.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiError, UnexpectedResponseError, toApiFailure } from '../../../src/connectors/api-failure';
import type { HubSpotLimiters } from '../../../src/connectors/hubspot';
import { hubSpotClient } from '../../../src/connectors/hubspot';
import { LaneLimiter, createRateLimiters } from '../../../src/connectors/rate-limits';
import type { RateLimiters } from '../../../src/connectors/rate-limits';
import type { HubSpotHarness } from './hubspot-harness';
import { startHubSpot } from './hubspot-harness';

let h: HubSpotHarness;
let limiters: RateLimiters | undefined;
afterEach(async () => {
  await limiters?.close();
  limiters = undefined;
  await h.close();
});

const UPSERT = 'POST /crm/v3/objects/contacts/batch/upsert';
const upsertOne = (hs = h.hs) => hs.batchUpsertContactsByEmail([{ email: 'a@example.com', properties: { firstname: 'A' } }]);

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

async function failure(p: Promise<unknown>) {
  const e = await thrown(p);
  if (!(e instanceof ApiError)) throw e;
  return e.failure;
}

/** Answers one route with a canned response. */
function answer(route: string, send: (res: Response, req: Request) => void): void {
  h.emu.intercept((req, res, key) => {
    if (key !== route) return false;
    send(res, req);
    return true;
  });
}

function withLimiters(): HubSpotLimiters {
  limiters = createRateLimiters({ hubspotTier: 'starter', salesforceApiShare: 0.25, idPrefix: `t-${randomUUID()}` });
  return limiters.hubspot;
}

describe('responses of an unexpected shape', () => {
  it('are a HUBSPOT_UNEXPECTED_RESPONSE naming the endpoint, never a silent undefined', async () => {
    h = await startHubSpot();
    answer(UPSERT, (res) => res.status(200).json({ status: 'COMPLETE', results: 'nope' }));
    const e = await thrown(upsertOne());
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect(e).toMatchObject({ code: 'HUBSPOT_UNEXPECTED_RESPONSE' });
    expect((e as Error).message).toBe(
      'HubSpot answered POST /crm/v3/objects/contacts/batch/upsert with a response Handoff cannot read: results: Expected array, received string',
    );
    // The dispatcher may retry it; the attempt limit parks it if it persists.
    expect(toApiFailure(e)).toMatchObject({ kind: 'retryable', code: 'HUBSPOT_UNEXPECTED_RESPONSE' });
  });

  it('covers a search result without an id and a body that is not JSON', async () => {
    h = await startHubSpot();
    answer('POST /crm/v3/objects/contacts/search', (res) => res.status(200).json({ total: 1, results: [{ properties: {} }] }));
    const e = await thrown(h.hs.searchContactsInWindow({ fromMs: 0, untilMs: h.clock.now().getTime(), properties: [], limit: 10 }));
    expect((e as Error).message).toMatch(/POST \/crm\/v3\/objects\/contacts\/search .*results\.0\.id: Required/);
    answer('GET /crm/v3/objects/contacts/:contactId', (res) => res.status(200).type('text/html').send('<html>proxy</html>'));
    expect(await thrown(h.hs.getContact('1', []))).toMatchObject({ code: 'HUBSPOT_UNEXPECTED_RESPONSE' });
  });
});

describe('429s', () => {
  it('TEN_SECONDLY_ROLLING: rate_limited for the window, one attempt only, and the general limiter paused', async () => {
    h = await startHubSpot({ limits: { tenSecondly: 1 } });
    const hs = h.connector({ limiters: withLimiters() });
    await upsertOne(); // another app (no limiter of ours) uses up the window
    const f = await failure(upsertOne(hs));
    expect(f).toEqual({
      system: 'hubspot',
      endpoint: UPSERT,
      kind: 'rate_limited',
      status: 429,
      code: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
      retryAfterMs: 10_000,
    });
    expect(h.emu.callCounts().byStatus).toEqual({ 200: 1, 429: 1 });
    const general = await limiters!.hubspot.general.state();
    expect(general.pausedForMs).toBeGreaterThan(9_000);
    expect((await limiters!.hubspot.search.state()).pausedForMs).toBe(0);
  });

  it('never gets the 429 when our own calls used the window: the headers stop us first', async () => {
    h = await startHubSpot({ limits: { tenSecondly: 1 } });
    const hs = h.connector({ limiters: withLimiters() });
    await upsertOne(hs);
    expect(await failure(upsertOne(hs))).toMatchObject({ kind: 'rate_limited', code: 'HANDOFF_LIMITER' });
    expect(h.emu.callCounts().byStatus).toEqual({ 200: 1 });
  });

  it('DAILY: rate_limited for an hour; both HubSpot budgets stop and later calls are refused without a request', async () => {
    h = await startHubSpot({ limits: { daily: 1 } });
    const hs = h.connector({ limiters: withLimiters() });
    await upsertOne(); // another app (no limiter of ours) uses up the day
    const f = await failure(upsertOne(hs));
    expect(f).toMatchObject({ kind: 'rate_limited', status: 429, code: 'DAILY', retryAfterMs: 3_600_000, message: 'You have reached your daily limit.' });
    const refused = await failure(hs.searchContactsInWindow({ fromMs: 0, untilMs: h.clock.now().getTime(), properties: [], limit: 10 }));
    expect(refused).toMatchObject({ kind: 'rate_limited', code: 'HANDOFF_LIMITER', endpoint: 'POST /crm/v3/objects/contacts/search' });
    expect(h.emu.callCounts().total).toBe(2);
  });

  it('search SECONDLY: rate_limited for a second', async () => {
    h = await startHubSpot({ limits: { searchPerSecond: 1 } });
    await h.hs.searchContactsInWindow({ fromMs: 0, untilMs: h.clock.now().getTime(), properties: [], limit: 10 });
    const f = await failure(h.hs.searchContactsInWindow({ fromMs: 0, untilMs: h.clock.now().getTime(), properties: [], limit: 10 }));
    expect(f).toMatchObject({ kind: 'rate_limited', code: 'SECONDLY', retryAfterMs: 1_000 });
  });

  it('honours Retry-After when HubSpot sends one', async () => {
    h = await startHubSpot();
    answer(UPSERT, (res) => res.status(429).set('Retry-After', '7').json({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING' }));
    expect(await failure(upsertOne())).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7_000 });
  });
});

describe('other failures', () => {
  it('5xx is retryable and is not retried inside the SDK', async () => {
    h = await startHubSpot();
    answer(UPSERT, (res) => res.status(503).json({ status: 'error', message: 'Service Unavailable', category: 'SERVICE_UNAVAILABLE' }));
    expect(await failure(upsertOne())).toEqual({
      system: 'hubspot',
      endpoint: UPSERT,
      kind: 'retryable',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Service Unavailable',
    });
    expect(h.emu.callCounts().total).toBe(1);
  });

  it('a connection reset is retryable', async () => {
    h = await startHubSpot();
    answer(UPSERT, (_res, req) => req.socket.destroy());
    expect(await failure(upsertOne())).toMatchObject({ kind: 'retryable', code: 'ECONNRESET' });
  });

  it('no answer within the timeout is retryable (the SDK itself would wait forever)', async () => {
    h = await startHubSpot();
    answer(UPSERT, () => undefined); // never answers
    const started = Date.now();
    expect(await failure(upsertOne(h.connector({ timeoutMs: 150 })))).toMatchObject({ kind: 'retryable', code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('one SDK Client per portal and token: the same settings every time (gotcha H-3)', async () => {
    h = await startHubSpot();
    const a = hubSpotClient({ accessToken: 'pat-sandbox-handoff', basePath: h.server.url });
    expect(hubSpotClient({ accessToken: 'pat-sandbox-handoff', basePath: `${h.server.url}/` })).toBe(a);
    expect(hubSpotClient({ accessToken: 'pat-other', basePath: h.server.url })).not.toBe(a);
  });

  it('401 and 403 MISSING_SCOPES are auth', async () => {
    h = await startHubSpot({ tokenScopes: { 'pat-readonly': ['crm.objects.contacts.read'] } });
    expect(await failure(upsertOne(h.connector({ token: 'pat-wrong' })))).toMatchObject({ kind: 'auth', status: 401, code: 'INVALID_AUTHENTICATION' });
    expect(await failure(upsertOne(h.connector({ token: 'pat-readonly' })))).toMatchObject({ kind: 'auth', status: 403, code: 'MISSING_SCOPES' });
  });

  it('a validation 400 is permanent, with personal data redacted from the message', async () => {
    h = await startHubSpot();
    answer(UPSERT, (res) => res.status(400).json({ status: 'error', category: 'VALIDATION_ERROR', message: 'Duplicate IDs found in batch input: [a@example.com]. IDs must be unique' }));
    const e = await thrown(upsertOne());
    expect((e as ApiError).failure).toMatchObject({ kind: 'permanent', status: 400, code: 'VALIDATION_ERROR', message: 'Duplicate IDs found in batch input. IDs must be unique' });
    expect((e as Error).message).not.toContain('a@example.com');
  });
});

it('reads X-HubSpot-RateLimit-* headers and slows down before the window is used up', async () => {
  h = await startHubSpot({ limits: { tenSecondly: 12 } });
  const general = new LaneLimiter({ system: 'hubspot', id: `t-${randomUUID()}`, window: { max: 50, windowMs: 10_000 }, reserve: 10, bulkShare: 0.5 });
  const search = new LaneLimiter({ system: 'hubspot', id: `t-${randomUUID()}`, window: { max: 4, windowMs: 1_000 }, bulkShare: 0.5 });
  try {
    const hs = h.connector({ limiters: { general, search } });
    await h.hs.getContact('1', []); // not through our limiter: uses 1 of the 12
    await hs.getContact('1', []); // 10 left: at our reserve, one slot of the window
    expect((await general.state()).pausedForMs).toBeGreaterThan(700);
  } finally {
    await Promise.all([general.close(), search.close()]);
  }
});
