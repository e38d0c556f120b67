import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ManualClock } from '../../../src/domain/clock';
import { createHttpApp } from '../../../src/http/app';
import type { TrustProxy } from '../../../src/http/app';
import type { InboundItem, InboxPort } from '../../../src/http/inbound';
import { hubspotWebhookRouter } from '../../../src/http/routes/hubspot-webhooks';
import { silentLogger } from '../../../src/observability/logger';
import { createMetrics } from '../../../src/observability/metrics';
import { createHubSpotEmulator } from '../../../src/sandbox/hubspot';

const SECRET = 'app-secret-for-tests';
const NOW = Date.parse('2026-03-02T15:00:00Z');

/** An inbox that dedupes by source id, as the database one does. */
function memoryInbox(): InboxPort & { items: InboundItem[] } {
  const seen = new Set<string>();
  const items: InboundItem[] = [];
  return {
    items,
    async store(batch) {
      let stored = 0;
      for (const i of batch) {
        if (seen.has(i.sourceId)) continue;
        seen.add(i.sourceId);
        items.push(i);
        stored++;
      }
      return { stored, duplicates: batch.length - stored };
    },
  };
}

/** The documented algorithm, written out here independently of the product's verifier. */
function sign(url: string, body: string, ts: number, secret = SECRET): string {
  return createHmac('sha256', secret).update(`POST${url}${body}${ts}`).digest('base64');
}

describe('POST /webhooks/hubspot', () => {
  let server: Server;
  let base: string;
  let inbox: ReturnType<typeof memoryInbox>;
  const clock = new ManualClock(NOW);

  beforeEach(async () => {
    clock.set(NOW);
    inbox = memoryInbox();
    const metrics = createMetrics();
    const app = createHttpApp({
      logger: silentLogger(),
      metrics,
      routes: [hubspotWebhookRouter({ appSecret: SECRET, clock, inbox, logger: silentLogger(), metrics, maxBodyBytes: 64 * 1024 })],
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise((r) => server.close(r)));

  const event = { eventId: 7, subscriptionId: 25, portalId: 33, occurredAt: NOW - 1000, subscriptionType: 'contact.propertyChange', objectId: 1246965, propertyName: 'lifecyclestage', propertyValue: 'marketingqualifiedlead', attemptNumber: 0 };

  async function post(body: string, headers: Record<string, string>) {
    const res = await fetch(`${base}/webhooks/hubspot`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('stores a correctly signed delivery once, however often it is delivered', async () => {
    const body = JSON.stringify([event]);
    const url = `${base}/webhooks/hubspot`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const ts = clock.now().getTime();
      const res = await post(body, { 'x-hubspot-signature-v3': sign(url, body, ts), 'x-hubspot-request-timestamp': String(ts) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(attempt === 0 ? { stored: 1, duplicates: 0 } : { stored: 0, duplicates: 1 });
      clock.advance(60_000);
    }
    expect(inbox.items).toEqual([{ source: 'hubspot', sourceId: `25:7:${NOW - 1000}`, kind: 'contact.propertyChange', payload: { ...event, eventId: '7', subscriptionId: '25', objectId: '1246965' } }]);
  });

  it.each([
    ['a wrong signature', (url: string, body: string, ts: number) => sign(url, body, ts, 'another-secret'), 0, 'bad signature'],
    ['a body changed after signing', (url: string, _b: string, ts: number) => sign(url, '[]', ts), 0, 'bad signature'],
    ['a timestamp six minutes old', (url: string, body: string, ts: number) => sign(url, body, ts), -6 * 60_000, 'stale timestamp'],
    ['a timestamp six minutes ahead', (url: string, body: string, ts: number) => sign(url, body, ts), 6 * 60_000, 'stale timestamp'],
  ])('answers 401 to %s and stores nothing', async (_name, signer, skew, reason) => {
    const body = JSON.stringify([event]);
    const ts = NOW + skew;
    const res = await post(body, { 'x-hubspot-signature-v3': signer(`${base}/webhooks/hubspot`, body, ts), 'x-hubspot-request-timestamp': String(ts) });
    expect(res).toEqual({ status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: `webhook signature refused: ${reason}` } } });
    expect(inbox.items).toHaveLength(0);
  });

  it('answers 401 without signature headers, 400 to a signed non-array, 413 past the size cap', async () => {
    expect((await post('[]', {})).status).toBe(401);
    const body = JSON.stringify({ not: 'an array' });
    const ts = NOW;
    const res = await post(body, { 'x-hubspot-signature-v3': sign(`${base}/webhooks/hubspot`, body, ts), 'x-hubspot-request-timestamp': String(ts) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ ...event, eventId: i })));
    expect((await post(big, { 'x-hubspot-signature-v3': 'x', 'x-hubspot-request-timestamp': String(ts) })).status).toBe(413);
    expect(inbox.items).toHaveLength(0);
  });

  it('accepts what the sandbox HubSpot delivers, signed with the same secret', async () => {
    const hs = createHubSpotEmulator({ clock, appSecret: SECRET, webhook: { url: `${base}/webhooks/hubspot` } });
    hs.createContact({ email: 'new.prospect@example.com', lifecyclestage: 'lead' });
    const report = await hs.flushWebhooks();
    expect(report.delivered).toBeGreaterThan(0);
    expect(report.requests.every((r) => r.ok)).toBe(true);
    expect(inbox.items.map((i) => i.kind)).toContain('contact.creation');
  });
});

describe('POST /webhooks/hubspot behind a TLS proxy', () => {
  // HubSpot signs the URL it called; the proxy calls the daemon on plain http at another host.
  const PUBLIC = 'https://public.example/webhooks/hubspot';
  const clock = new ManualClock(NOW);
  const event = { eventId: 8, subscriptionId: 25, portalId: 33, occurredAt: NOW - 1000, subscriptionType: 'contact.creation', objectId: 1246966 };
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  async function daemonAt(opts: { trustProxy?: TrustProxy; publicBaseUrl?: string }): Promise<string> {
    const metrics = createMetrics();
    const inbox = memoryInbox();
    const app = createHttpApp({
      logger: silentLogger(),
      metrics,
      ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
      routes: [hubspotWebhookRouter({ appSecret: SECRET, clock, inbox, logger: silentLogger(), metrics, ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}) })],
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((r) => server.once('listening', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A delivery signed for the public URL, forwarded by the proxy with the headers it sets. */
  async function forwarded(base: string, forwardedHeaders: Record<string, string>): Promise<number> {
    const body = JSON.stringify([event]);
    const ts = NOW;
    const res = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': sign(PUBLIC, body, ts), 'x-hubspot-request-timestamp': String(ts), ...forwardedHeaders },
    });
    return res.status;
  }

  const proxyHeaders = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example', 'x-forwarded-for': '198.51.100.4' };

  it.each([
    ['nothing configured: the X-Forwarded headers are not believed', 401, {}, proxyHeaders],
    ['TRUST_PROXY=loopback (the proxy is on this host)', 200, { trustProxy: ['loopback'] }, proxyHeaders],
    ['TRUST_PROXY=1 (one hop)', 200, { trustProxy: 1 }, proxyHeaders],
    ['TRUST_PROXY naming other addresses than the proxy\'s', 401, { trustProxy: ['10.0.0.0/8'] }, proxyHeaders],
    ['trusted proxy forwarding another host than the one HubSpot called', 401, { trustProxy: ['loopback'] }, { ...proxyHeaders, 'x-forwarded-host': 'evil.example' }],
    ['PUBLIC_BASE_URL, whatever the proxy sends', 200, { publicBaseUrl: 'https://public.example' }, {}],
    ['PUBLIC_BASE_URL wins over forwarded headers that disagree', 200, { publicBaseUrl: 'https://public.example', trustProxy: true }, { ...proxyHeaders, 'x-forwarded-host': 'evil.example' }],
    ['PUBLIC_BASE_URL naming another origin', 401, { publicBaseUrl: 'https://other.example' }, proxyHeaders],
  ] as const)('%s → %i', async (_what, status, opts, headers) => {
    const base = await daemonAt(opts as { trustProxy?: TrustProxy; publicBaseUrl?: string });
    expect(await forwarded(base, headers)).toBe(status);
  });
});
