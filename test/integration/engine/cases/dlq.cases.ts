import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import type { ManualClock } from '../../../../src/domain/clock';
import { applyPlan } from '../../../../src/engine/apply';
import { runDispatchOnce } from '../../../../src/engine/dispatcher';
import type { WriteResult } from '../../../../src/engine/dispatcher';
import { discardDead, listDead, retryDead } from '../../../../src/engine/dlq';
import { createRetryPolicy } from '../../../../src/engine/retry-policy';
import { FakeWriter, clockAt, createLead, enqueueRows, newLeadPlan, resetTables, row, statuses } from '../support';

const operator = { actor: 'operator:jdoe' };

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
      { class: 'salesforce:REQUIRED_FIELD_MISSING', system: 'salesforce', code: 'REQUIRED_FIELD_MISSING', records: 3, deadRows: 3, heldRows: 1, examples: expect.any(Array), lastError: 'Required fields are missing: [LastName]', lastFailedAt: clock.now() },
      { class: 'hubspot:INVALID_EMAIL', system: 'hubspot', code: 'INVALID_EMAIL', records: 1, deadRows: 1, heldRows: 0, examples: ['h1'], lastError: 'Property values were not valid', lastFailedAt: clock.now() },
      { class: 'hubspot:retryable', system: 'hubspot', code: 'retryable', records: 1, deadRows: 1, heldRows: 0, examples: ['h2'], lastError: 'socket timeout', lastFailedAt: clock.now() },
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
    expect(res).toEqual({ records: 1, deadRows: 1, releasedRows: 2 });
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
    expect(await retryDead(t().db, clock, { class: 'salesforce:REQUIRED_FIELD_MISSING' }, operator)).toEqual({ records: 2, deadRows: 2, releasedRows: 0 });
    expect((await statuses(t().db)).map((s) => [s.record_key, s.status])).toEqual([['a', 'pending'], ['b', 'pending'], ['h1', 'dead']]);
    expect(await retryDead(t().db, clock, { class: 'salesforce:NOTHING_LIKE_IT' }, operator)).toEqual({ records: 0, deadRows: 0, releasedRows: 0 });
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
    expect(res).toEqual({ records: 1, deadRows: 1, releasedRows: 2 });
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
}
