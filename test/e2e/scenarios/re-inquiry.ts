/**
 * Re-inquiries against the sandbox: someone who already has a lead asks again, and it becomes a
 * new handoff event on that lead, never a second Lead and never a lost update. A second form
 * (HubSpot leaves the lifecycle stage where the handoff put it; only the conversion count moves) gives the owner a
 * Task about the new product; so does a branch referral through the events API; a lead closed
 * as funded or lost is routed again on the same Lead. The same form seen by webhook and by poll
 * is one Task, and `handoff explain` tells each of it.
 */
import { leadStory, renderStory } from '../../../src/ops/explain';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { leadsByContact, pastSearchLag, readyContact, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function reInquiry(backend: Backend): void {
  const TOKEN = 'e2e-events-token-0123456789';
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend, daemon: { http: { port: 0, host: '127.0.0.1' }, schedules: false }, env: { EVENTS_API_TOKEN: TOKEN } });
    await e.daemon.start();
  });
  afterAll(async () => e?.close());

  interface Row {
    id: string;
    state: string;
    owner_id: string | null;
    recycle_count: number;
    product: string | null;
  }
  const leadRow = async (contactId: string): Promise<Row> =>
    (await e.db.query<Row>('SELECT id, state, owner_id, recycle_count, product FROM leads WHERE hubspot_contact_id = $1', [contactId])).rows[0]!;
  const trail = async (contactId: string): Promise<{ type: string; summary: string; data: Record<string, unknown> }[]> =>
    (await e.db.query<{ type: string; summary: string; data: Record<string, unknown> }>(
      `SELECT a.type, a.summary, a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 ORDER BY a.seq`,
      [contactId],
    )).rows;
  const onlyLead = (contactId: string): Record<string, unknown> => {
    const leads = leadsByContact(e.sandbox).get(contactId) ?? [];
    expect(leads).toHaveLength(1);
    return leads[0]!;
  };
  const tasksOn = (leadId: unknown) => e.sandbox.salesforce.records('Task').filter((t) => t['WhoId'] === leadId);
  const userOf = (rmId: string | null): string => e.sandbox.roster.byRmId.get(rmId ?? '')!.userId;
  const post = (body: object) =>
    fetch(`${e.daemon.url!}/api/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });

  /** A contact that filled in one form and was qualified, routed by one cycle. */
  async function routedContact(i: number, over: Record<string, string> = {}): Promise<string> {
    const first = { num_conversion_events: '1', recent_conversion_date: e.clock.now().toISOString(), recent_conversion_event_name: 'Open an account', documents_ready: 'true', income_band: '100k_250k' };
    const id = e.sandbox.hubspot.createContact(readyContact(i, { ...first, ...over }), { source: 'FORM' }).id;
    e.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect((await leadRow(id)).state).toBe('routed');
    return id;
  }

  /** What HubSpot does when the person submits another form: the count and date move, the stage does not. */
  function secondForm(id: string, name: string, props: Record<string, string>): void {
    const n = Number(e.sandbox.hubspot.getContact(id)!.properties['num_conversion_events'] ?? 0) + 1;
    e.clock.advance(60_000);
    e.sandbox.hubspot.updateContact(id, { ...props, num_conversion_events: String(n), recent_conversion_date: e.clock.now().toISOString(), recent_conversion_event_name: name }, { source: 'FORM' });
  }

  it('gives the owner a Task for a second form on a routed lead, once though both webhook and poll see it, and no second Lead', async () => {
    const id = await routedContact(1);
    const before = await leadRow(id);
    const sfLead = onlyLead(id);
    expect(e.sandbox.hubspot.getContact(id)!.properties['lifecyclestage']).toBe(e.sandbox.mappings.statuses.outbound.routed.hubspot.lifecyclestage);
    const url = `${e.daemon.url!}/webhooks/hubspot`;
    e.sandbox.hubspot.configureWebhooks({ url });
    try {
      secondForm(id, 'Mortgage rate alert', { product_interest: 'mortgage' });
      expect((await e.sandbox.hubspot.flushWebhooks()).requests.every((r) => r.ok)).toBe(true);
      await e.daemon.pipeline.resolveWebhooks();
      await e.daemon.pipeline.processInbox();
      await e.daemon.pipeline.dispatch();
      // The poll reads the same change again: one inquiry, one Task.
      pastSearchLag(e.clock);
      expect((await e.daemon.syncOnce()).errors).toEqual([]);
    } finally {
      e.sandbox.hubspot.configureWebhooks(undefined);
    }

    const tasks = tasksOn(sfLead['Id']).filter((t) => String(t['Subject']).startsWith('New inquiry'));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ Subject: 'New inquiry: Mortgage (purchase and refinance)', OwnerId: userOf(before.owner_id), Status: 'Not Started' });
    expect(String(tasks[0]!['Description'])).toContain('(form "Mortgage rate alert"); they now ask about Mortgage (purchase and refinance), before Checking account.');
    expect(onlyLead(id)).toMatchObject({ Id: sfLead['Id'], OwnerId: userOf(before.owner_id), Product_Interest__c: 'Mortgage' });
    const after = await leadRow(id);
    expect(after).toMatchObject({ state: 'routed', owner_id: before.owner_id, product: 'mortgage' });
    const inquiries = (await trail(id)).filter((a) => a.type === 'reinquiry');
    expect(inquiries).toHaveLength(1);
    expect(inquiries[0]!.data).toMatchObject({ inquiry: { id: 'hubspot:conversion:2', what: 'Mortgage rate alert', product: 'mortgage', previousProduct: 'checking' }, owner: before.owner_id });

    const text = renderStory(await leadStory(e.db, e.sandbox.mappings, id, 'America/New_York'), 'America/New_York');
    expect(text).toContain(`New inquiry: form "Mortgage rate alert" for mortgage, before checking; a Task for ${e.sandbox.roster.byRmId.get(before.owner_id!)!.rm.name}`);
    expect(text).toMatch(/Contact them by 2025-03-04 \d\d:\d\d EST \(SLA policy \w+, first-contact deadline\); no new Lead/);
  }, 120_000);

  it('gives the owner a Task for a branch referral through the events API, and takes its product', async () => {
    const id = await routedContact(5);
    const owner = (await leadRow(id)).owner_id;
    const sfLead = onlyLead(id);
    const referral = { id: 'ref-1001', type: 'referral', occurred_at: e.clock.now().toISOString(), source: 'branch_crm', lead: { salesforce_lead_id: String(sfLead['Id']) }, details: { branch_id: 'evanston', product: 'heloc' } };
    expect((await post(referral)).status).toBe(202);
    expect(await (await post(referral)).json()).toEqual({ stored: 0, duplicates: 1 });
    await e.daemon.pipeline.processInbox();
    await e.daemon.pipeline.dispatch();

    const tasks = tasksOn(sfLead['Id']).filter((t) => String(t['Subject']).startsWith('New inquiry'));
    expect(tasks).toEqual([expect.objectContaining({ Subject: 'New inquiry: Home equity line of credit', OwnerId: userOf(owner) })]);
    expect(String(tasks[0]!['Description'])).toContain('referral from branch evanston');
    expect(onlyLead(id)).toMatchObject({ OwnerId: userOf(owner), Product_Interest__c: 'HELOC' });
    expect(e.sandbox.hubspot.getContact(id)!.properties['product_interest']).toBe('heloc');
    expect(await leadRow(id)).toMatchObject({ state: 'routed', owner_id: owner, product: 'heloc' });
  }, 120_000);

  it('routes a lost lead again on the same Lead when the person fills in another form', async () => {
    const id = await routedContact(9);
    const sfLead = onlyLead(id);
    expect((await post({ id: 'dec-1', type: 'declined', occurred_at: e.clock.now().toISOString(), source: 'loan_origination', lead: { hubspot_contact_id: id } })).status).toBe(202);
    await e.daemon.pipeline.processInbox();
    await e.daemon.pipeline.dispatch();
    expect((await leadRow(id)).state).toBe('closed_lost');

    secondForm(id, 'Mortgage rate alert', { product_interest: 'mortgage' });
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);

    const row = await leadRow(id);
    expect(row).toMatchObject({ state: 'routed', recycle_count: 1, product: 'mortgage' });
    const rm = e.sandbox.roster.byRmId.get(row.owner_id!)!.rm;
    expect(rm.licenses).toContain('NMLS');
    expect(onlyLead(id)).toMatchObject({ Id: sfLead['Id'], OwnerId: userOf(row.owner_id), Status: 'Open - Not Contacted', Handoff_Status__c: 'Pending', Product_Interest__c: 'Mortgage' });
    const types = (await trail(id)).map((a) => a.type);
    expect(types.slice(types.indexOf('outcome'))).toEqual(['outcome', 'reopened', 'readiness_passed', 'routed']);
    expect(tasksOn(sfLead['Id']).filter((t) => String(t['Subject']).startsWith('Accept or return') && t['OwnerId'] === userOf(row.owner_id))).toHaveLength(1);
  }, 120_000);

  it('routes a funded customer\'s branch referral again on the same Lead, not counted as a recycle, keeping them a customer in HubSpot', async () => {
    const id = await routedContact(13);
    const sfLead = onlyLead(id);
    expect((await post({ id: 'fund-1', type: 'funded', occurred_at: e.clock.now().toISOString(), source: 'core_banking', lead: { hubspot_contact_id: id }, details: { amount: 5000 } })).status).toBe(202);
    await e.daemon.pipeline.processInbox();
    await e.daemon.pipeline.dispatch();
    expect((await leadRow(id)).state).toBe('funded');
    expect(e.sandbox.hubspot.getContact(id)!.properties['lifecyclestage']).toBe('customer');

    e.clock.advance(60_000);
    const referral = { id: 'ref-2001', type: 'referral', occurred_at: e.clock.now().toISOString(), source: 'branch_crm', lead: { hubspot_contact_id: id }, details: { branch_id: 'evanston', product: 'heloc' } };
    expect((await post(referral)).status).toBe(202);
    await e.daemon.pipeline.processInbox();
    await e.daemon.pipeline.dispatch();

    const row = await leadRow(id);
    expect(row).toMatchObject({ state: 'routed', recycle_count: 0, product: 'heloc' });
    expect(onlyLead(id)).toMatchObject({ Id: sfLead['Id'], OwnerId: userOf(row.owner_id), Status: 'Open - Not Contacted', Handoff_Status__c: 'Pending', Product_Interest__c: 'HELOC' });
    expect(e.sandbox.hubspot.getContact(id)!.properties).toMatchObject({ lifecyclestage: 'customer', handoff_status: 'routed', product_interest: 'heloc' });

    const story = await leadStory(e.db, e.sandbox.mappings, id, 'America/New_York');
    const reopened = story.events.find((ev) => ev.type === 'reopened')!;
    expect(reopened.title).toBe('Reopened by a new inquiry: referral from branch evanston (an event from branch_crm) for heloc, before checking');
    expect(reopened.why).toEqual([
      'Was funded; back with marketing for readiness and a new routing, on the same Lead',
      'Not counted as a recycle: a funded customer asking again is new business',
      'Not an existing customer: no Salesforce Contact has this email (as checked within the last day)',
      'Seen in an event from branch_crm',
    ]);
    expect(story.events.find((ev) => ev.type === 'readiness_passed' && ev.seq > reopened.seq)!.why).toContain('After a new inquiry: referral from branch evanston (an event from branch_crm) for heloc, before checking');
  }, 120_000);
}
