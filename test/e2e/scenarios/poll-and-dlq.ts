/**
 * Ways records go missing elsewhere, and do not here:
 * - 500 Salesforce Leads updated at one instant share one SystemModstamp; read in pages of 200
 *   they are all seen, once (a keyset on (SystemModstamp, Id), and the look-back re-read stored
 *   as duplicates).
 * - The same 500 with pages of 100 and 2 pages a poll: each poll reads on from its cursor, so
 *   three polls see them all, and the look-back re-read that follows, a page a poll, stores only
 *   a Lead that was committed late behind the cursor.
 * - A contact HubSpot search indexes later than the poller's lag behind now is read by a later
 *   window, which starts a few minutes before the last one ended; once, however often re-read.
 * - A record the org always refuses (its value is longer than the org's field) goes to the
 *   dead-letter queue with its error after the attempts the retry policy gives its failure, and
 *   holds the writes queued behind it; the records around it flow on. Discarded, the writes that
 *   waited on it are released, and the contact, once fixed, gets its Lead, owner and Task.
 */
import type { Backend } from '../../support/db';
import { discardDead, listDead } from '../../../src/engine/dlq';
import { createRetryPolicy } from '../../../src/engine/retry-policy';
import { MAPPED_LEAD_FIELDS } from '../../../src/sandbox/salesforce/schema/custom';
import type { E2E } from '../support';
import { leadsByContact, pastSearchLag, readyContact, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function pollAndDeadLetters(backend: Backend): void {
  describe('Salesforce polling', () => {
    let e: E2E;
    beforeAll(async () => {
      e = await startE2E({ backend, daemon: { options: { salesforcePageSize: 200 } } });
    });
    afterAll(async () => e?.close());

    it('sees each of 500 Leads sharing one SystemModstamp once, across pages of 200', async () => {
      const sf = e.sandbox.salesforce;
      const ids = Array.from({ length: 500 }, (_, i) => String(sf.insert('Lead', { LastName: `Bulk${i}`, Company: 'Bulk import' }).Id));
      e.clock.advance(60_000);
      const someone = e.sandbox.roster.users[0]!.userId;
      for (const id of ids) sf.update('Lead', id, { Rating: 'Warm' }, someone);
      const stamps = new Set(ids.map((id) => sf.get('Lead', id)!['SystemModstamp']));
      expect(stamps.size).toBe(1);

      const first = await e.daemon.pipeline.pollSalesforce('Lead');
      expect(first.pages).toBeGreaterThanOrEqual(3);
      // Once they are older than the look-back, they are read again: duplicates, so nothing new.
      e.clock.advance(e.daemon.pipeline.ctx.options.salesforceLookbackMs + 1_000);
      const again = await e.daemon.pipeline.pollSalesforce('Lead');
      expect(again).toMatchObject({ read: 500, stored: 0 });

      const stamp = String([...stamps][0]);
      const { rows } = await e.db.query<{ source_id: string }>(`SELECT source_id FROM inbox WHERE kind = 'Lead' AND source_id LIKE $1`, [`%@${stamp}`]);
      expect(rows.map((r) => r.source_id).sort()).toEqual(ids.map((id) => `${id}@${stamp}`).sort());
      // They are not Handoff's Leads: handled as no change, and nothing is written anywhere.
      const handled = await e.daemon.pipeline.processInbox();
      expect(handled).toMatchObject({ applied: 0, failed: 0, dead: 0 });
    });
  });

  describe('Salesforce polling, a few pages a poll', () => {
    let e: E2E;
    beforeAll(async () => {
      e = await startE2E({ backend, daemon: { options: { salesforcePageSize: 100, maxPagesPerPoll: 2 } } });
    });
    afterAll(async () => e?.close());

    it('reads on from its cursor through 500 Leads sharing one SystemModstamp, then re-reads them a page a poll and stores only a late commit', async () => {
      const sf = e.sandbox.salesforce;
      const ids = Array.from({ length: 500 }, (_, i) => String(sf.insert('Lead', { LastName: `Bulk${i}`, Company: 'Bulk import' }).Id));
      e.clock.advance(60_000);
      const someone = e.sandbox.roster.users[0]!.userId;
      for (const id of ids) sf.update('Lead', id, { Rating: 'Warm' }, someone);
      const stamp = String(sf.get('Lead', ids[0]!)!['SystemModstamp']);
      const poll = async () => e.daemon.pipeline.pollSalesforce('Lead');

      // 200 a poll, each poll going on where the last stopped; the third finds the end.
      const walk = [await poll(), await poll(), await poll()];
      expect(walk.map((p) => [p.read, p.stored])).toEqual([[200, 200], [200, 200], [100, 100]]);

      // A Lead committed late, stamped 10 s before the cursor: the forward walk is past it.
      const now = e.clock.now();
      e.clock.set(now.getTime() - 10_000);
      const late = String(sf.insert('Lead', { LastName: 'Late', Company: 'Late commit' }).Id);
      e.clock.set(now);
      // Caught up, and nothing yet a look-back old to read again: one call.
      expect(await poll()).toMatchObject({ pages: 1, read: 0, stored: 0 });

      // Past the look-back, the re-read walks the window a page a poll (the forward walk takes the
      // other), finds the late Lead and stores nothing else, then stops asking.
      e.clock.advance(e.daemon.pipeline.ctx.options.salesforceLookbackMs + 1_000);
      const reread = [];
      for (let i = 0; i < 7; i++) reread.push(await poll());
      expect(reread.map((p) => [p.read, p.stored])).toEqual([[100, 1], [100, 0], [100, 0], [100, 0], [100, 0], [1, 0], [0, 0]]);
      expect(reread[6]!.pages).toBe(1);

      const { rows } = await e.db.query<{ source_id: string }>(`SELECT source_id FROM inbox WHERE kind = 'Lead'`);
      const lateKey = `${late}@${String(sf.get('Lead', late)!['SystemModstamp'])}`;
      expect(rows.map((r) => r.source_id).sort()).toEqual([...ids.map((id) => `${id}@${stamp}`), lateKey].sort());
    });
  });

  describe('HubSpot polling, search indexing later than the lag', () => {
    let e: E2E;
    beforeAll(async () => {
      e = await startE2E({ backend, sandbox: { hubspot: { searchLagMs: 90_000 } } });
    });
    afterAll(async () => e?.close());

    it('reads a contact indexed after its window ended in a later, overlapping window, and stores it once', async () => {
      const id = e.sandbox.hubspot.createContact(readyContact(1, { lifecyclestage: 'marketingqualifiedlead' })).id;
      const polls = [];
      for (let i = 0; i < 4; i++) {
        pastSearchLag(e.clock);
        polls.push(await e.daemon.pipeline.pollHubspot());
      }
      // Search shows it 90 s after the change; the window that ended after the change had already been walked.
      expect(polls.map((p) => [p.read, p.stored])).toEqual([[0, 0], [0, 0], [1, 1], [1, 0]]);
      const { rows } = await e.db.query<{ source_id: string }>(`SELECT source_id FROM inbox WHERE source = 'hubspot'`);
      expect(rows.map((r) => r.source_id)).toEqual([`${id}@${Date.parse(String(e.sandbox.hubspot.getContact(id)!.properties.lastmodifieddate))}`]);
    });
  });

  describe('dead-letter queue', () => {
    // An org whose Referral Source field is shorter than the mappings expect.
    const shortField = MAPPED_LEAD_FIELDS.map((f) => (f.name === 'Referral_Source__c' ? { ...f, length: 16 } : f));
    let e: E2E;
    beforeAll(async () => {
      e = await startE2E({ backend, sandbox: { salesforce: { mappedFields: shortField } } });
    });
    afterAll(async () => e?.close());

    it('parks a record the org always refuses with its error, keeps its contact status waiting behind it, and lets the rest flow', async () => {
      const hs = e.sandbox.hubspot;
      const good = Array.from({ length: 9 }, (_, i) => hs.createContact(readyContact(i, { lifecyclestage: 'marketingqualifiedlead' })).id);
      const poison = hs.createContact(readyContact(9, { lifecyclestage: 'marketingqualifiedlead', lead_kind: 'referral', referral_source: 'partner:keystone_realty' })).id;
      pastSearchLag(e.clock);
      const first = await e.daemon.syncOnce();
      expect(first.errors).toEqual([]);
      expect(first.dispatch?.dead).toBe(1);

      // The others flowed on: a Lead each, linked on the contact.
      const leads = leadsByContact(e.sandbox);
      expect(good.filter((id) => leads.get(id)?.length !== 1)).toEqual([]);
      for (const id of good) expect(hs.getContact(id)!.properties.salesforce_lead_id).toBe(leads.get(id)![0]!['Id']);
      expect(leads.get(poison)).toBeUndefined();

      // In the DLQ after the attempts the policy gives a validation error (permanent: one), with its error.
      const dead = await listDead(e.db);
      expect(dead).toEqual([expect.objectContaining({ class: 'salesforce:STRING_TOO_LONG', records: 1, examples: [poison], lastError: expect.stringContaining('Referral source') })]);
      const row = await e.db.query<{ attempts: number; last_error_kind: string }>(`SELECT attempts, last_error_kind FROM outbox WHERE status = 'dead'`);
      const policy = createRetryPolicy({ maxAttempts: e.daemon.pipeline.ctx.options.maxWriteAttempts });
      const attemptsAllowed = (kind: 'permanent') => { let n = 1; while (policy({ kind, message: '' }, n).action !== 'dead') n++; return n; };
      expect(row.rows).toEqual([{ attempts: attemptsAllowed('permanent'), last_error_kind: 'permanent' }]);

      // A later cycle does not send it again, and the contact's status waits behind the Lead.
      pastSearchLag(e.clock);
      e.sandbox.resetCounts();
      const later = await e.daemon.syncOnce();
      expect(later.errors).toEqual([]);
      expect(e.sandbox.callCounts().salesforceByActor.integration.byRoute['PATCH /composite/sobjects/:sobject/:extIdField']).toBeUndefined();
      expect(hs.getContact(poison)!.properties).toMatchObject({ salesforce_lead_id: null, handoff_status: null });
    });

    it('discarding a dead Lead create releases the contact status, and the fixed contact gets its Lead, owner and Task', async () => {
      const hs = e.sandbox.hubspot;
      const sf = e.sandbox.salesforce;
      const poison = hs.createContact(readyContact(20, { lifecyclestage: 'marketingqualifiedlead', referral_source: 'partner:summit_auto_group' })).id;
      pastSearchLag(e.clock);
      expect((await e.daemon.syncOnce()).dispatch?.dead).toBe(1);
      const leadRow = async () => (await e.db.query<{ id: string; state: string; owner_id: string; data: { pending?: Record<string, unknown> } }>(`SELECT id, state, owner_id, data FROM leads WHERE hubspot_contact_id = $1`, [poison])).rows[0]!;
      expect((await leadRow()).data.pending).toMatchObject({ awaitLead: true, hubspot: [expect.any(Object)], tasks: [expect.any(Object)] });

      // The list counts what waits on the dead creates: no held row, but this lead's status write
      // and its Task, and the status write of the referral above (a queue's lead: no Task).
      const [tooLong] = await listDead(e.db);
      expect(tooLong).toMatchObject({ class: 'salesforce:STRING_TOO_LONG', records: 2, deadRows: 2, heldRows: 0, waitingWrites: 3 });

      const discarded = await discardDead(e.db, e.clock, { recordKey: poison }, { actor: 'operator:test', reason: 'marketing is fixing the referral source' });
      expect(discarded).toEqual({ records: 1, deadRows: 1, releasedRows: 0, discardedHeldRows: 0, leadWrites: { released: 1, waiting: 1 } });
      expect((await listDead(e.db))[0]).toMatchObject({ records: 1, waitingWrites: 1 });
      const { rows: [gaveUp] } = await e.db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox WHERE record_key = $1 AND status = 'discarded'`, [poison]);

      // The marketer shortens the value; the next cycle creates the Lead with the fixed field and
      // the routed owner, then the Task and the contact's Lead link follow.
      e.clock.advance(60_000);
      hs.updateContact(poison, { referral_source: 'partner:summit' });
      pastSearchLag(e.clock);
      const fixed = await e.daemon.syncOnce();
      expect(fixed.errors).toEqual([]);
      expect(fixed.dispatch?.dead).toBe(0);
      const created = leadsByContact(e.sandbox).get(poison);
      expect(created).toHaveLength(1);
      const lead = created![0]!;
      expect(lead).toMatchObject({ Referral_Source__c: 'partner:summit', OwnerId: gaveUp!.payload.OwnerId, Handoff_Status__c: gaveUp!.payload.Handoff_Status__c });
      expect(new Date(String(lead['Accept_By__c']).replace(/\+0000$/, 'Z')).toISOString()).toBe(gaveUp!.payload.Accept_By__c);
      expect(sf.records('Task').filter((t) => t['WhoId'] === lead['Id'])).toHaveLength(1);
      expect(hs.getContact(poison)!.properties).toMatchObject({ salesforce_lead_id: lead['Id'], handoff_status: expect.any(String) });
      const after = await leadRow();
      expect(after.state).toBe('routed');
      expect(after.data.pending ?? {}).toEqual({});
      expect((await listDead(e.db)).flatMap((c) => c.examples)).not.toContain(poison);
    });
  });
}
