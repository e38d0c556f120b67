/**
 * Bearer auth (401/403 bodies), rate limits per tier on the injected clock with HubSpot's headers
 * and exact 429 bodies, and how the real SDK's retry decorator reacts to them.
 */
import type { Harness } from './support';
import { raw, sdkClient, sdkError, startEmulator } from './support';

let h: Harness | undefined;
afterEach(async () => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  await h?.close();
  h = undefined;
});

const list = (hh: Harness): ReturnType<typeof raw> => raw(hh.url, 'GET', '/crm/v3/objects/contacts?limit=1');
const searchCall = (hh: Harness): ReturnType<typeof raw> => raw(hh.url, 'POST', '/crm/v3/objects/contacts/search', {});

describe('auth', () => {
  it('answers 401 INVALID_AUTHENTICATION without or with an unknown token, counting no budget', async () => {
    h = await startEmulator();
    for (const token of [null, 'pat-wrong']) {
      const res = await raw(h.url, 'GET', '/crm/v3/objects/contacts', undefined, token);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        status: 'error',
        message:
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        correlationId: res.headers.get('x-hubspot-correlation-id'),
        category: 'INVALID_AUTHENTICATION',
      });
      expect(res.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    }
    expect(h.emu.rateLimiter.dailyUsed()).toBe(0);
  });

  it('answers 403 MISSING_SCOPES for a token without the scope', async () => {
    h = await startEmulator({ tokenScopes: { 'pat-readonly': ['crm.objects.contacts.read'] } });
    expect((await raw(h.url, 'GET', '/crm/v3/objects/contacts', undefined, 'pat-readonly')).status).toBe(200);
    const res = await raw(h.url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'x@example.com' } }, 'pat-readonly');
    expect(res.status).toBe(403);
    expect(res.json.category).toBe('MISSING_SCOPES');
    expect(res.json.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.contacts.write']);
  });
});

describe('rate limits', () => {
  it('sends the X-HubSpot-RateLimit headers of the tier', async () => {
    h = await startEmulator({ tier: 'professional' });
    const first = await list(h);
    const second = await list(h);
    expect(Object.fromEntries([...first.headers.entries()].filter(([k]) => k.startsWith('x-hubspot-ratelimit')))).toEqual({
      'x-hubspot-ratelimit-daily': '625000',
      'x-hubspot-ratelimit-daily-remaining': '624999',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-max': '190',
      'x-hubspot-ratelimit-remaining': '189',
      'x-hubspot-ratelimit-secondly': '19',
      'x-hubspot-ratelimit-secondly-remaining': '18',
    });
    expect(second.headers.get('x-hubspot-ratelimit-remaining')).toBe('188');
  });

  it('answers 429 TEN_SECONDLY_ROLLING past 100 calls in 10 s (starter), then recovers as the window rolls', async () => {
    h = await startEmulator({ tier: 'starter' });
    for (let i = 0; i < 60; i++) expect((await list(h)).status).toBe(200);
    h.clock.advance(5_000);
    for (let i = 0; i < 40; i++) expect((await list(h)).status).toBe(200);
    const limited = await list(h);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(limited.json).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      correlationId: limited.headers.get('x-hubspot-correlation-id'),
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: `publicapi:private_app-api-calls-ten-secondly:${h.emu.appId}:${h.emu.portalId}`,
    });
    // The first 60 leave the window 10 s after they were made; the other 40 are still in it.
    h.clock.advance(5_000);
    const after = await list(h);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-hubspot-ratelimit-remaining')).toBe('59');
    expect(h.emu.callCounts().byStatus).toEqual({ '200': 101, '429': 1 });
  });

  it('answers 429 DAILY once the daily limit is used, until the account’s midnight', async () => {
    h = await startEmulator({ limits: { daily: 3 } });
    for (let i = 0; i < 3; i++) expect((await list(h)).status).toBe(200);
    const res = await list(h);
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    expect(res.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    expect((await searchCall(h)).json.policyName).toBe('DAILY');
    h.clock.set('2026-03-03T00:00:00.000Z');
    expect((await list(h)).status).toBe(200);
  });

  it('limits search to 5 per second on its own, with the secondly body and no rate-limit headers', async () => {
    h = await startEmulator();
    for (let i = 0; i < 5; i++) expect((await searchCall(h)).status).toBe(200);
    const res = await searchCall(h);
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' });
    expect([...res.headers.keys()].filter((k) => k.startsWith('x-hubspot-ratelimit'))).toEqual([]);
    expect((await list(h)).status).toBe(200); // other endpoints are not affected
    h.clock.advance(1_000);
    expect((await searchCall(h)).status).toBe(200);
  });
});

describe('the SDK against the limits', () => {
  it('does not retry with numberOfApiCallRetries: 1 and exposes the 429 body and headers', async () => {
    h = await startEmulator({ limits: { tenSecondly: 2 } });
    const client = sdkClient(h.url, { numberOfApiCallRetries: 1 });
    await client.crm.contacts.basicApi.getPage(1);
    await client.crm.contacts.basicApi.getPage(1);
    const err = await sdkError(client.crm.contacts.basicApi.getPage(1));
    expect(err.code).toBe(429);
    expect(err.body.policyName).toBe('TEN_SECONDLY_ROLLING');
    expect(err.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    expect(h.emu.callCounts().byStatus['429']).toBe(1);
  });

  it('retries a TEN_SECONDLY_ROLLING 429 after 10 s, which succeeds once the window has moved', async () => {
    h = await startEmulator({ limits: { tenSecondly: 1 } });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = sdkClient(h.url, { numberOfApiCallRetries: 2 });
    await client.crm.contacts.basicApi.getPage(1);
    // Only the SDK's own wait is faked; sockets and the emulator run on real time.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
    const pending = client.crm.contacts.basicApi.getPage(1);
    while (jest.getTimerCount() === 0) await new Promise((r) => setImmediate(r));
    h.clock.advance(10_000);
    jest.advanceTimersByTime(10_000);
    const page = await pending;
    expect(page.results).toEqual([]);
    expect(h.emu.callCounts().byStatus).toEqual({ '200': 2, '429': 1 });
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('[429]'));
  });

  it('retries a search 429 (secondly) and gets through once the clock has moved a second', async () => {
    h = await startEmulator();
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = sdkClient(h.url, { numberOfApiCallRetries: 2 });
    for (let i = 0; i < 5; i++) await client.crm.contacts.searchApi.doSearch({});
    let searches = 0;
    h.emu.intercept((_req, _res, route) => {
      if (route === 'POST /crm/v3/objects/contacts/search' && ++searches === 2) h!.clock.advance(1_000); // the SDK's retry
      return false;
    });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
    const pending = client.crm.contacts.searchApi.doSearch({});
    while (jest.getTimerCount() === 0) await new Promise((r) => setImmediate(r));
    jest.advanceTimersByTime(1_000);
    const res = await pending;
    expect(res.total).toBe(0);
    expect(h.emu.callCounts().byRouteStatus['POST /crm/v3/objects/contacts/search 429']).toBe(1);
    expect(h.emu.callCounts().byRouteStatus['POST /crm/v3/objects/contacts/search 200']).toBe(6);
  });

  it('does not retry a DAILY 429', async () => {
    h = await startEmulator({ limits: { daily: 1 } });
    const client = sdkClient(h.url, { numberOfApiCallRetries: 3 });
    await client.crm.contacts.basicApi.getPage(1);
    const err = await sdkError(client.crm.contacts.basicApi.getPage(1));
    expect(err.body.policyName).toBe('DAILY');
    expect(h.emu.callCounts().byStatus['429']).toBe(1);
  });
});

