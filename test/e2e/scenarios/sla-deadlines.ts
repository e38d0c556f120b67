/**
 * The SLA deadlines as the timer sweep applies them, against the sandbox: the warning before
 * accept-by reaches the owner (their Task goes High with a Salesforce reminder at once); a lead
 * nobody takes goes from RM to RM and, after max_reassignments, to the fallback queue; an
 * accepted lead that misses its first touch, then its appointment, stays with its owner while
 * their manager hears of each in a Task.
 */
import { byWhen } from '../../../src/domain/sla/plan';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { createAndQualify, leadRowOf, pastSearchLag, pastTimer, startE2E, tasksOn, trailOf } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function slaDeadlines(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());

  /** Qualifies contact `i` (a consumer checking application: policy `referrals`, accept within 1h) and hands it off. */
  async function handOff(i: number) {
    const [contactId] = createAndQualify(e.sandbox, i, 1) as [string];
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    const row = await leadRowOf(e.db, contactId);
    expect(row).toMatchObject({ state: 'routed', attempt: 1 });
    return { contactId, row, sfId: row.salesforce_lead_id as string };
  }

  const managerUserOf = (rmId: string): string => {
    const rm = e.sandbox.roster.byRmId.get(rmId)!.rm;
    const { managers } = e.sandbox.mappings.sla;
    const m = (rm.branch !== undefined ? managers.branches[rm.branch] : rm.queue !== undefined ? managers.queues[rm.queue] : undefined) ?? managers.default;
    return e.sandbox.roster.managers.find((u) => u.username === m.salesforce_username)!.userId;
  };

  it('reminds the owner before accept-by: their Task goes High, names the deadline and sets a Salesforce reminder now', async () => {
    const { row, sfId } = await handOff(0);
    const before = tasksOn(e.sandbox, sfId).get('accept:1')!;
    const acceptBy = new Date(String(e.sandbox.salesforce.get('Lead', sfId)!['Accept_By__c']));
    const instant = (v: unknown): string => new Date(String(v)).toISOString();
    expect(instant(before['ReminderDateTime'])).toBe(acceptBy.toISOString());

    await pastTimer(e, row.id, 'sla_accept_warning');
    const warnedAt = e.clock.now();
    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);
    expect(cycle.timers).toMatchObject({ warnings: 1, breaches: 0, failed: 0 });

    const tasks = tasksOn(e.sandbox, sfId);
    expect([...tasks.keys()]).toEqual(['accept:1']); // the same Task, raised: no second one
    const rm = e.sandbox.roster.byRmId.get(row.owner_id!)!;
    const zone = e.sandbox.mappings.roster.queues.find((q) => q.id === rm.rm.queue)?.time_zone ?? e.sandbox.mappings.roster.branches.find((b) => b.id === rm.rm.branch)!.time_zone;
    const due = byWhen(acceptBy, warnedAt, zone);
    expect(tasks.get('accept:1')).toMatchObject({
      OwnerId: rm.userId,
      Priority: 'High',
      Subject: `Accept or return by ${due}`,
      Description: `Due soon: accept or return on this checking lead by ${due}, or it goes to your manager.`,
      IsReminderSet: true,
    });
    expect(instant(tasks.get('accept:1')!['ReminderDateTime'])).toBe(warnedAt.toISOString());
    const warning = (await trailOf(e.db, row.id)).find((a) => a.type === 'sla_warning')!;
    expect(warning.summary).toBe(`Accept or return is due by ${due} (30 min from now, wall time)`);
    expect(warning.data).toMatchObject({ deadline: 'accept', owner: row.owner_id, attempt: 1 });
  }, 60_000);

  it('an acceptance made a minute before accept-by but read after it is on time, and the breach never fires', async () => {
    const { contactId, row, sfId } = await handOff(3);
    const acceptBy = new Date(String(e.sandbox.salesforce.get('Lead', sfId)!['Accept_By__c']));
    e.clock.set(acceptBy.getTime() - 60_000);
    e.sandbox.salesforce.update('Lead', sfId, { Handoff_Status__c: 'Accepted' }, e.sandbox.roster.byRmId.get(row.owner_id!)!.userId);
    // The timer sweep runs after the deadline, before the next Salesforce poll has read the answer.
    e.clock.set(acceptBy.getTime() + 30_000);
    await e.daemon.pipeline.sweepTimers();
    expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'routed', owner_id: row.owner_id, attempt: 1 });
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'accepted', owner_id: row.owner_id });
    const accepted = (await trailOf(e.db, row.id)).find((a) => a.type === 'accepted')!;
    expect(accepted.data).toMatchObject({ onTime: true });
    expect(accepted.summary).toMatch(/, 1 min before the deadline$/);
    e.clock.advance(3600_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect((await trailOf(e.db, row.id)).filter((a) => a.type.startsWith('sla_breach'))).toEqual([]);
  });

  it('escalates to the fallback queue after max_reassignments: two RMs, then the contact center, let it lapse', async () => {
    const { contactId, row, sfId } = await handOff(1);
    const owners: string[] = [row.owner_id!];
    for (const attempt of [1, 2, 3]) {
      await pastTimer(e, row.id, 'sla_accept_breach');
      const cycle = await e.daemon.syncOnce();
      expect(cycle.errors).toEqual([]);
      const now = await leadRowOf(e.db, contactId);
      if (attempt < 3) {
        expect(now).toMatchObject({ state: 'routed', attempt: attempt + 1 });
        owners.push(now.owner_id!);
      } else {
        expect(now).toMatchObject({ state: 'escalated', owner_kind: 'queue', owner_id: e.sandbox.mappings.routing.fallback_queue });
      }
    }
    // Nobody had it twice: two RMs, then the contact center by the third-attempt rule, then the fallback queue.
    expect(new Set(owners).size).toBe(3);
    expect(owners[2]).toBe('contact_center');
    const trail = await trailOf(e.db, row.id);
    expect(trail.map((a) => a.type).filter((t) => t.startsWith('sla_breach'))).toEqual(['sla_breach_reassigned', 'sla_breach_reassigned', 'sla_breach_escalated']);
    const escalated = trail.find((a) => a.type === 'sla_breach_escalated')!;
    expect(escalated.summary).toMatch(/^Contact Center missed the accept or return deadline\. 2 reassignment\(s\) already, the most policy referrals allows; escalated to the fallback queue, the Contact Center queue\./);
    expect(escalated.data).toMatchObject({ breach: { deadline: 'accept', attempt: 3, reassignmentsSoFar: 2, maxReassignments: 2 }, from: 'routed', to: 'escalated' });
    // Salesforce and HubSpot show it: the Lead with the fallback queue, the contact escalated and breached.
    expect(e.sandbox.salesforce.get('Lead', sfId)).toMatchObject({ OwnerId: e.sandbox.roster.queues['contact_center'], Handoff_Status__c: 'Pending' });
    expect(e.sandbox.hubspot.getContact(contactId)!.properties).toMatchObject({ handoff_status: 'escalated', handoff_sla_breached: 'true' });
    // Each RM's manager heard of their breach; no more accept timers run for a lead with the fallback queue.
    const tasks = tasksOn(e.sandbox, sfId);
    expect(tasks.get('breach:accept:1')!['OwnerId']).toBe(managerUserOf(owners[0]!));
    expect(tasks.get('breach:accept:2')!['OwnerId']).toBe(managerUserOf(owners[1]!));
    expect(tasks.has('breach:accept:3')).toBe(true);
  }, 90_000);

  it('a missed first touch, then a missed appointment, tell the manager; the accepted lead stays with its owner', async () => {
    const { contactId, row, sfId } = await handOff(2);
    const owner = e.sandbox.roster.byRmId.get(row.owner_id!)!;
    e.clock.advance(5 * 60_000);
    e.sandbox.salesforce.update('Lead', sfId, { Handoff_Status__c: 'Accepted' }, owner.userId);
    e.clock.advance(1_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'accepted', owner_id: owner.rm.id });

    for (const deadline of ['first_touch', 'appointment'] as const) {
      await pastTimer(e, row.id, `sla_${deadline}_breach`);
      const cycle = await e.daemon.syncOnce();
      expect(cycle.errors).toEqual([]);
      expect(cycle.timers?.breaches).toBeGreaterThanOrEqual(1);
      expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'accepted', owner_id: owner.rm.id, attempt: 1 });
      const task = tasksOn(e.sandbox, sfId).get(`breach:${deadline}:1`)!;
      const what = deadline === 'first_touch' ? 'first contact' : 'appointment';
      expect(task).toMatchObject({ OwnerId: managerUserOf(owner.rm.id), Subject: `SLA missed: ${what} by ${owner.rm.name}`, Priority: 'High' });
      // The owner was reminded before the deadline, in a reminder Task of its own.
      expect(tasksOn(e.sandbox, sfId).get(`${deadline}:1`)).toMatchObject({ OwnerId: owner.userId, Priority: 'High' });
    }
    const notified = (await trailOf(e.db, row.id)).filter((a) => a.type === 'sla_breach_notified');
    expect(notified.map((a) => (a.data.breach as { deadline: string }).deadline)).toEqual(['first_touch', 'appointment']);
    expect(notified[0]!.summary).toBe(`${owner.rm.name} missed the first contact deadline. The manager is notified; an accepted lead stays with its owner.`);
    expect(e.sandbox.salesforce.get('Lead', sfId)).toMatchObject({ OwnerId: owner.userId, Handoff_Status__c: 'Accepted' });
    expect(e.sandbox.hubspot.getContact(contactId)!.properties).toMatchObject({ handoff_sla_breached: 'true', lifecyclestage: 'salesqualifiedlead' });
  }, 90_000);
}
