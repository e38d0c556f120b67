/**
 * Existing customers against the sandbox: a prospect whose email is on a Salesforce Contact owned
 * by an RM goes to that RM by `existing_customer_to_owner` (the Lead's OwnerId is their User), the
 * audit trail and `handoff explain` say why, and the contacts decided together cost one lookup.
 * When Salesforce cannot answer, the contact waits a few seconds, then is handed off without the
 * check, and the trail says so.
 */
import { leadStory, renderStory } from '../../src/ops/explain';
import type { E2E } from './support';
import { createAndQualify, pastSearchLag, readyContact, startE2E } from './support';

let e: E2E;
let contactQueries = 0;
let refuseContactQueries = false;
beforeAll(async () => {
  e = await startE2E();
  e.sandbox.salesforce.use(({ route, req, res }) => {
    if (route !== 'GET /query' || !/ FROM Contact /.test(String(req.query['q']))) return false;
    contactQueries++;
    if (!refuseContactQueries) return false;
    res.status(400).json([{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }]);
    return true;
  });
});
afterAll(async () => e?.close());

interface AuditRow {
  type: string;
  data: {
    cause: { customer?: unknown };
    routing: { result: { owner: string; via: string; rule?: string }; facts: Record<string, unknown> };
  };
}
const trail = async (contactId: string): Promise<AuditRow[]> =>
  (await e.db.query<AuditRow>(`SELECT a.type, a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 ORDER BY a.seq`, [contactId])).rows;
const leadOf = (contactId: string) => e.sandbox.salesforce.records('Lead').find((l) => l['HubSpot_Contact_Id__c'] === contactId);

it('routes a known customer to the RM who owns them, with the rule and the match in the trail', async () => {
  const sofia = e.sandbox.roster.byRmId.get('sofia_alvarez')!;
  // Salesforce compares emails case-insensitively; so does the lookup.
  const [customer] = e.sandbox.seedCustomers([{ email: readyContact(0).email!.toUpperCase(), rmId: 'sofia_alvarez' }]);
  const ids = createAndQualify(e.sandbox, 0, 3);
  pastSearchLag(e.clock);
  contactQueries = 0;
  const cycle = await e.daemon.syncOnce();
  expect(cycle.errors).toEqual([]);
  expect(contactQueries).toBe(1); // three contacts decided, one lookup

  const [known, ...others] = ids as [string, ...string[]];
  expect(leadOf(known)).toMatchObject({ OwnerId: sofia.userId });
  const rows = await trail(known);
  const ready = rows.find((r) => r.type === 'readiness_passed')!;
  expect(ready.data.cause.customer).toEqual({ status: 'checked', existingCustomer: true, ownerRmId: 'sofia_alvarez', contactId: customer!.contactId });
  const routed = rows.find((r) => r.type === 'routed')!;
  expect(routed.data.routing.result).toMatchObject({ owner: 'sofia_alvarez', via: 'rule', rule: 'existing_customer_to_owner' });
  expect(routed.data.routing.facts).toMatchObject({ existing_customer: true });
  const stored = await e.db.query<{ customer: Record<string, unknown> }>(`SELECT data->'gov'->'customer' AS customer FROM leads WHERE hubspot_contact_id = $1`, [known]);
  expect(stored.rows[0]!.customer).toMatchObject({ contactId: customer!.contactId, accountId: customer!.accountId, ownerRmId: 'sofia_alvarez', checkedAt: e.clock.now().toISOString() });

  for (const id of others) {
    const r = (await trail(id)).find((x) => x.type === 'routed')!;
    expect(r.data.routing.result.rule).not.toBe('existing_customer_to_owner');
    expect(r.data.routing.facts).toMatchObject({ existing_customer: false });
  }

  // `handoff explain` tells it in words.
  const story = await leadStory(e.db, e.sandbox.mappings, String(leadOf(known)!['Id']), 'America/New_York');
  const text = renderStory(story, 'America/New_York');
  expect(text).toContain('Existing customer: the Salesforce Contact with this email belongs to Sofia Alvarez');
  expect(text).toContain('by rule existing_customer_to_owner');
  expect(text).not.toContain(readyContact(0).email!);
}, 120_000);

it('waits out a failing lookup a few times, then hands the contact off without it and says so', async () => {
  e.sandbox.seedCustomers([{ email: readyContact(10).email!, rmId: 'sofia_alvarez' }]);
  const [id] = createAndQualify(e.sandbox, 10, 1) as [string];
  pastSearchLag(e.clock);
  refuseContactQueries = true;
  contactQueries = 0;
  try {
    await e.daemon.syncOnce();
    expect(leadOf(id)).toBeUndefined();
    for (let i = 0; i < 5 && !leadOf(id); i++) {
      e.clock.advance(20_000);
      await e.daemon.syncOnce();
    }
  } finally {
    refuseContactQueries = false;
  }
  const lead = leadOf(id);
  expect(lead).toBeDefined();
  const rows = await trail(id);
  expect(rows.find((r) => r.type === 'readiness_passed')!.data.cause.customer).toEqual({ status: 'unavailable', code: 'QUERY_TIMEOUT', decidedWith: 'no match' });
  expect(rows.find((r) => r.type === 'routed')!.data.routing.result.rule).not.toBe('existing_customer_to_owner');
  // A failure is remembered for half a minute: the retries did not each ask again.
  expect(contactQueries).toBeLessThanOrEqual(3);
  const inbox = await e.db.query<{ attempts: number; outcome: string }>(`SELECT attempts, outcome FROM inbox WHERE kind = 'contact' AND payload->>'id' = $1 ORDER BY id DESC LIMIT 1`, [id]);
  expect(inbox.rows[0]).toEqual({ attempts: 4, outcome: 'applied' });

  const story = await leadStory(e.db, e.sandbox.mappings, String(lead!['Id']), 'America/New_York');
  expect(renderStory(story, 'America/New_York')).toContain('Existing-customer check unavailable (QUERY_TIMEOUT): decided without it');
}, 120_000);
