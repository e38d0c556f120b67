/**
 * Plain leads (kind `lead`) against the sandbox: one whose HubSpot contact shows engagement
 * (email clicks, a rate page, a calculator, an appointment request) is handed off as an MQL with
 * the score's explanation in its audit trail; one without stays blocked BELOW_MQL until the
 * events API reports signals that carry it over the line. Nothing read for scoring reaches
 * Salesforce.
 */
import type { E2E } from './support';
import { pastSearchLag, readyContact, startE2E } from './support';

const TOKEN = 'e2e-events-token-0123456789';
const DAY = 86_400_000;

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ daemon: { http: { port: 0, host: '127.0.0.1' }, schedules: false }, env: { EVENTS_API_TOKEN: TOKEN } });
  await e.daemon.start();
});
afterAll(async () => e?.close());

const ago = (days: number): string => new Date(e.clock.now().getTime() - days * DAY).toISOString();

/** A plain consumer lead (fit 20 of the 60 MQL points), qualified by marketing's workflow. */
function plainLead(i: number, engagement: Record<string, string>): string {
  const { id } = e.sandbox.hubspot.createContact(readyContact(i, { lead_kind: 'lead', ...engagement }), { source: 'FORM' });
  e.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
  return id;
}

interface Audit {
  type: string;
  data: { reasons?: { code: string }[]; score?: { total: number; mql: boolean; items: { name: string; sources?: string[]; count?: number }[] }; cause?: { source: string; signal?: string; eventId?: string } };
}
const auditOf = async (contactId: string): Promise<Audit[]> =>
  (await e.db.query<Audit>('SELECT a.type, a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 ORDER BY a.seq', [contactId])).rows;
const stateOf = async (contactId: string): Promise<string> => (await e.db.query<{ state: string }>('SELECT state FROM leads WHERE hubspot_contact_id = $1', [contactId])).rows[0]!.state;

it('hands off a plain lead its engagement makes an MQL, explains the score, and blocks one without', async () => {
  const engaged = plainLead(200, {
    hs_email_click: '4',
    hs_email_last_click_date: ago(2),
    hs_analytics_num_page_views: '23',
    hs_analytics_last_visit_timestamp: ago(1),
    last_rate_page_view: ago(1),
    calculator_completed_date: ago(1),
    appointment_requested_date: ago(0.5),
  });
  const quiet = plainLead(201, {});
  pastSearchLag(e.clock);
  const r = await e.daemon.syncOnce();
  expect(r.errors).toEqual([]);

  expect(await stateOf(engaged)).toBe('routed');
  const passed = (await auditOf(engaged)).find((a) => a.type === 'readiness_passed')!;
  expect(passed.data.score).toMatchObject({ mql: true, total: expect.any(Number) });
  expect(passed.data.score!.total).toBeGreaterThanOrEqual(60);
  expect(passed.data.score!.items).toEqual(expect.arrayContaining([
    expect.objectContaining({ name: 'email_click', count: 4, sources: ['field:last_email_click'] }),
    expect.objectContaining({ name: 'appointment_requested', sources: ['field:appointment_requested_at'] }),
  ]));

  expect(await stateOf(quiet)).toBe('blocked');
  const blocked = (await auditOf(quiet)).find((a) => a.type === 'readiness_blocked')!;
  expect(blocked.data.reasons!.map((x) => x.code)).toEqual(['BELOW_MQL']);
  expect(blocked.data.score).toMatchObject({ total: 20, mql: false });

  // Read for scoring, never written: the Lead carries none of it.
  const lead = e.sandbox.salesforce.records('Lead').find((l) => l['HubSpot_Contact_Id__c'] === engaged)!;
  expect(Object.keys(lead).filter((k) => k === 'undefined' || /click|page_view|calculator|appointment_req|conversion/i.test(k))).toEqual([]);
});

it('routes a blocked plain lead once the events API reports signals that carry it over the line', async () => {
  const id = plainLead(202, {});
  pastSearchLag(e.clock);
  await e.daemon.syncOnce();
  expect(await stateOf(id)).toBe('blocked');

  const post = (body: object) => fetch(`${e.daemon.url!}/api/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
  const signal = (eventId: string, name: string) => ({ id: eventId, type: 'signal', occurred_at: e.clock.now().toISOString(), source: 'branch_crm', lead: { hubspot_contact_id: id }, details: { signal: name } });
  const unknown = await post([signal('v-0', 'branch_visit'), signal('v-1', 'coffee_chat')]);
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as { error: { issues: unknown } }).error.issues).toEqual([{ path: '1.details.signal', message: 'event 1: unknown signal "coffee_chat"; expected a behaviour or intent signal or a life event from scoring.yaml' }]);

  expect((await post(signal('v-1', 'branch_visit'))).status).toBe(202);
  await e.daemon.pipeline.processInbox();
  expect(await stateOf(id)).toBe('blocked'); // 20 + 12: still below 60

  expect((await post([signal('v-1', 'branch_visit'), signal('a-1', 'appointment_requested')])).status).toBe(202);
  await e.daemon.pipeline.processInbox();
  expect(await stateOf(id)).toBe('routed');
  const passed = (await auditOf(id)).find((a) => a.type === 'readiness_passed')!;
  expect(passed.data.cause).toMatchObject({ source: 'events:branch_crm', signal: 'appointment_requested', eventId: 'a-1' });
  expect(passed.data.score!.items).toEqual(expect.arrayContaining([
    expect.objectContaining({ name: 'branch_visit', count: 1, sources: ['events'] }),
    expect.objectContaining({ name: 'appointment_requested', count: 1, sources: ['events'] }),
  ]));
  const recorded = (await e.db.query<{ signals: { name: string; id: string }[] }>(`SELECT data->'gov'->'signals' AS signals FROM leads WHERE hubspot_contact_id = $1`, [id])).rows[0]!.signals;
  expect(recorded.map((s) => [s.name, s.id])).toEqual([['branch_visit', 'branch_crm:v-1'], ['appointment_requested', 'branch_crm:a-1']]);
});
