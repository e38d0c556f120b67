import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import { applyPlan } from '../../../../src/engine/apply';
import { compareCursor, getCursor, setCursor } from '../../../../src/engine/cursors';
import { LeaderElector } from '../../../../src/engine/leadership';
import { claimDue, markFired, pendingTimers, setTimer } from '../../../../src/engine/timers';
import { clockAt, createLead, resetTables, secondHandle } from '../support';

const at = (iso: string) => new Date(iso);

export function timerCases(backend: Backend): void {
  const t = useTestDb(backend, { migrate: true });
  beforeEach(() => resetTables(t().db));

  describe('timers', () => {
    it('claims only due timers, oldest first, and a fired one never again', async () => {
      const clock = clockAt('2025-03-03T09:00:00Z');
      await createLead(t().db, clock, 'L1');
      await createLead(t().db, clock, 'L2');
      await t().db.transaction(async (tx) => {
        await setTimer(tx, clock, 'L1', { kind: 'sla.breach', dueAt: at('2025-03-03T10:00:00Z'), payload: { attempt: 1 } });
        await setTimer(tx, clock, 'L2', { kind: 'sla.warn', dueAt: at('2025-03-03T09:30:00Z') });
        await setTimer(tx, clock, 'L2', { kind: 'recycle.cooldown', dueAt: at('2025-03-10T09:00:00Z') });
      });
      const opts = { workerId: 'sweep-1', limit: 10, leaseMs: 60_000 };
      expect(await claimDue(t().db, clock, opts)).toEqual([]);
      clock.set('2025-03-03T10:00:00Z');
      const due = await claimDue(t().db, clock, opts);
      expect(due.map((x) => [x.leadId, x.kind, x.payload])).toEqual([
        ['L2', 'sla.warn', {}],
        ['L1', 'sla.breach', { attempt: 1 }],
      ]);
      expect(await claimDue(t().db, clock, { ...opts, workerId: 'sweep-2' })).toEqual([]);
      expect(await t().db.transaction((tx) => markFired(tx, due[0]!.id, 'sweep-1'))).toBe(true);
      expect(await t().db.transaction((tx) => markFired(tx, due[0]!.id, 'sweep-1'))).toBe(false);
      // sweep-1 dies holding the breach timer: after the lease another sweep takes it.
      clock.advance(60_000);
      const retaken = await claimDue(t().db, clock, { ...opts, workerId: 'sweep-2' });
      expect(retaken.map((x) => x.kind)).toEqual(['sla.breach']);
      expect(await t().db.transaction((tx) => markFired(tx, retaken[0]!.id, 'sweep-1'))).toBe(false);
      expect(await t().db.transaction((tx) => markFired(tx, retaken[0]!.id, 'sweep-2'))).toBe(true);
    });

    it('holds SLA breaches for the grace after their time, so an answer read by the next poll stops them first; other timers are due on time', async () => {
      const clock = clockAt('2025-03-03T09:00:00Z');
      await createLead(t().db, clock, 'L4');
      await t().db.transaction(async (tx) => {
        await setTimer(tx, clock, 'L4', { kind: 'sla_accept_breach', dueAt: at('2025-03-03T10:00:00Z') });
        await setTimer(tx, clock, 'L4', { kind: 'sla_first_touch_breach', dueAt: at('2025-03-03T10:00:00Z') });
        await setTimer(tx, clock, 'L4', { kind: 'sla_accept_warning', dueAt: at('2025-03-03T10:00:00Z') });
        await setTimer(tx, clock, 'L4', { kind: 'recycle_cooldown', dueAt: at('2025-03-03T10:00:00Z') });
      });
      const opts = { workerId: 'sweep', limit: 10, leaseMs: 60_000, breachGraceMs: 60_000 };
      clock.set('2025-03-03T10:00:59Z');
      expect((await claimDue(t().db, clock, opts)).map((x) => x.kind).sort()).toEqual(['recycle_cooldown', 'sla_accept_warning']);
      clock.set('2025-03-03T10:01:00Z');
      expect((await claimDue(t().db, clock, opts)).map((x) => x.kind).sort()).toEqual(['sla_accept_breach', 'sla_first_touch_breach']);
    });

    it('a timer re-armed while it is being fired cannot be marked fired by the old claim', async () => {
      const clock = clockAt('2025-03-03T09:00:00Z');
      await createLead(t().db, clock, 'L3');
      await t().db.transaction((tx) => setTimer(tx, clock, 'L3', { kind: 'sla.breach', dueAt: at('2025-03-03T09:00:00Z') }));
      const [claimed] = await claimDue(t().db, clock, { workerId: 's', limit: 1, leaseMs: 60_000 });
      await applyPlan(t().db, { lead: { id: 'L3', expectedVersion: 0, set: {} }, audit: { type: 'sla.extended', actor: 'engine', summary: 'owner back' }, timers: { set: [{ kind: 'sla.breach', dueAt: at('2025-03-03T12:00:00Z') }] } }, clock);
      expect(await t().db.transaction((tx) => markFired(tx, claimed!.id, 's'))).toBe(false);
      expect((await pendingTimers(t().db, 'L3')).map((x) => x.dueAt.toISOString())).toEqual(['2025-03-03T12:00:00.000Z']);
    });
  });

  describe('cursors', () => {
    it('stores a keyset cursor per poller and never moves it back', async () => {
      const clock = clockAt();
      expect(await getCursor(t().db, 'salesforce.Lead')).toBeNull();
      const c1 = { ts: at('2025-03-03T08:00:00Z'), id: '00Q000000000002' };
      expect(await setCursor(t().db, clock, 'salesforce.Lead', c1)).toEqual(c1);
      // Same SystemModstamp, later Id: forward. Same stamp, smaller Id: back, refused.
      const c2 = { ts: c1.ts, id: '00Q000000000003' };
      expect(await setCursor(t().db, clock, 'salesforce.Lead', c2)).toEqual(c2);
      expect(await setCursor(t().db, clock, 'salesforce.Lead', { ts: c1.ts, id: '00Q000000000001' })).toEqual(c2);
      expect(await setCursor(t().db, clock, 'salesforce.Lead', { ts: at('2025-03-03T07:00:00Z'), id: 'zzz' })).toEqual(c2);
      // Byte order, as compareCursor: upper case sorts before lower case.
      const c3 = { ts: c1.ts, id: '00Q00000000000a' };
      expect(compareCursor(c2, c3)).toBeLessThan(0);
      expect(await setCursor(t().db, clock, 'salesforce.Lead', c3)).toEqual(c3);
      expect(await setCursor(t().db, clock, 'salesforce.Lead', { ts: c1.ts, id: '00Q00000000000B' })).toEqual(c3);
      expect(await getCursor(t().db, 'salesforce.Lead')).toEqual(c3);
      expect(await getCursor(t().db, 'hubspot.contacts')).toBeNull();
    });
  });

  describe('leadership', () => {
    it('has one leader per role at a time', async () => {
      const other = await secondHandle(backend, t().db, t().schema);
      const a = new LeaderElector(t().db, 'pollers');
      const b = new LeaderElector(other.db, 'pollers');
      const sweeps = new LeaderElector(other.db, 'sweeps');
      try {
        expect(await a.isLeader()).toBe(true);
        expect(await a.isLeader()).toBe(true);
        // On PGlite there is one process, so every elector leads.
        expect(await b.isLeader()).toBe(backend === 'pglite');
        expect(await sweeps.isLeader()).toBe(true);
      } finally {
        await Promise.all([a.resign(), b.resign(), sweeps.resign()]);
        await other.close();
      }
    });
  });
}
