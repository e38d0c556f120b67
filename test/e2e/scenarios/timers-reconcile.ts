/**
 * The two periodic jobs that are not polling: the timer sweep (an accept-by deadline passes, the
 * lead goes to the next RM with a new Task, the manager hears of it in a Task of their own) and
 * reconciliation (a change polling missed is found by comparing both systems, repaired through
 * the decide path, and reported), and the housekeeping that runs with the latter.
 */
import type { Backend } from '../../support/db';
import { setCursor } from '../../../src/engine/cursors';
import { leadStory } from '../../../src/ops/explain';
import { FINISHED_WORK_RETENTION_MS, INBOX_RETENTION_MS, housekeeping } from '../../../src/engine/pipeline/sweep';
import type { E2E } from '../support';
import { createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function timersAndReconcile(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());
  const count = async (sql: string) => (await e.db.query<{ n: number }>(sql)).rows[0]!.n;

  it('reassigns a lead whose accept-by passed to another RM, with a new Task and the breach on both sides', async () => {
    const [id] = createAndQualify(e.sandbox, 0, 1) as [string];
    pastSearchLag(e.clock);
    await e.daemon.syncOnce();
    const first = leadsByContact(e.sandbox).get(id)![0]!;
    const users = new Map(e.sandbox.roster.users.map((u) => [u.userId, u.rm]));
    const firstRm = users.get(String(first['OwnerId']))!;
    expect(firstRm).toBeDefined();

    // Past the accept-by (an hour of business time for this policy) with no answer.
    e.clock.advance(2 * 3600_000);
    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);
    expect(cycle.timers).toMatchObject({ breaches: 1, failed: 0 });

    const lead = e.sandbox.salesforce.get('Lead', String(first['Id']))!;
    const secondRm = users.get(String(lead['OwnerId']));
    expect(secondRm?.id).toBeDefined();
    expect(secondRm!.id).not.toBe(firstRm.id);
    expect(lead).toMatchObject({ Handoff_Attempt__c: 2, Handoff_Status__c: 'Pending' });
    const tasks = e.sandbox.salesforce.records('Task').filter((t) => t['WhoId'] === first['Id']);
    expect(tasks.map((t) => String(t['Handoff_Key__c']).replace(/^[^:]+:/, '')).sort()).toEqual(['accept:1', 'accept:2', 'breach:accept:1']);
    expect(tasks.find((t) => String(t['Handoff_Key__c']).endsWith(':accept:2'))!['OwnerId']).toBe(lead['OwnerId']);
    // The breach Task is the manager's own (sla.yaml managers, by the first RM's home), not the integration user's.
    const { managers } = e.sandbox.mappings.sla;
    const manager = (firstRm.branch !== undefined ? managers.branches[firstRm.branch] : firstRm.queue !== undefined ? managers.queues[firstRm.queue] : undefined) ?? managers.default;
    const managerUser = e.sandbox.roster.managers.find((m) => m.username === manager.salesforce_username)!;
    expect(managerUser).toBeDefined();
    const breachTask = tasks.find((t) => String(t['Handoff_Key__c']).endsWith(':breach:accept:1'))!;
    expect(breachTask['OwnerId']).toBe(managerUser.userId);
    expect(breachTask['OwnerId']).not.toBe(e.sandbox.salesforce.integrationUserId);
    expect(e.sandbox.hubspot.getContact(id)!.properties).toMatchObject({ handoff_owner: secondRm!.name, handoff_sla_breached: 'true' });
    const trail = await e.db.query<{ type: string }>(`SELECT a.type FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 ORDER BY a.seq`, [id]);
    expect(trail.rows.map((r) => r.type)).toEqual(['readiness_passed', 'routed', 'sla_warning', 'sla_breach_reassigned']);
    const streak = await e.db.query('SELECT consecutive FROM owner_streaks WHERE owner_id = $1', [firstRm.id]);
    expect(streak.rows).toEqual([{ consecutive: 1 }]);

    // `handoff explain` tells it: who missed which deadline, who has the lead now, and why.
    const story = await leadStory(e.db, e.sandbox.mappings, id);
    expect(story.lead).toMatchObject({ state: 'routed', attempt: 2, owner: { id: secondRm!.id } });
    const breach = story.events.find((x) => x.type === 'sla_breach_reassigned')!;
    expect(breach.title).toBe(`SLA breach: ${firstRm.name.replace(/ \(.*\)$/, '')} missed the accept deadline; reassigned to ${story.lead.owner!.name}`);
    expect(breach.why[0]).toMatch(/^Attempt 1 under SLA policy \S+/);
    expect(breach.why.join('\n')).toContain(`- ${firstRm.id}: already had this lead`);
  });

  it('finds a change polling missed, repairs it through the decide path, and reports it', async () => {
    const leads = await e.db.query<{ salesforce_lead_id: string; hubspot_contact_id: string }>('SELECT salesforce_lead_id, hubspot_contact_id FROM leads');
    const { salesforce_lead_id: leadId, hubspot_contact_id: contactId } = leads.rows[0]!;
    pastSearchLag(e.clock);
    await e.daemon.syncOnce(); // everything written so far is read back first
    // The RM corrects the phone in Salesforce (crm_unless_blank: Salesforce wins), and polling misses it.
    const owner = String(e.sandbox.salesforce.get('Lead', leadId)!['OwnerId']);
    e.clock.advance(60_000);
    e.sandbox.salesforce.update('Lead', leadId, { Phone: '+13125550199' }, owner);
    await setCursor(e.db, e.clock, 'salesforce:Lead', { ts: new Date(e.clock.now().getTime() + 3600_000), id: '000000000000000' });

    const report = await e.daemon.pipeline.reconcile();
    expect(report).toMatchObject({ compared: 1, repaired: 1, inFlight: 0, missing: { hubspot: 0, salesforce: 0 }, missingRecords: [] });
    // What it repaired, lead by lead, by field name (never the value): changed in Salesforce unseen, lacking in HubSpot.
    expect(report.repairs).toEqual([{ leadId: expect.any(String), hubspot: ['phone'], salesforce: ['Phone'] }]);
    await e.daemon.pipeline.dispatch();
    expect(e.sandbox.hubspot.getContact(contactId)!.properties.phone).toBe('+13125550199');

    const again = await e.daemon.pipeline.reconcile();
    expect(again).toMatchObject({ compared: 1, inSync: 1, repaired: 0, repairs: [] });

    // A Lead deleted in Salesforce is reported as missing, not counted as in sync, and not re-created.
    e.sandbox.salesforce.remove('Lead', leadId, owner);
    const gone = await e.daemon.pipeline.reconcile();
    expect(gone).toMatchObject({ compared: 1, inSync: 0, missing: { hubspot: 0, salesforce: 1 }, missingRecords: [{ leadId: report.repairs[0]!.leadId, system: 'salesforce' }] });
    await e.daemon.pipeline.dispatch();
    expect(e.sandbox.salesforce.records('Lead').filter((l) => l['HubSpot_Contact_Id__c'] === contactId)).toEqual([]);
  });

  it('prunes handled inbox rows past their retention and expired write-ledger entries', async () => {
    const handled = await count(`SELECT count(*)::int AS n FROM inbox WHERE outcome IN ('applied', 'ignored')`);
    expect(handled).toBeGreaterThan(0);
    e.clock.advance(INBOX_RETENTION_MS + 3600_000);
    const pruned = await housekeeping(e.daemon.pipeline.ctx);
    expect(pruned.inbox).toBe(handled);
    expect(pruned.ledger).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM inbox WHERE outcome IN ('applied', 'ignored')`)).toBe(0);
  });

  it('prunes sent outbox rows and finished timers past their retention, and nothing still open', async () => {
    const sent = await count(`SELECT count(*)::int AS n FROM outbox WHERE status = 'done'`);
    const finished = await count(`SELECT count(*)::int AS n FROM timers WHERE status IN ('fired', 'cancelled')`);
    const open = { outbox: await count(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'done'`), timers: await count(`SELECT count(*)::int AS n FROM timers WHERE status IN ('pending', 'claimed')`) };
    expect(sent).toBeGreaterThan(0);
    expect(finished).toBeGreaterThan(0);
    // Within the retention, nothing goes.
    expect(await housekeeping(e.daemon.pipeline.ctx)).toMatchObject({ outbox: 0, timers: 0 });
    e.clock.advance(FINISHED_WORK_RETENTION_MS + 24 * 3600_000);
    expect(await housekeeping(e.daemon.pipeline.ctx)).toMatchObject({ outbox: sent, timers: finished });
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'done'`)).toBe(open.outbox);
    expect(await count(`SELECT count(*)::int AS n FROM timers WHERE status IN ('pending', 'claimed')`)).toBe(open.timers);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE status = 'done'`)).toBe(0);
  });
}
