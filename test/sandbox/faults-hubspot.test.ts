/** Faults on the HubSpot emulator, as @hubspot/api-client sees them. */
import { performance } from 'node:perf_hooks';
import { hubspotClient, rejection, sandbox, timingOutAgent, viaAgent } from './support';

const PAGE = 'GET /crm/v3/objects/contacts';
let sb: Awaited<ReturnType<typeof sandbox>>;

beforeEach(async () => {
  sb = await sandbox({ seed: 11 });
  sb.seedProspects(3);
});
afterEach(async () => {
  await sb.stop();
});

test('a 5xx reaches the SDK as an ApiException; a count-limited one is retried away by the SDK', async () => {
  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'error', params: { status: 503 }, count: 1 });
  const err = await rejection(hubspotClient(sb).crm.contacts.basicApi.getPage(1));
  expect(err.code).toBe(503);
  expect(err.body).toMatchObject({ status: 'error', category: 'SERVICE_UNAVAILABLE' });

  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'error', count: 1 });
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined); // the SDK logs its retries there
  const page = await hubspotClient(sb, { numberOfApiCallRetries: 2 }).crm.contacts.basicApi.getPage(1);
  expect(page.results).toHaveLength(1);
  expect(logged).toHaveBeenCalled();
  logged.mockRestore();
  expect(sb.callCounts().hubspot.byRouteStatus).toMatchObject({ [`${PAGE} 503`]: 1, [`${PAGE} 500`]: 1, [`${PAGE} 200`]: 1 });
});

test('a 429 storm answers the exact TEN_SECONDLY_ROLLING body and rate-limit headers', async () => {
  sb.faults.add({ system: 'hubspot', route: 'GET /crm/v3/objects/contacts*', kind: 'rate_limit', durationMs: 10_000, params: { retryAfterSeconds: 10 } });
  const client = hubspotClient(sb);
  for (let i = 0; i < 3; i++) {
    const err = await rejection(client.crm.contacts.basicApi.getPage(1));
    expect(err.code).toBe(429);
    expect(err.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      correlationId: expect.any(String),
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: `publicapi:private_app-api-calls-ten-secondly:${sb.hubspot.appId}:${sb.hubspot.portalId}`,
    });
    expect(err.headers).toMatchObject({ 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'retry-after': '10' });
  }
  // The storm ends with its window on the sandbox clock.
  sb.manual.advance(10_000);
  await expect(client.crm.contacts.basicApi.getPage(1)).resolves.toMatchObject({ results: expect.any(Array) });
});

test('the DAILY 429 is the one the SDK never retries', async () => {
  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'rate_limit', params: { policy: 'DAILY' } });
  const err = await rejection(hubspotClient(sb, { numberOfApiCallRetries: 3 }).crm.contacts.basicApi.getPage(1));
  expect(err.body).toMatchObject({ message: 'You have reached your daily limit.', policyName: 'DAILY', errorType: 'RATE_LIMIT' });
  expect(err.headers['x-hubspot-ratelimit-daily-remaining']).toBe('0');
  expect(sb.faults.log()).toHaveLength(1);
});

test('a connection reset surfaces as a network error, not an HTTP status', async () => {
  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'reset', count: 1 });
  const err = await rejection(hubspotClient(sb).crm.contacts.basicApi.getPage(1));
  expect(err.code).toBe('ECONNRESET');
  expect(sb.faults.log()).toEqual([expect.objectContaining({ kind: 'reset', route: PAGE, call: 1 })]);
});

test('a request that is never answered times out in a client with a short timeout', async () => {
  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'timeout', params: { ms: 30_000 } });
  const started = performance.now();
  const options = viaAgent(timingOutAgent(150));
  const err = await rejection(hubspotClient(sb).crm.contacts.basicApi.getPage(1, undefined, undefined, undefined, undefined, undefined, options));
  expect(String(err.message)).toMatch(/socket idle for 150 ms/);
  expect(performance.now() - started).toBeLessThan(10_000);
});

test('latency delays the answer, which still comes', async () => {
  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'latency', params: { ms: 80 } });
  const started = performance.now();
  const page = await hubspotClient(sb).crm.contacts.basicApi.getPage(2);
  expect(page.results).toHaveLength(2);
  expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  expect(sb.faults.log()[0]).toMatchObject({ kind: 'latency', delayMs: 80 });
});

test('a partial batch failure answers 207 with one error per failed input, and only those inputs are not written', async () => {
  sb.faults.add({ system: 'hubspot', route: 'POST /crm/v3/objects/contacts/batch/create', kind: 'partial', params: { indexes: [1, 3] } });
  const inputs = [0, 1, 2, 3, 4].map((i) => ({ properties: { email: `batch${i}@example.com`, firstname: `B${i}` }, objectWriteTraceId: `t${i}`, associations: [] }));
  const res = await hubspotClient(sb).crm.contacts.batchApi.createWithHttpInfo({ inputs });
  expect(res.httpStatusCode).toBe(207);
  const body = res.data as unknown as { results: { properties: Record<string, string> }[]; numErrors: number; errors: { category: string; context: Record<string, string[]> }[] };
  expect(body.results.map((r) => r.properties['email']).sort()).toEqual(['batch0@example.com', 'batch2@example.com', 'batch4@example.com']);
  expect(body.numErrors).toBe(2);
  expect(body.errors.map((e) => e.context['objectWriteTraceId'])).toEqual([['t1'], ['t3']]);
  expect(body.errors[0]!.category).toBe('INTERNAL_ERROR');
  expect(sb.hubspot.contacts.findByEmail('batch1@example.com')).toBeUndefined();
  expect(sb.hubspot.contacts.findByEmail('batch2@example.com')).toBeDefined();
  expect(sb.faults.log()[0]).toMatchObject({ kind: 'partial', records: [1, 3] });
});

test('a partial rule only fires on batch writes; other routes go through untouched', async () => {
  sb.faults.add({ system: 'hubspot', route: '*', kind: 'partial' });
  await expect(hubspotClient(sb).crm.contacts.basicApi.getPage(1)).resolves.toMatchObject({ results: expect.any(Array) });
  expect(sb.faults.rules()[0]).toMatchObject({ matched: 0, fired: 0 });
});

test('every Nth call, and a rule that is spent after its count', async () => {
  sb.faults.add({ system: 'hubspot', route: PAGE, kind: 'error', everyNth: 3, count: 2 });
  const statuses: number[] = [];
  for (let i = 0; i < 9; i++) {
    const res = await fetch(`${sb.env.HUBSPOT_BASE_URL}/crm/v3/objects/contacts?limit=1`, { headers: { Authorization: `Bearer ${sb.env.HUBSPOT_ACCESS_TOKEN}` } });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200, 200, 200]);
  expect(sb.faults.rules()[0]).toMatchObject({ matched: 6, fired: 2, spent: true }) // a spent rule stops matching;
});
