/**
 * A lead's whole story as the sandbox's RMs write it in Salesforce, as themselves: accept, a
 * connected call (Task), a meeting booked and held (Event), conversion, the Opportunity approved
 * and funded. Each step moves the lead (outcome mapping) and shows in HubSpot as statuses.yaml
 * says; the events API reports from other channels land on the same lead.
 */
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { createAndQualify, pastSearchLag, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function leadLifecycle(backend: Backend): void {
  const TOKEN = 'e2e-events-token-0123456789';
  const fast = {
    accept: 1, return: 0, ignore: 0, answerMinutes: [2, 2], call: 1, callMinutes: [5, 5], connect: 1, callAttempts: 1,
    meeting: 1, meetingLeadMinutes: [30, 30], meetingDurationMinutes: 30, meetingKept: 1, convert: 1, convertMinutes: [10, 10],
    approve: 1, approveMinutes: [10, 10], fund: 1, fundMinutes: [10, 10],
  } as const;

  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend, sandbox: { rmPolicies: { defaults: fast } }, daemon: { http: { port: 0, host: '127.0.0.1' }, schedules: false }, env: { EVENTS_API_TOKEN: TOKEN } });
    await e.daemon.start();
  });
  afterAll(async () => e?.close());

  const stateOf = async (contactId: string): Promise<string> => (await e.db.query<{ state: string }>('SELECT state FROM leads WHERE hubspot_contact_id = $1', [contactId])).rows[0]!.state;

  it('follows an RM from acceptance to a funded account, step by step, in both systems', async () => {
    const [id] = createAndQualify(e.sandbox, 0, 1) as [string];
    pastSearchLag(e.clock);
    await e.daemon.syncOnce();
    for (let i = 0; i < 40 && (await stateOf(id)) !== 'funded'; i++) {
      e.clock.advance(10 * 60_000);
      await e.sandbox.rms.tick();
      // Read a minute after the RM acted: each outcome is dated by Salesforce, not by the read.
      e.clock.advance(60_000);
      const r = await e.daemon.syncOnce();
      expect(r.errors).toEqual([]);
    }
    // Every state the lead passed through, from its audit trail.
    const moves = await e.db.query<{ to: string }>(
      `SELECT a.data->>'to' AS to FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.data ? 'to' ORDER BY a.seq`,
      [id],
    );
    expect(moves.rows.map((r) => r.to)).toEqual(['ready', 'routed', 'accepted', 'contacted', 'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded']);
    expect(e.sandbox.hubspot.getContact(id)!.properties).toMatchObject({
      ...e.sandbox.mappings.statuses.outbound.application_started.hubspot,
      ...e.sandbox.mappings.statuses.outbound.funded.hubspot,
    });
    const trail = await e.db.query<{ type: string; data: { outcome?: string; amount?: number } }>(
      `SELECT a.type, a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.type = 'outcome' ORDER BY a.seq`,
      [id],
    );
    expect(trail.rows.at(-1)!.data).toMatchObject({ outcome: 'funded', amount: expect.any(Number) });
    const late = await e.db.query<{ outcome: string; lag: number }>(
      `SELECT a.data->>'outcome' AS outcome, extract(epoch FROM a.at - (a.data->>'occurredAt')::timestamptz)::int AS lag
         FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.type = 'outcome' ORDER BY a.seq`,
      [id],
    );
    expect(late.rows.map((r) => r.outcome)).toEqual(['contacted', 'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded']);
    expect(late.rows.map((r) => [r.outcome, r.lag >= 60])).toEqual(late.rows.map((r) => [r.outcome, true]));
  });

  it('dates a call and a meeting by Salesforce\'s own times, not by the poll that read them', async () => {
    const [id] = createAndQualify(e.sandbox, 80, 1) as [string];
    pastSearchLag(e.clock);
    await e.daemon.syncOnce();
    const sfLead = e.sandbox.salesforce.records('Lead').find((l) => l.HubSpot_Contact_Id__c === id)!;
    const rep = String(sfLead.OwnerId).startsWith('005') ? String(sfLead.OwnerId) : e.sandbox.salesforce.integrationUserId;
    const second = (d: Date | string): number => Math.floor(new Date(d).getTime() / 1000);
    const occurred = async (outcome: string): Promise<number> => {
      const { rows } = await e.db.query<{ at: string }>(
        `SELECT a.data->>'occurredAt' AS at FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.type = 'outcome' AND a.data->>'outcome' = $2`,
        [id, outcome],
      );
      expect(rows).toHaveLength(1);
      return second(rows[0]!.at);
    };

    const calledAt = e.clock.now();
    e.sandbox.salesforce.insert('Task', { WhoId: sfLead.Id, Subject: 'Call', Type: 'Call', TaskSubtype: 'Call', Status: 'Completed', CallDisposition: 'Connected' }, rep);
    e.clock.advance(20 * 60_000);
    const bookedAt = e.clock.now();
    const meetsAt = new Date(bookedAt.getTime() + 30 * 60_000);
    const meeting = e.sandbox.salesforce.insert('Event', { WhoId: sfLead.Id, Subject: 'Meeting', StartDateTime: meetsAt.toISOString(), DurationInMinutes: 30 }, rep);
    e.clock.advance(10 * 60_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await stateOf(id)).toBe('appointment_set');
    expect(await occurred('contacted')).toBe(second(calledAt));
    expect(await occurred('appointment_set')).toBe(second(bookedAt));

    e.clock.advance(60 * 60_000);
    e.sandbox.salesforce.update('Event', String(meeting.Id), { Subject: 'Meeting - Held' }, rep);
    e.clock.advance(15 * 60_000);
    await e.daemon.syncOnce();
    expect(await occurred('appointment_kept')).toBe(second(meetsAt));
  });

  it('takes outcomes from the events API onto the lead named by email', async () => {
    const [id] = createAndQualify(e.sandbox, 50, 1) as [string];
    pastSearchLag(e.clock);
    await e.daemon.syncOnce();
    const email = e.sandbox.hubspot.getContact(id)!.properties.email!;
    const post = (body: object) => fetch(`${e.daemon.url!}/api/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    const event = { id: 'branch-42', type: 'appointment_set', occurred_at: e.clock.now().toISOString(), source: 'branch_crm', lead: { email: email.toUpperCase() }, details: { branch_id: 'chicago_loop' } };
    expect((await post(event)).status).toBe(202);
    expect(await (await post(event)).json()).toEqual({ stored: 0, duplicates: 1 });
    await e.daemon.pipeline.processInbox();
    expect(await stateOf(id)).toBe('appointment_set');
    await e.daemon.pipeline.dispatch();
    expect(e.sandbox.hubspot.getContact(id)!.properties).toMatchObject(e.sandbox.mappings.statuses.outbound.appointment_set.hubspot);
  });
}
