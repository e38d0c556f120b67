/**
 * Webhooks through the daemon's own HTTP server, signed by the HubSpot emulator with the app
 * secret: a qualified contact becomes a Lead from webhooks alone (its contact read in a batch,
 * no search); a delivery with a bad signature or an old timestamp gets 401 and leaves no trace;
 * one event delivered three times is stored once and handled once; the echoes of our own writes
 * are recognised by origin and cost no read.
 */
import type { Backend } from '../../support/db';
import { signV3 } from '../../../src/sandbox/hubspot/webhooks';
import type { E2E } from '../support';
import { leadsByContact, readyContact, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function webhookDeliveries(backend: Backend): void {
  let e: E2E;
  let url: string;
  beforeAll(async () => {
    e = await startE2E({ backend, daemon: { http: { port: 0, host: '127.0.0.1' }, schedules: false } });
    await e.daemon.start();
    url = `${e.daemon.url!}/webhooks/hubspot`;
    e.sandbox.hubspot.configureWebhooks({ url });
  });
  afterAll(async () => e?.close());

  const count = async (table: string): Promise<number> => (await e.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  async function deliver(events: object[], opts: { secret?: string; ageMs?: number } = {}): Promise<Response> {
    const body = JSON.stringify(events);
    const timestamp = e.clock.now().getTime() - (opts.ageMs ?? 0);
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-HubSpot-Signature-v3': signV3(opts.secret ?? e.sandbox.env.HUBSPOT_APP_SECRET, 'POST', url, body, timestamp), 'X-HubSpot-Request-Timestamp': String(timestamp) },
      body,
    });
  }

  async function handleWebhooks(): Promise<void> {
    await e.daemon.pipeline.resolveWebhooks();
    await e.daemon.pipeline.processInbox();
    await e.daemon.pipeline.dispatch();
  }

  it('hands off a qualified contact from webhooks alone, reading it in a batch', async () => {
    const id = e.sandbox.hubspot.createContact(readyContact(1), { source: 'FORM' }).id;
    e.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
    const delivered = await e.sandbox.hubspot.flushWebhooks();
    expect(delivered.requests.every((r) => r.ok)).toBe(true);
    e.sandbox.resetCounts();

    await handleWebhooks();
    expect(leadsByContact(e.sandbox).get(id)).toHaveLength(1);
    const calls = e.sandbox.callCounts().hubspot.byRoute;
    expect(calls['POST /crm/v3/objects/contacts/batch/read']).toBe(1);
    expect(calls['POST /crm/v3/objects/contacts/search']).toBeUndefined();

    // Our own writes come back as webhooks too: recognised by origin, no read.
    await e.sandbox.hubspot.flushWebhooks();
    e.sandbox.resetCounts();
    const echoes = await e.daemon.pipeline.resolveWebhooks();
    expect(echoes).toMatchObject({ read: 0, stored: 0 });
    expect(echoes.ignored).toBeGreaterThan(0);
    expect(e.sandbox.callCounts().hubspot.total).toBe(0);
  });

  it('answers 401 to a bad signature or an old timestamp and stores nothing', async () => {
    const event = { eventId: 7001, subscriptionId: 5, portalId: e.sandbox.hubspot.portalId, appId: e.sandbox.hubspot.appId, occurredAt: e.clock.now().getTime(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: 999, propertyName: 'lifecyclestage', propertyValue: 'marketingqualifiedlead', changeSource: 'CRM_UI' };
    const before = { inbox: await count('inbox'), audit: await count('audit_events') };
    const forged = await deliver([event], { secret: 'not-the-app-secret' });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: { code: 'INVALID_SIGNATURE', message: 'webhook signature refused: bad signature' } });
    const stale = await deliver([event], { ageMs: 6 * 60_000 });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: { code: 'INVALID_SIGNATURE', message: 'webhook signature refused: stale timestamp' } });
    expect({ inbox: await count('inbox'), audit: await count('audit_events') }).toEqual(before);
  });

  it('stores and handles one event once when HubSpot delivers it three times', async () => {
    e.sandbox.hubspot.configureWebhooks(undefined);
    const id = e.sandbox.hubspot.createContact(readyContact(2, { lifecyclestage: 'marketingqualifiedlead' }), { source: 'FORM' }).id;
    e.sandbox.hubspot.configureWebhooks({ url });
    const event = { eventId: 7002, subscriptionId: 5, portalId: e.sandbox.hubspot.portalId, appId: e.sandbox.hubspot.appId, occurredAt: e.clock.now().getTime(), subscriptionType: 'contact.propertyChange', objectId: Number(id), propertyName: 'lifecyclestage', propertyValue: 'marketingqualifiedlead', changeSource: 'CRM_UI' };
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await deliver([{ ...event, attemptNumber: attempt }]);
      answers.push({ status: r.status, body: await r.json() });
    }
    expect(answers).toEqual([
      { status: 200, body: { stored: 1, duplicates: 0 } },
      { status: 200, body: { stored: 0, duplicates: 1 } },
      { status: 200, body: { stored: 0, duplicates: 1 } },
    ]);
    e.sandbox.resetCounts();
    await handleWebhooks();
    expect(e.sandbox.callCounts().hubspot.byRoute['POST /crm/v3/objects/contacts/batch/read']).toBe(1);
    expect(leadsByContact(e.sandbox).get(id)).toHaveLength(1);
    const lead = await e.db.query<{ id: string }>('SELECT id FROM leads WHERE hubspot_contact_id = $1', [id]);
    const trail = await e.db.query<{ type: string }>('SELECT type FROM audit_events WHERE lead_id = $1 ORDER BY seq', [lead.rows[0]!.id]);
    expect(trail.rows.map((r) => r.type)).toEqual(['readiness_passed', 'routed']);
  });
}
