/**
 * Webhook deliveries: payload fields, v3 and v1 signatures checked by hand and by the SDK's
 * Signature.isValid, batching by 100, retries with a growing attemptNumber on 500s and timeouts,
 * and all of it driven by flushWebhooks() on the injected clock.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Signature } from '@hubspot/api-client';
import type { WebhookEvent } from '../../../src/sandbox/hubspot';
import type { Harness } from './support';
import { sdkClient, startEmulator } from './support';

const SECRET = 'test-client-secret';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on a real socket that answers with the statuses it is given ('hang' never answers). */
async function receiver(): Promise<{ url: string; got: Received[]; answers: (number | 'hang')[]; next: () => Promise<Received>; close: () => Promise<void> }> {
  const got: Received[] = [];
  const answers: (number | 'hang')[] = [];
  const waiters: ((r: Received) => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      got.push(r);
      waiters.shift()?.(r);
      const status = answers.shift() ?? 200;
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/hubspot?portal=1`,
    got,
    answers,
    next: () => new Promise((r) => waiters.push(r)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let h: Harness;
let rx: Awaited<ReturnType<typeof receiver>>;

async function setup(webhook: Record<string, unknown> = {}): Promise<void> {
  rx = await receiver();
  // Near real time, because the SDK's Signature.isValid compares the timestamp with Date.now().
  h = await startEmulator({ appSecret: SECRET, webhook: { url: rx.url, ...webhook } }, Date.now());
}
afterEach(async () => {
  await h.close();
  await rx.close();
});

const events = (r: Received | undefined): WebhookEvent[] => JSON.parse(r?.body ?? '[]') as WebhookEvent[];

it('sends nothing until flushed, then a signed JSON array of creation and propertyChange events', async () => {
  await setup();
  const c = h.emu.createContact({ email: 'wh@example.com', firstname: 'Wen' }, { sourceUserId: 77 });
  expect(rx.got).toHaveLength(0);
  const report = await h.emu.flushWebhooks();
  expect(report).toMatchObject({ delivered: 3, retrying: 0, dropped: 0, pending: 0, requests: [{ outcome: 200, events: 3, ok: true }] });

  const req = rx.got[0]!;
  expect(req.method).toBe('POST');
  expect(req.headers['content-type']).toBe('application/json');
  const list = events(req);
  const common = {
    objectId: Number(c.id),
    changeSource: 'CRM_UI',
    sourceId: 'userId:77',
    portalId: h.emu.portalId,
    appId: h.emu.appId,
    occurredAt: h.clock.now().getTime(),
    attemptNumber: 0,
  };
  expect(list).toEqual([
    { ...common, eventId: expect.any(Number), subscriptionId: expect.any(Number), subscriptionType: 'contact.creation', changeFlag: 'CREATED' },
    { ...common, eventId: expect.any(Number), subscriptionId: expect.any(Number), subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: 'wh@example.com', isSensitive: false },
    { ...common, eventId: expect.any(Number), subscriptionId: expect.any(Number), subscriptionType: 'contact.propertyChange', propertyName: 'firstname', propertyValue: 'Wen', isSensitive: false },
  ]);
  expect(new Set(list.map((e) => e.eventId)).size).toBe(3);

  // v3, computed independently: base64(HMAC-SHA256(secret, method + full URL + raw body + timestamp)).
  const ts = String(req.headers['x-hubspot-request-timestamp']);
  expect(ts).toBe(String(h.clock.now().getTime()));
  const expected = createHmac('sha256', SECRET).update(`POST${rx.url}${req.body}${ts}`).digest('base64');
  expect(req.headers['x-hubspot-signature-v3']).toBe(expected);
  // And as the SDK checks it, v3 and v1.
  expect(
    Signature.isValid({ signatureVersion: 'v3', signature: String(req.headers['x-hubspot-signature-v3']), clientSecret: SECRET, requestBody: req.body, method: 'POST', url: rx.url, timestamp: Number(ts) }),
  ).toBe(true);
  expect(req.headers['x-hubspot-signature-version']).toBe('v1');
  expect(Signature.isValid({ signatureVersion: 'v1', signature: String(req.headers['x-hubspot-signature']), clientSecret: SECRET, requestBody: req.body })).toBe(true);
  expect(Signature.isValid({ signatureVersion: 'v1', signature: String(req.headers['x-hubspot-signature']), clientSecret: 'other', requestBody: req.body })).toBe(false);
});

it('reports API writes with Handoff’s token as INTEGRATION changes, one event per changed property', async () => {
  await setup();
  const c = h.emu.createContact({ email: 'api@example.com', firstname: 'A' });
  await h.emu.flushWebhooks();
  rx.got.length = 0;
  const client = sdkClient(h.url);
  h.clock.advance(1_000);
  await client.crm.contacts.basicApi.update(c.id, { properties: { firstname: 'A', lastname: 'Bee', lifecyclestage: 'lead' } });
  await h.emu.flushWebhooks();
  const list = events(rx.got[0]);
  expect(list.map((e) => [e.subscriptionType, e.propertyName, e.propertyValue, e.changeSource, e.sourceId])).toEqual([
    ['contact.propertyChange', 'lastname', 'Bee', 'INTEGRATION', String(h.emu.appId)],
    ['contact.propertyChange', 'lifecyclestage', 'lead', 'INTEGRATION', String(h.emu.appId)],
  ]);
  expect(list[0]?.occurredAt).toBe(h.clock.now().getTime());
});

it('reports workflow changes with their source and honours the subscribed properties', async () => {
  await setup({ properties: ['lifecyclestage'] });
  const c = h.emu.createContact({ email: 'wf@example.com', lifecyclestage: 'subscriber' });
  h.emu.updateContact(c.id, { lifecyclestage: 'marketingqualifiedlead', city: 'Reno' }, { source: 'WORKFLOWS', sourceId: 'workflow:9' });
  await h.emu.flushWebhooks();
  const list = events(rx.got[0]);
  expect(list.map((e) => [e.subscriptionType, e.propertyName ?? null, e.changeSource])).toEqual([
    ['contact.creation', null, 'CRM_UI'],
    ['contact.propertyChange', 'lifecyclestage', 'CRM_UI'],
    ['contact.propertyChange', 'lifecyclestage', 'WORKFLOWS'],
  ]);
  expect(list[2]?.sourceId).toBe('workflow:9');
});

it('batches at most 100 events per request', async () => {
  await setup();
  for (let i = 0; i < 125; i++) h.emu.createContact({ email: `b${i}@example.com` }); // 2 events each
  const report = await h.emu.flushWebhooks();
  expect(report.requests.map((r) => r.events)).toEqual([100, 100, 50]);
  expect(rx.got.map((r) => events(r).length)).toEqual([100, 100, 50]);
});

it('retries on 500 with backoff by the clock and a growing attemptNumber, then gives up after maxAttempts', async () => {
  await setup({ maxAttempts: 3, retryBaseMs: 60_000 });
  rx.answers.push(500, 500, 500);
  h.emu.createContact({ email: 'r@example.com' });
  const first = await h.emu.flushWebhooks();
  expect(first).toMatchObject({ delivered: 0, retrying: 2, pending: 2, requests: [{ outcome: 500, ok: false }] });

  expect((await h.emu.flushWebhooks()).requests).toHaveLength(0); // not due yet
  h.clock.advance(60_000);
  await h.emu.flushWebhooks();
  expect(events(rx.got[1]).map((e) => e.attemptNumber)).toEqual([1, 1]);

  h.clock.advance(60_000);
  expect((await h.emu.flushWebhooks()).requests).toHaveLength(0); // second retry waits twice as long
  h.clock.advance(60_000);
  const last = await h.emu.flushWebhooks();
  expect(events(rx.got[2]).map((e) => e.attemptNumber)).toEqual([2, 2]);
  expect(last).toMatchObject({ dropped: 2, pending: 0 });
  expect(h.emu.webhooks.dropped()).toHaveLength(2);
  expect(new Set(rx.got.map((r) => events(r)[0]?.eventId)).size).toBe(1); // the same event each time
});

it('treats a receiver that does not answer in time as a failure and delivers on retry', async () => {
  await setup({ timeoutMs: 100, retryBaseMs: 1_000 });
  rx.answers.push('hang');
  h.emu.createContact({ email: 't@example.com' });
  const first = await h.emu.flushWebhooks();
  expect(first.requests[0]?.outcome).toBe('timeout');
  h.clock.advance(1_000);
  const second = await h.emu.flushWebhooks();
  expect(second).toMatchObject({ delivered: 2, pending: 0 });
});

it('delivers on its own once the background loop is started', async () => {
  await setup();
  const arrived = rx.next();
  h.emu.createContact({ email: 'loop@example.com' });
  h.emu.startWebhookLoop(10);
  expect(events(await arrived)).toHaveLength(2);
  h.emu.stopWebhookLoop();
});
