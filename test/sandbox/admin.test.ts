/** The admin API: every route over real HTTP, as docs/sandbox.md shows them with curl. */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Signature } from '@hubspot/api-client';
import { startSandbox } from '../../src/sandbox';
import type { Sandbox } from '../../src/sandbox';
import { getJson, sandbox } from './support';

const post = (url: string, body?: unknown) => getJson(url, { method: 'POST', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const del = (url: string) => getJson(url, { method: 'DELETE' });

describe('on a manual clock', () => {
  let sb: Sandbox;
  let admin: string;
  beforeAll(async () => {
    sb = await sandbox({ seed: 4, rmPolicies: { defaults: { accept: 1, return: 0, ignore: 0, answerMinutes: [10, 10], call: 0 } } });
    admin = sb.adminUrl;
  });
  afterAll(async () => {
    await sb.stop();
  });

  test('GET / lists the routes and GET /env is the printed environment', async () => {
    const index = await getJson(`${admin}/`);
    expect(index.json.routes).toEqual(expect.arrayContaining([expect.stringMatching(/^POST \/faults /), expect.stringMatching(/^GET \/summary /)]));
    expect((await getJson(`${admin}/env`)).json).toEqual(sb.env);
    expect(await getJson(`${admin}/nope`)).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
  });

  test('POST /prospects seeds synthetic prospects; a bad count is a 400 saying why', async () => {
    const r = await post(`${admin}/prospects`, { count: 12 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ created: 12, contactIds: expect.any(Array) });
    expect(sb.hubspot.contacts.list()).toHaveLength(12);
    expect(await post(`${admin}/prospects`, { count: 0 })).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST', message: 'count: Number must be greater than or equal to 1' } } });
    expect(await getJson(`${admin}/prospects`, { method: 'POST', body: '{"count":' })).toMatchObject({ status: 400, json: { error: { code: 'BAD_JSON' } } });
  });

  test('faults: add, see them fire, list with the log, remove one, clear', async () => {
    const added = await post(`${admin}/faults`, { system: 'hubspot', route: 'GET /crm/v3/objects/contacts', kind: 'error', params: { status: 502 } });
    expect(added.status).toBe(201);
    const id = added.json.rules[0].id as string;
    const hit = await fetch(`${sb.env.HUBSPOT_BASE_URL}/crm/v3/objects/contacts?limit=1`, { headers: { Authorization: `Bearer ${sb.env.HUBSPOT_ACCESS_TOKEN}` } });
    expect(hit.status).toBe(502);
    const listed = await getJson(`${admin}/faults`);
    expect(listed.json.rules).toEqual([expect.objectContaining({ rule: expect.objectContaining({ id }), matched: 1, fired: 1 })]);
    expect(listed.json.log).toEqual([expect.objectContaining({ ruleId: id, kind: 'error', route: 'GET /crm/v3/objects/contacts' })]);
    expect((await del(`${admin}/faults/${id}`)).status).toBe(204);
    expect(await del(`${admin}/faults/${id}`)).toMatchObject({ status: 404, json: { error: { code: 'NO_SUCH_FAULT' } } });
    expect(await post(`${admin}/faults`, { system: 'salesforce', kind: 'explode' })).toMatchObject({ status: 400, json: { error: { code: 'SANDBOX_BAD_FAULT' } } });
    await post(`${admin}/faults`, [{ system: 'salesforce', kind: 'reset' }, { system: 'hubspot', kind: 'reset' }]);
    expect((await del(`${admin}/faults?log=true`)).status).toBe(204);
    expect((await getJson(`${admin}/faults`)).json).toEqual({ rules: [], log: [] });
  });

  test('GET /calls counts per system and route; DELETE /calls resets them', async () => {
    await fetch(`${sb.env.SALESFORCE_INSTANCE_URL}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${sb.env.SALESFORCE_ACCESS_TOKEN}` } });
    const counts = (await getJson(`${admin}/calls`)).json;
    expect(counts.salesforce.byRouteStatus['GET /limits 200']).toBe(1);
    expect(counts.salesforceByActor.integration.byRoute['GET /limits']).toBe(1);
    expect(counts.hubspot.byRouteStatus['GET /crm/v3/objects/contacts 502']).toBe(1);
    expect((await del(`${admin}/calls`)).status).toBe(204);
    expect((await getJson(`${admin}/calls`)).json.hubspot.total).toBe(0);
  });

  test('the clock: read it, advance it; a manual clock has no speed', async () => {
    const before = (await getJson(`${admin}/clock`)).json;
    expect(before).toEqual({ now: sb.clock.now().toISOString(), speed: null });
    const after = (await post(`${admin}/clock/advance`, { minutes: 30 })).json;
    expect(Date.parse(after.now) - Date.parse(before.now)).toBe(30 * 60_000);
    expect(await post(`${admin}/clock/speed`, { speed: 60 })).toMatchObject({ status: 409, json: { error: { code: 'CLOCK_NOT_SCALED' } } });
    expect(await post(`${admin}/clock/advance`, {})).toMatchObject({ status: 400, json: { error: { message: 'body: give ms, minutes or hours' } } });
  });

  test('RM tick, RM list and the state summary', async () => {
    const olivia = sb.roster.byRmId.get('olivia_bennett')!;
    const lead = sb.salesforce.insert('Lead', { LastName: 'Ortiz', Company: 'Ortiz Household', OwnerId: olivia.userId, Handoff_Status__c: 'Pending' });
    expect((await post(`${admin}/rms/tick`)).json).toEqual({ actions: [] });
    await post(`${admin}/clock/advance`, { minutes: 10 });
    const ticked = (await post(`${admin}/rms/tick`)).json;
    expect(ticked.actions).toEqual([expect.objectContaining({ action: 'accept', leadId: lead.Id, userId: olivia.userId })]);
    const rms = (await getJson(`${admin}/rms`)).json;
    expect(rms.rms).toHaveLength(sb.mappings.roster.rms.length);
    expect(rms.rms.find((r: { id: string }) => r.id === 'olivia_bennett')).toMatchObject({ userId: olivia.userId, username: 'olivia.bennett@bank.example', home: 'nyc_midtown', policy: { accept: 1 } });
    const summary = (await getJson(`${admin}/summary`)).json;
    expect(summary.hubspot.contacts).toBe(12);
    expect(summary.salesforce).toMatchObject({ leads: 1, leadsByHandoffStatus: { Accepted: 1 }, leadsByOwner: { rm: 1, queue: 0, other: 0 }, tasks: 0, events: 0, opportunities: 0 });
  });

  test('POST /webhooks/flush reports a delivery run (nothing configured here)', async () => {
    expect((await post(`${admin}/webhooks/flush`)).json).toMatchObject({ requests: [], delivered: 0 });
  });
});

test('on a scaled clock: speed can change, and webhooks arrive signed with the printed app secret', async () => {
  const received: { valid: boolean; events: { subscriptionType: string }[] }[] = [];
  const receiver = express();
  receiver.post('/webhooks/hubspot', express.text({ type: () => true }), (req, res) => {
    const valid = Signature.isValid({
      signatureVersion: 'v3',
      signature: req.header('x-hubspot-signature-v3') ?? '',
      clientSecret: sb.env.HUBSPOT_APP_SECRET,
      requestBody: req.body as string,
      method: 'POST',
      url: `http://127.0.0.1:${port}/webhooks/hubspot`,
      timestamp: Number(req.header('x-hubspot-request-timestamp')),
    });
    received.push({ valid, events: JSON.parse(req.body as string) as { subscriptionType: string }[] });
    res.status(204).end();
  });
  const server = receiver.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  // The default clock starts at the real now, so the receiver's 5-minute timestamp check passes.
  const sb = await startSandbox({ seed: 3, webhookUrl: `http://127.0.0.1:${port}/webhooks/hubspot` });
  try {
    const speed = await post(`${sb.adminUrl}/clock/speed`, { speed: 60 });
    expect(speed.json.speed).toBe(60);
    await post(`${sb.adminUrl}/prospects`, { count: 4 });
    const report = (await post(`${sb.adminUrl}/webhooks/flush`)).json;
    // A creation event per contact, and a propertyChange per property set at creation.
    const events = received.flatMap((r) => r.events);
    expect(report).toMatchObject({ delivered: events.length, retrying: 0, dropped: 0, pending: 0 });
    expect(received.every((r) => r.valid)).toBe(true);
    expect(events.filter((e) => e.subscriptionType === 'contact.creation')).toHaveLength(4);
    expect(events.filter((e) => e.subscriptionType === 'contact.propertyChange').length).toBeGreaterThan(4 * 10);
  } finally {
    await sb.stop();
    server.close();
  }
});
