import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import type { ManualClock } from '../../../../src/domain/clock';
import { applyPlan } from '../../../../src/engine/apply';
import { runDispatchOnce } from '../../../../src/engine/dispatcher';
import type { WriteResult } from '../../../../src/engine/dispatcher';
import { deadLetterCounts, discardDead, listDead, retryDead } from '../../../../src/engine/dlq';
import { discardDeadInbox, listDeadInbox, retryDeadInbox } from '../../../../src/engine/dlq-inbox';
import type { InboxHandler } from '../../../../src/engine/inbox';
import { processInbox, storeInbound } from '../../../../src/engine/inbox';
import { HandoffError } from '../../../../src/errors';
import { createRetryPolicy } from '../../../../src/engine/retry-policy';
import { FakeWriter, clockAt, createLead, enqueueRows, newLeadPlan, resetTables, row, statuses } from '../support';

const operator = { actor: 'operator:jdoe' };
/** A retry or discard that touched nothing of a lead's own pending writes. */
const nothingElse = { discardedHeldRows: 0, leadWrites: { released: 0, waiting: 0 } };

/** Sends everything due once with a writer that fails the given record keys. */
async function sendFailing(db: Db, clock: ManualClock, failures: Record<string, WriteResult>, coalesce = true): Promise<FakeWriter> {
  const writer = new FakeWriter((item) => failures[item.recordKey] ?? { ok: true });
  await runDispatchOnce({ db, clock, writer, coalesce, policy: createRetryPolicy({ maxAttempts: 1, random: () => 0 }) });
  return writer;
}

const missingName: WriteResult = { ok: false, failure: { kind: 'permanent', code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' } };
const badEmail: WriteResult = { ok: false, failure: { kind: 'permanent', code: 'INVALID_EMAIL', message: 'Property values were not valid' } };
const timeout: WriteResult = { ok: false, failure: { kind: 'retryable', message: 'socket timeout' } };

export function dlqCases(backend: Backend): void {
  const t = useTestDb(backend, { migrate: true });
  beforeEach(() => resetTables(t().db));

  it('groups dead writes by error class (system + code, else kind) with counts and example record keys', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [
      row('a', { v: 1 }),
      row('a', { v: 2 }, { operation: 'create' }),
      row('b', {}),
      row('c', {}),
      row('h1', {}, { system: 'hubspot', object: 'contacts' }),
      row('h2', {}, { system: 'hubspot', object: 'contacts' }),
      row('ok', {}),
    ]);
    await sendFailing(t().db, clock, { a: missingName, b: missingName, c: missingName, h1: badEmail, h2: timeout });
    const classes = await listDead(t().db, { examples: 2 });
    expect(classes).toEqual([
      { queue: 'outbox', class: 'salesforce:REQUIRED_FIELD_MISSING', system: 'salesforce', code: 'REQUIRED_FIELD_MISSING', records: 3, deadRows: 3, heldRows: 1, waitingWrites: 0, examples: expect.any(Array), lastError: 'Required fields are missing: [LastName]', lastFailedAt: clock.now() },
      { queue: 'outbox', class: 'hubspot:INVALID_EMAIL', system: 'hubspot', code: 'INVALID_EMAIL', records: 1, deadRows: 1, heldRows: 0, waitingWrites: 0, examples: ['h1'], lastError: 'Property values were not valid', lastFailedAt: clock.now() },
      { queue: 'outbox', class: 'hubspot:retryable', system: 'hubspot', code: 'retryable', records: 1, deadRows: 1, heldRows: 0, waitingWrites: 0, examples: ['h2'], lastError: 'socket timeout', lastFailedAt: clock.now() },
    ]);
    expect(classes[0]!.examples).toHaveLength(2);
    expect(['a', 'b', 'c']).toEqual(expect.arrayContaining(classes[0]!.examples));
  });

  it('retry puts the dead row and the rows held behind it back to pending, attempts reset, and they go out in order', async () => {
    const clock = clockAt();
    await createLead(t().db, clock, 'L1');
    await enqueueRows(t().db, clock, [row('r', { v: 1 }, { leadId: 'L1' }), row('r', { v: 2 }, { operation: 'create', leadId: 'L1' })]);
    await sendFailing(t().db, clock, { r: missingName }, false);
    await enqueueRows(t().db, clock, [row('r', { v: 3 }, { operation: 'create', leadId: 'L1' })]);
    expect((await statuses(t().db, 'r')).map((s) => s.status)).toEqual(['dead', 'held', 'held']);

    clock.advance(3600_000);
    const res = await retryDead(t().db, clock, { recordKey: 'r' }, operator);
    expect(res).toEqual({ ...nothingElse, records: 1, deadRows: 1, releasedRows: 2 });
    expect((await statuses(t().db, 'r')).map((s) => [s.status, s.attempts])).toEqual([['pending', 0], ['pending', 0], ['pending', 0]]);
    const writer = new FakeWriter();
    for (let i = 0; i < 3; i++) await runDispatchOnce({ db: t().db, clock, writer, coalesce: false });
    expect(writer.calls.map((c) => c.items[0]!.payload)).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);

    const audit = await t().db.query(`SELECT actor, type, summary, data FROM audit_events WHERE lead_id = 'L1' AND type LIKE 'outbox.%'`);
    expect(audit.rows).toEqual([
      {
        actor: 'operator:jdoe',
        type: 'outbox.retried',
        summary: 'operator:jdoe retried the dead salesforce Lead write for record r (REQUIRED_FIELD_MISSING)',
        data: { system: 'salesforce', object: 'Lead', recordKey: 'r', errorClass: 'salesforce:REQUIRED_FIELD_MISSING', rows: 3 },
      },
    ]);
  });

  it('retry by class revives every record of the class and nothing else', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('a', {}), row('b', {}), row('h1', {}, { system: 'hubspot', object: 'contacts' })]);
    await sendFailing(t().db, clock, { a: missingName, b: missingName, h1: badEmail });
    expect(await retryDead(t().db, clock, { class: 'salesforce:REQUIRED_FIELD_MISSING' }, operator)).toEqual({ ...nothingElse, records: 2, deadRows: 2, releasedRows: 0 });
    expect((await statuses(t().db)).map((s) => [s.record_key, s.status])).toEqual([['a', 'pending'], ['b', 'pending'], ['h1', 'dead']]);
    expect(await retryDead(t().db, clock, { class: 'salesforce:NOTHING_LIKE_IT' }, operator)).toEqual({ ...nothingElse, records: 0, deadRows: 0, releasedRows: 0 });
    await expect(retryDead(t().db, clock, { class: 'nocolon' }, operator)).rejects.toThrow('"nocolon" is not an error class: expected system:code');
  });

  it('discard parks the dead row for good with its reason, releases the held rows in order, drops its ledger entries, and audits it', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L2', {
      outbox: [
        { system: 'salesforce', object: 'Lead', operation: 'upsert', recordKey: 'd', payload: { Email: 'bad@' } },
        { system: 'salesforce', object: 'Lead', operation: 'update', recordKey: 'd', payload: { Status: 'Open' } },
      ],
    }), clock);
    await sendFailing(t().db, clock, { d: missingName }, false);
    await enqueueRows(t().db, clock, [row('d', { Rating: 'Warm' }, { operation: 'update', leadId: 'L2' })]);
    const [dead] = await statuses(t().db, 'd');
    await expect(discardDead(t().db, clock, { id: dead!.id }, { ...operator, reason: ' ' })).rejects.toThrow('a discard needs a reason: it goes to the audit trail');
    const res = await discardDead(t().db, clock, { id: dead!.id }, { ...operator, reason: 'lead was merged in Salesforce' });
    expect(res).toEqual({ ...nothingElse, records: 1, deadRows: 1, releasedRows: 2 });
    const { rows } = await t().db.query(`SELECT status, discard_reason FROM outbox WHERE record_key = 'd' ORDER BY id`);
    expect(rows).toEqual([
      { status: 'discarded', discard_reason: 'lead was merged in Salesforce' },
      { status: 'pending', discard_reason: null },
      { status: 'pending', discard_reason: null },
    ]);
    expect((await t().db.query(`SELECT field FROM write_ledger ORDER BY id`)).rows).toEqual([{ field: 'Status' }]);
    const writer = new FakeWriter();
    await runDispatchOnce({ db: t().db, clock, writer });
    expect(writer.calls.map((c) => [c.operation, c.items[0]!.payload])).toEqual([['update', { Status: 'Open', Rating: 'Warm' }]]);
    const audit = await t().db.query(`SELECT type, summary, data->>'reason' AS reason FROM audit_events WHERE lead_id = 'L2' AND type = 'outbox.discarded'`);
    expect(audit.rows).toEqual([
      {
        type: 'outbox.discarded',
        summary: 'operator:jdoe discarded the dead salesforce Lead write for record d (REQUIRED_FIELD_MISSING): lead was merged in Salesforce',
        reason: 'lead was merged in Salesforce',
      },
    ]);
    expect(await listDead(t().db)).toEqual([]);
  });
  describe('the lead’s own writes waiting on a dead write', () => {
    const task = { key: 'L3:accept:1', ownerUsername: 'rm@bank.example', subject: 'Accept or return by 11:30', description: '', activityDate: '2025-03-03', dueAt: '2025-03-03T11:30:00.000Z', priority: 'High', status: 'Not Started' };
    /** A routed lead whose Lead create died, with an update held behind it and its status and Task waiting in `pending`. */
    async function deadCreate(clock: ManualClock): Promise<void> {
      const data = { pending: { awaitLead: true, hubspot: [{ handoff_status: 'routed', handoff_owner: 'Rita Moreno' }], tasks: [task], lane: 'critical' } };
      await applyPlan(t().db, newLeadPlan('L3', {
        lead: { id: 'L3', expectedVersion: 'new', set: { state: 'routed', hubspotContactId: '303', data } },
        outbox: [{ system: 'salesforce', object: 'Lead', operation: 'upsert', recordKey: '303', payload: { LastName: 'Moreno', Referral_Source__c: 'much too long', OwnerId: '005A' }, lane: 'critical' }],
      }), clock);
      await sendFailing(t().db, clock, { '303': { ok: false, failure: { kind: 'permanent', code: 'STRING_TOO_LONG', message: 'Referral source: data value too large' } } });
      await enqueueRows(t().db, clock, [row('303', { OwnerId: '005B', Accept_By__c: '2025-03-03T12:00:00.000Z' }, { leadId: 'L3' })]);
    }
    const pendingOf = async (id: string) => (await t().db.query<{ data: { pending?: unknown } }>(`SELECT data FROM leads WHERE id = $1`, [id])).rows[0]!.data.pending;

    it('list counts them with the held rows; a retry leaves them waiting for the retried create', async () => {
      const clock = clockAt();
      await deadCreate(clock);
      expect(await listDead(t().db)).toEqual([expect.objectContaining({ class: 'salesforce:STRING_TOO_LONG', records: 1, deadRows: 1, heldRows: 1, waitingWrites: 2 })]);
      expect(await retryDead(t().db, clock, { recordKey: '303' }, operator)).toEqual({ records: 1, deadRows: 1, releasedRows: 1, discardedHeldRows: 0, leadWrites: { released: 0, waiting: 2 } });
      expect(await pendingOf('L3')).toMatchObject({ awaitLead: true, tasks: [task] });
    });

    it('discarding a create that never landed discards the updates held behind it, keeps their fields for the next create, releases the contact status and keeps the Task for the new Lead', async () => {
      const clock = clockAt();
      await deadCreate(clock);
      const res = await discardDead(t().db, clock, { recordKey: '303' }, { ...operator, reason: 'marketing fixes the referral source' });
      expect(res).toEqual({ records: 1, deadRows: 1, releasedRows: 0, discardedHeldRows: 1, leadWrites: { released: 1, waiting: 1 } });
      const { rows } = await t().db.query(`SELECT object, status, lane, payload FROM outbox ORDER BY id`);
      expect(rows).toEqual([
        { object: 'Lead', status: 'discarded', lane: 'critical', payload: { LastName: 'Moreno', Referral_Source__c: 'much too long', OwnerId: '005A' } },
        { object: 'Lead', status: 'discarded', lane: 'bulk', payload: { OwnerId: '005B', Accept_By__c: '2025-03-03T12:00:00.000Z' } },
        { object: 'contacts', status: 'pending', lane: 'critical', payload: { handoff_status: 'routed', handoff_owner: 'Rita Moreno' } },
      ]);
      expect(await pendingOf('L3')).toEqual({
        tasks: [task],
        lane: 'critical',
        createFields: { LastName: 'Moreno', Referral_Source__c: 'much too long', OwnerId: '005B', Accept_By__c: '2025-03-03T12:00:00.000Z' },
      });
      // The released status write is Handoff's own: its echo is expected.
      expect((await t().db.query(`SELECT record_id, field FROM write_ledger ORDER BY field`)).rows).toEqual([{ record_id: '303', field: 'handoff_owner' }, { record_id: '303', field: 'handoff_status' }]);
      const audit = await t().db.query(`SELECT summary FROM audit_events WHERE lead_id = 'L3' AND type = 'outbox.discarded'`);
      expect(audit.rows).toEqual([
        {
          summary:
            'operator:jdoe discarded the dead salesforce Lead write for record 303 (STRING_TOO_LONG): marketing fixes the referral source; 1 held Lead update discarded with it (the next create carries them), 1 write of the lead released, 1 write waits for the Lead to be created again',
        },
      ]);
      expect(await listDead(t().db)).toEqual([]);
    });

    it('discarding a dead lifecycle clear releases the steps after it, without the stage it was to move back', async () => {
      const clock = clockAt();
      const data = { pending: { awaitClear: true, hubspot: [{ lifecyclestage: 'lead', handoff_status: 'recycled' }], lane: 'bulk' } };
      await applyPlan(t().db, newLeadPlan('L4', {
        lead: { id: 'L4', expectedVersion: 'new', set: { state: 'recycled', hubspotContactId: '404', salesforceLeadId: '00Q4', data } },
        outbox: [{ system: 'hubspot', object: 'contacts', operation: 'update', recordKey: '404', payload: { lifecyclestage: '' } }],
      }), clock);
      await sendFailing(t().db, clock, { '404': timeout });
      expect(await listDead(t().db)).toEqual([expect.objectContaining({ class: 'hubspot:retryable', heldRows: 0, waitingWrites: 1 })]);
      const res = await discardDead(t().db, clock, { recordKey: '404' }, { ...operator, reason: 'keep the stage' });
      expect(res).toEqual({ records: 1, deadRows: 1, releasedRows: 0, discardedHeldRows: 0, leadWrites: { released: 1, waiting: 0 } });
      const { rows } = await t().db.query(`SELECT status, lane, payload FROM outbox ORDER BY id`);
      expect(rows).toEqual([
        { status: 'discarded', lane: 'bulk', payload: { lifecyclestage: '' } },
        { status: 'pending', lane: 'bulk', payload: { handoff_status: 'recycled' } },
      ]);
      expect(await pendingOf('L4')).toEqual({});
    });
  });
  describe('dead inbox items', () => {
    /** A handler that cannot read a contact without properties, and reports an API failure for one event. */
    const handler: InboxHandler = async (_tx, row) => {
      if (row.kind === 'branch.visit') throw new HandoffError('HUBSPOT_RETRYABLE', 'HubSpot GET /crm/v3/objects/contacts/7: 503 retryable: Service Unavailable (reached by pat@mail.example.com)');
      const p = row.payload as { properties?: Record<string, string> };
      return 'email' in p.properties! ? 'applied' : 'ignored';
    };
    async function killInbox(clock: ManualClock): Promise<number[]> {
      const ids: number[] = [];
      for (const [sourceId, kind, payload] of [['101@1741000000000', 'contact', { id: '101' }], ['102@1741000000000', 'contact', { id: '102' }], ['evt-9', 'branch.visit', { email: 'pat@mail.example.com' }]] as const) {
        const stored = await storeInbound(t().db, clock, { source: sourceId.startsWith('evt') ? 'events' : 'hubspot', sourceId, kind, payload });
        if (stored.status === 'stored') ids.push(stored.id);
      }
      expect(await processInbox(t().db, clock, handler, { limit: 10, maxAttempts: 1 })).toMatchObject({ dead: 3 });
      return ids;
    }

    it('lists them by source and error class with ids only, counts them with the dead writes, and retries or discards them', async () => {
      const clock = clockAt();
      const [first, second, event] = await killInbox(clock);
      const classes = await listDeadInbox(t().db, { examples: 1 });
      expect(classes).toEqual([
        {
          queue: 'inbox', class: 'inbox:hubspot:TypeError', source: 'hubspot', code: 'TypeError', items: 2, kinds: ['contact'],
          examples: [{ id: second, sourceId: '102@1741000000000' }], lastError: expect.stringContaining("Cannot use 'in' operator"), lastFailedAt: clock.now(),
        },
        {
          queue: 'inbox', class: 'inbox:events:HUBSPOT_RETRYABLE', source: 'events', code: 'HUBSPOT_RETRYABLE', items: 1, kinds: ['branch.visit'],
          examples: [{ id: event, sourceId: 'evt-9' }], lastError: 'HubSpot GET /crm/v3/objects/contacts/7: 503 retryable: Service Unavailable (reached by [REDACTED])', lastFailedAt: clock.now(),
        },
      ]);
      await enqueueRows(t().db, clock, [row('a', {}), row('b', {})]);
      await sendFailing(t().db, clock, { a: missingName, b: missingName });
      expect(await deadLetterCounts(t().db)).toEqual([
        { queue: 'inbox', system: 'events', code: 'HUBSPOT_RETRYABLE', count: 1 },
        { queue: 'inbox', system: 'hubspot', code: 'TypeError', count: 2 },
        { queue: 'outbox', system: 'salesforce', code: 'REQUIRED_FIELD_MISSING', count: 2 },
      ]);

      clock.advance(60_000);
      expect(await retryDeadInbox(t().db, clock, { inboxId: first! }, operator)).toEqual({ items: 1 });
      expect((await t().db.query(`SELECT outcome, attempts, processed_at, available_at FROM inbox WHERE id = $1`, [first])).rows).toEqual([{ outcome: null, attempts: 0, processed_at: null, available_at: clock.now() }]);
      expect(await processInbox(t().db, clock, handler, { limit: 10, maxAttempts: 1 })).toMatchObject({ processed: 1, dead: 1 });
      await expect(discardDeadInbox(t().db, clock, { class: 'inbox:hubspot:TypeError' }, { ...operator, reason: '' })).rejects.toThrow('a discard needs a reason');
      await expect(retryDeadInbox(t().db, clock, { class: 'hubspot:TypeError' }, operator)).rejects.toThrow('"hubspot:TypeError" is not an inbox error class: expected inbox:source:code');
      expect(await discardDeadInbox(t().db, clock, { class: 'inbox:hubspot:TypeError' }, { ...operator, reason: 'contacts deleted in HubSpot' })).toEqual({ items: 2 });
      expect(await discardDeadInbox(t().db, clock, { class: 'inbox:hubspot:TypeError' }, { ...operator, reason: 'again' })).toEqual({ items: 0 });
      expect((await listDeadInbox(t().db)).map((c) => c.class)).toEqual(['inbox:events:HUBSPOT_RETRYABLE']);
      expect((await t().db.query(`SELECT outcome, discard_reason FROM inbox WHERE id = ANY($1::bigint[]) ORDER BY id`, [[first, second]])).rows).toEqual([
        { outcome: 'discarded', discard_reason: 'contacts deleted in HubSpot' },
        { outcome: 'discarded', discard_reason: 'contacts deleted in HubSpot' },
      ]);
      const audit = await t().db.query(`SELECT lead_id, type, summary FROM audit_events WHERE type LIKE 'inbox.%' ORDER BY seq`);
      expect(audit.rows).toEqual([
        { lead_id: null, type: 'inbox.retried', summary: `operator:jdoe retried the dead inbox item #${first} (hubspot contact 101@1741000000000, TypeError)` },
        { lead_id: null, type: 'inbox.discarded', summary: `operator:jdoe discarded the dead inbox item #${first} (hubspot contact 101@1741000000000, TypeError): contacts deleted in HubSpot` },
        { lead_id: null, type: 'inbox.discarded', summary: `operator:jdoe discarded the dead inbox item #${second} (hubspot contact 102@1741000000000, TypeError): contacts deleted in HubSpot` },
      ]);
    });
  });
}
