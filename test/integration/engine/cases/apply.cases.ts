import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { isHandoffError } from '../../../../src/errors';
import type { HandoffError } from '../../../../src/errors';
import type { ApplyPlan } from '../../../../src/engine/apply';
import { applyPlan } from '../../../../src/engine/apply';
import { verifyAudit } from '../../../../src/engine/audit';
import { pendingTimers } from '../../../../src/engine/timers';
import { valueHash } from '../../../../src/engine/values';
import { clockAt, newLeadPlan, resetTables, secondHandle } from '../support';

async function snapshot(db: Db, leadId: string) {
  const q = async (sql: string) => (await db.query(sql, [leadId])).rows;
  return {
    lead: await q('SELECT state, owner_id, version, data FROM leads WHERE id = $1'),
    audit: await q('SELECT seq, type FROM audit_events WHERE lead_id = $1 ORDER BY seq'),
    timers: await q('SELECT kind, status, due_at FROM timers WHERE lead_id = $1 ORDER BY id'),
    outbox: await q('SELECT record_key, status FROM outbox WHERE lead_id = $1 ORDER BY id'),
    ledger: await q(`SELECT count(*)::int AS n FROM write_ledger w JOIN outbox o ON o.id = w.outbox_id WHERE o.lead_id = $1`),
  };
}

const errorOf = (p: Promise<unknown>): Promise<HandoffError> => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as HandoffError);

function routePlan(id: string, version: number, extra: Partial<ApplyPlan> = {}): ApplyPlan {
  return {
    lead: { id, expectedVersion: version, set: { state: 'ready', data: { first_name: 'Ada' } } },
    audit: { type: 'lead.ready', actor: 'engine', summary: 'passed readiness', data: { gates: ['consent', 'identity'] } },
    timers: { set: [{ kind: 'sla.breach', dueAt: new Date('2025-03-03T11:30:00Z'), payload: { attempt: 1 } }] },
    outbox: [
      { system: 'salesforce', object: 'Lead', operation: 'upsert', recordKey: `hs-${id}`, payload: { Handoff_Status__c: 'Ready', LastName: 'Lovelace' }, lane: 'critical' },
      { system: 'hubspot', object: 'contacts', operation: 'update', recordKey: `hs-${id}`, payload: { handoff_status: 'ready' } },
    ],
    ...extra,
  };
}

export function applyCases(backend: Backend): void {
  const t = useTestDb(backend, { migrate: true });
  beforeEach(() => resetTables(t().db));

  it('writes the lead, its audit event, timers, outbox rows and ledger entries in one go', async () => {
    const clock = clockAt();
    const created = await applyPlan(t().db, newLeadPlan('L1'), clock);
    expect(created.version).toBe(0);
    clock.advance(60_000);
    const r = await applyPlan(t().db, routePlan('L1', 0), clock);
    expect(r).toMatchObject({ leadId: 'L1', version: 1, outboxIds: [expect.any(Number), expect.any(Number)], timerIds: [expect.any(Number)] });
    expect(r.audit).toMatchObject({ leadId: 'L1', type: 'lead.ready', at: '2025-03-03T09:01:00.000Z', summary: 'passed readiness', prevHash: created.audit.hash });
    const s = await snapshot(t().db, 'L1');
    expect(s.lead).toEqual([{ state: 'ready', owner_id: null, version: 1, data: { first_name: 'Ada' } }]);
    expect(s.audit.map((a) => a.type)).toEqual(['lead.captured', 'lead.ready']);
    expect(s.timers).toEqual([{ kind: 'sla.breach', status: 'pending', due_at: new Date('2025-03-03T11:30:00Z') }]);
    expect(s.outbox).toEqual([{ record_key: 'hs-L1', status: 'pending' }, { record_key: 'hs-L1', status: 'pending' }]);
    const ledger = await t().db.query('SELECT system, record_id, field, value_hash, written_at, expires_at FROM write_ledger ORDER BY id');
    expect(ledger.rows).toEqual([
      { system: 'salesforce', record_id: 'hs-L1', field: 'Handoff_Status__c', value_hash: valueHash('Ready'), written_at: clock.now(), expires_at: new Date(clock.now().getTime() + 6 * 3600_000) },
      { system: 'salesforce', record_id: 'hs-L1', field: 'LastName', value_hash: valueHash('Lovelace'), written_at: clock.now(), expires_at: expect.any(Date) },
      { system: 'hubspot', record_id: 'hs-L1', field: 'handoff_status', value_hash: valueHash('ready'), written_at: clock.now(), expires_at: expect.any(Date) },
    ]);
    const lanes = await t().db.query('SELECT lane, next_attempt_at, created_at FROM outbox ORDER BY id');
    expect(lanes.rows).toEqual([
      { lane: 'critical', next_attempt_at: clock.now(), created_at: clock.now() },
      { lane: 'bulk', next_attempt_at: clock.now(), created_at: clock.now() },
    ]);
  });

  it('rolls everything back when one outbox insert fails: state, audit, timers, ledger', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L2'), clock);
    const before = await snapshot(t().db, 'L2');
    const headBefore = (await verifyAudit(t().db)).head;
    const plan = routePlan('L2', 0);
    plan.outbox!.push({ system: 'zendesk' as never, object: 'Ticket', operation: 'create', recordKey: 'x', payload: { a: 1 } });
    await expect(applyPlan(t().db, plan, clock)).rejects.toThrow(/outbox_system_check/);
    expect(await snapshot(t().db, 'L2')).toEqual(before);
    expect((await verifyAudit(t().db)).head).toEqual(headBefore);
    // The failed attempt left nothing behind that a retry would trip over.
    expect((await applyPlan(t().db, routePlan('L2', 0), clock)).version).toBe(1);
  });

  it('refuses a stale version with LEAD_VERSION_CONFLICT and writes nothing', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L3'), clock);
    await applyPlan(t().db, routePlan('L3', 0), clock);
    const before = await snapshot(t().db, 'L3');
    const err = await errorOf(applyPlan(t().db, routePlan('L3', 0), clock));
    expect(isHandoffError(err)).toBe(true);
    expect(err.code).toBe('LEAD_VERSION_CONFLICT');
    expect(err.message).toBe('lead L3 changed meanwhile (expected version 0, found 1): re-read it and decide again');
    expect(await snapshot(t().db, 'L3')).toEqual(before);
    const again = await errorOf(applyPlan(t().db, newLeadPlan('L3'), clock));
    expect(again.message).toBe('lead L3 changed meanwhile (it was to be created, but it exists): re-read it and decide again');
    const missing = await errorOf(applyPlan(t().db, routePlan('nope', 4), clock));
    expect(missing.message).toBe('lead nope changed meanwhile (expected version 4, but it does not exist): re-read it and decide again');
  });

  it('lets exactly one of two concurrent decisions on one version win', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L4'), clock);
    const other = await secondHandle(backend, t().db, t().schema);
    try {
      const results = await Promise.allSettled([applyPlan(t().db, routePlan('L4', 0), clock), applyPlan(other.db, routePlan('L4', 0), clock)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((lost.reason as HandoffError).code).toBe('LEAD_VERSION_CONFLICT');
      expect((await snapshot(t().db, 'L4')).outbox).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('refuses an impossible lifecycle move', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L5'), clock);
    const err = await errorOf(applyPlan(t().db, { ...routePlan('L5', 0), lead: { id: 'L5', expectedVersion: 0, set: { state: 'funded' } } }, clock));
    expect(err.code).toBe('ILLEGAL_TRANSITION');
    expect((await snapshot(t().db, 'L5')).lead).toEqual([{ state: 'captured', owner_id: null, version: 0, data: {} }]);
  });

  it('re-arming a timer replaces the pending one of its kind; cancel stops it', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L6'), clock);
    await applyPlan(t().db, routePlan('L6', 0), clock);
    const rearm: ApplyPlan = {
      lead: { id: 'L6', expectedVersion: 1, set: { state: 'routed', ownerId: 'rm-7', ownerKind: 'rm' } },
      audit: { type: 'lead.routed', actor: 'engine', summary: 'routed to rm-7' },
      timers: { set: [{ kind: 'sla.breach', dueAt: new Date('2025-03-03T12:00:00Z') }, { kind: 'sla.warn', dueAt: new Date('2025-03-03T11:45:00Z') }] },
    };
    await applyPlan(t().db, rearm, clock);
    expect((await pendingTimers(t().db, 'L6')).map((x) => [x.kind, x.dueAt.toISOString()])).toEqual([
      ['sla.warn', '2025-03-03T11:45:00.000Z'],
      ['sla.breach', '2025-03-03T12:00:00.000Z'],
    ]);
    await applyPlan(t().db, { lead: { id: 'L6', expectedVersion: 2, set: { state: 'accepted' } }, audit: { type: 'lead.accepted', actor: 'rm-7', summary: 'accepted' }, timers: { cancel: ['sla.breach', 'sla.warn'] } }, clock);
    expect(await pendingTimers(t().db, 'L6')).toEqual([]);
    const all = await t().db.query(`SELECT kind, status FROM timers WHERE lead_id = 'L6' ORDER BY id`);
    expect(all.rows).toEqual([
      { kind: 'sla.breach', status: 'cancelled' },
      { kind: 'sla.breach', status: 'cancelled' },
      { kind: 'sla.warn', status: 'cancelled' },
    ]);
  });

  it('records no ledger entry for a write whose echo cannot come (echoRecordId null)', async () => {
    const clock = clockAt();
    await applyPlan(t().db, newLeadPlan('L7'), clock);
    const plan = routePlan('L7', 0);
    plan.outbox = [{ ...plan.outbox![0]!, echoRecordId: null }, { ...plan.outbox![1]!, echoRecordId: '1234' }];
    await applyPlan(t().db, plan, clock);
    const { rows } = await t().db.query('SELECT system, record_id FROM write_ledger');
    expect(rows).toEqual([{ system: 'hubspot', record_id: '1234' }]);
  });
}
