/**
 * 1,000 HubSpot contacts turn MQL: one cycle later each has exactly one Salesforce Lead with the
 * fields and statuses the shipped YAML says, owned by the RM or queue routing chose, and the Lead
 * id is on the contact; the calls made are within 1.1× the fewest the batch sizes allow; the next
 * cycle reads our own writes back and writes nothing.
 */
import type { Backend } from '../../support/db';
import { syncContext } from '../../../src/domain/sync';
import { fromCanonical } from '../../../src/domain/sync';
import type { E2E } from '../support';
import { callSplit, createAndQualify, leadsByContact, pastSearchLag, readyContact, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function handoffVolume(backend: Backend): void {
  const N = 1000;
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());

  it('turns 1,000 MQL contacts into one Lead each, within 1.1x the minimum calls, and then goes quiet', async () => {
    const contactIds = createAndQualify(e.sandbox, 0, N);
    pastSearchLag(e.clock);
    e.sandbox.resetCounts();

    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);
    expect(cycle.inbox).toMatchObject({ processed: N, applied: N, failed: 0, dead: 0 });

    // Exactly one Lead per contact, found by the External ID.
    const leads = leadsByContact(e.sandbox);
    const counts = contactIds.map((id) => leads.get(id)?.length ?? 0);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    expect(e.sandbox.salesforce.records('Lead')).toHaveLength(N);

    // Fields as fields.yaml maps them, statuses as statuses.yaml says for `routed`.
    const m = e.sandbox.mappings;
    const ctx = syncContext(m);
    const routed = m.statuses.outbound.routed;
    const sfValue = (name: string, canonical: string): unknown => {
      const out = fromCanonical(ctx.byName.get(name)!, 'salesforce', canonical, ctx);
      return 'value' in out ? out.value : undefined;
    };
    const users = new Set(e.sandbox.roster.users.map((u) => u.userId));
    const queues = new Set(Object.values(e.sandbox.roster.queues));
    contactIds.forEach((contactId, i) => {
      const input = readyContact(i);
      const lead = leads.get(contactId)![0]!;
      expect(lead).toMatchObject({
        FirstName: input.firstname,
        LastName: input.lastname,
        Email: input.email,
        Phone: input.phone,
        PostalCode: input.zip,
        State: input.state,
        Company: `${input.firstname} ${input.lastname}`, // when_blank for a consumer
        Product_Interest__c: sfValue('product', 'checking'),
        Segment__c: sfValue('segment', 'consumer'),
        Lead_Kind__c: sfValue('kind', 'application'),
        LeadSource: m.fields.fields.find((f) => f.name === 'lead_source')!.values!['ORGANIC_SEARCH'],
        ...routed.salesforce,
        Handoff_Attempt__c: 1,
      });
      expect(typeof lead['Accept_By__c']).toBe('string');
      expect(users.has(String(lead['OwnerId'])) || queues.has(String(lead['OwnerId']))).toBe(true);
      const contact = e.sandbox.hubspot.getContact(contactId)!.properties;
      expect(contact).toMatchObject({ [m.fields.link.hubspot_lead_id]: lead['Id'], ...routed.hubspot });
    });

    // An RM-owned Lead has its owner's "accept or return" Task; a queue's has none.
    const tasks = e.sandbox.salesforce.records('Task');
    const rmOwned = [...leads.values()].map((l) => l[0]!).filter((l) => users.has(String(l['OwnerId'])));
    expect(rmOwned.length).toBeGreaterThan(0);
    expect(tasks).toHaveLength(rmOwned.length);
    for (const l of rmOwned) expect(tasks.find((t) => t['WhoId'] === l['Id'])).toMatchObject({ OwnerId: l['OwnerId'], Status: 'Not Started' });

    // The fewest calls the batch sizes allow: reads — search pages of 200 for N changes, one
    // change query per polled Salesforce object, and the existing-customer lookup (Contacts by
    // email, 200 emails a query); writes — contact updates in batches of 100, Lead and Task upserts
    // in collections of 200.
    const calls = callSplit(e.sandbox);
    const minReads = Math.ceil(N / 200) + 4 + Math.ceil(N / 200);
    const minWrites = Math.ceil(N / 100) + Math.ceil(N / 200) + Math.ceil(tasks.length / 200);
    const reads = calls.hubspot.reads + calls.salesforce.reads;
    const writes = calls.hubspot.writes + calls.salesforce.writes;
    expect({ reads, writes }).toEqual({ reads: expect.any(Number), writes: expect.any(Number) });
    expect(reads).toBeLessThanOrEqual(1.1 * minReads);
    expect(writes).toBeLessThanOrEqual(1.1 * minWrites);

    // The next cycle reads every write back (N contacts, N Leads) and makes no write call.
    pastSearchLag(e.clock);
    e.sandbox.resetCounts();
    const quiet = await e.daemon.syncOnce();
    expect(quiet.errors).toEqual([]);
    expect(quiet.polled.hubspot?.read).toBe(N);
    expect(quiet.inbox?.applied).toBe(0);
    const after = callSplit(e.sandbox);
    expect({ hubspot: after.hubspot.writes, salesforce: after.salesforce.writes }).toEqual({ hubspot: 0, salesforce: 0 });
  }, 240_000);
}
