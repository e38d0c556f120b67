import { assertDecision } from '../../../../src/domain/decision';
import type { LeadView } from '../../../../src/domain/lead';
import { onSlaBreach, onSlaWarning, recordBreachStreak, restoreToRotation, outOfRotation } from '../../../../src/domain/sla';
import type { BreachInput } from '../../../../src/domain/sla';
import { TUESDAY, config, lead, withRms } from '../routing/fixtures';
import type { LeadOverrides } from '../routing/fixtures';

/** A consumer mortgage lead near Chicago, routed to Tomás Rivera on its first attempt. */
const routed = (over: LeadOverrides = {}): LeadView =>
  lead({ state: 'routed', product: 'mortgage', owner: { kind: 'rm', id: 'tomas_rivera' }, attempt: 1, ownersSoFar: ['tomas_rivera'], ...over });

const breach = (l: LeadView, extra: Partial<BreachInput> = {}) =>
  onSlaBreach({ lead: l, deadline: 'accept', timer: { attempt: l.attempt, ownerId: l.owner?.id ?? '' }, config, now: TUESDAY, poolStates: {}, openLeadCounts: {}, ...extra });

describe('onSlaBreach: a missed accept-by', () => {
  it('reassigns to the next eligible owner via `reassigned`, tells the manager, and restarts the clock', () => {
    const out = breach(routed());
    expect(out.action).toBe('reassign');
    expect(out.breachedBy).toBe('tomas_rivera');
    expect(out.streakLimit).toBe(3);
    const d = out.decision;
    expect(d.newState).toBe('routed');
    expect(d.via).toEqual(['reassigned']);
    expect(() => assertDecision('routed', d)).not.toThrow();
    expect(d.owner?.id).toBe('michael_brooks');
    expect(d.lead).toMatchObject({ attempt: 2, ownersSoFar: ['tomas_rivera', 'michael_brooks'], owner: { kind: 'rm', id: 'michael_brooks' } });
    expect(d.writes.hubspot).toMatchObject({ handoff_sla_breached: 'true', handoff_owner: 'Michael Brooks', handoff_status: 'routed' });
    expect(d.writes.salesforce).toMatchObject({ Handoff_Status__c: 'Pending', Handoff_Attempt__c: 2, Branch_Id__c: 'evanston' });
    const [manager, task] = d.writes.tasks ?? [];
    expect(manager).toMatchObject({ key: 'L-1:breach:accept:1', assignee: { kind: 'manager', name: 'Monica Reyes', salesforceUsername: 'monica.reyes@bank.example' }, subject: 'SLA missed: accept or return by Tomás Rivera', priority: 'High' });
    expect(task).toMatchObject({ key: 'L-1:accept:2', assignee: { id: 'michael_brooks' } });
    expect(d.timers.filter((t) => t.op === 'cancel').map((t) => t.kind)).toEqual([
      'sla_accept_warning', 'sla_accept_breach', 'sla_first_touch_warning', 'sla_first_touch_breach', 'sla_appointment_warning', 'sla_appointment_breach',
    ]);
    expect(d.timers.find((t) => t.op === 'arm' && t.kind === 'sla_accept_breach')).toMatchObject({ payload: { attempt: 2, ownerId: 'michael_brooks' } });
    expect(d.audit.type).toBe('sla_breach_reassigned');
    expect(d.audit.summary).toMatch(/^Tomás Rivera missed the accept or return deadline\. Routed to Michael Brooks \(evanston\) by rule mortgage_to_nearby_loan_officers/);
    expect(d.audit.explanation).toMatchObject({ breach: { deadline: 'accept', owner: 'tomas_rivera', attempt: 1, policy: 'standard', reassignmentsSoFar: 0, maxReassignments: 2 } });
  });

  it('never picks someone who had the lead before', () => {
    // Michael Brooks had it earlier (and returned it as the wrong person); Tomás Rivera let it time out.
    const out = breach(routed({ ownersSoFar: ['michael_brooks', 'tomas_rivera'] }));
    expect(out.action).toBe('reassign');
    expect(out.decision.owner?.id).toBe('jordan_taylor'); // inside sales, NMLS: the next rule
    expect(out.route?.explanation.excludedOwners).toEqual(['michael_brooks', 'tomas_rivera']);
    // On the third attempt the shipped rules stop the carousel at the contact center.
    const third = breach(routed({ owner: { kind: 'rm', id: 'michael_brooks' }, attempt: 2, ownersSoFar: ['tomas_rivera', 'michael_brooks'] }));
    expect(third.action).toBe('reassign');
    expect(third.decision.owner?.id).toBe('contact_center');
    expect(third.route?.rule).toBe('third_attempt_to_contact_center');
  });

  it('escalates to the fallback queue after the configured number of reassignments', () => {
    const out = breach(routed({ owner: { kind: 'rm', id: 'jordan_taylor' }, attempt: 3, ownersSoFar: ['tomas_rivera', 'michael_brooks', 'jordan_taylor'] }));
    expect(out.action).toBe('escalate');
    expect(out.decision.newState).toBe('escalated');
    expect(out.decision.owner).toMatchObject({ kind: 'queue', id: 'contact_center' });
    expect(out.decision.writes.hubspot).toMatchObject({ handoff_status: 'escalated', handoff_sla_breached: 'true' });
    expect(out.decision.audit.summary).toMatch(/^Jordan Taylor missed the accept or return deadline\. 2 reassignment\(s\) already, the most policy standard allows; escalated to the fallback queue, the Contact Center queue\./);
    expect(() => assertDecision('routed', out.decision)).not.toThrow();
  });

  it('never hands a queue back the lead it let lapse: its rule is skipped and the next rule places the lead', () => {
    // A partner referral sits with the contact center by rule; the contact center misses accept-by.
    const referral = lead({ state: 'routed', kind: 'referral', product: 'savings', fields: { referral_source: 'partner:acme_realty' }, owner: { kind: 'queue', id: 'contact_center' }, attempt: 1, ownersSoFar: [] });
    const out = breach(referral);
    expect(out.route?.explanation.rules.find((r) => r.rule === 'partner_referrals_to_contact_center')).toMatchObject({ outcome: 'no_eligible', pool: { kind: 'queue', queue: 'contact_center', hadLead: true } });
    expect(out.route?.explanation.excludedOwners).toContain('contact_center');
    expect(out.action).toBe('reassign');
    expect(out.route?.rule).toBe('consumer_to_inside_sales');
    expect(out.decision.owner).toMatchObject({ kind: 'rm', id: 'chris_morgan' });
  });

  it('escalates when nobody else is eligible', () => {
    const alone = withRms((rms) => rms.filter((m) => !['michael_brooks', 'jordan_taylor'].includes(m.id)));
    const out = breach(routed(), { config: alone });
    expect(out.action).toBe('escalate');
    expect(out.summary).toMatch(/no other eligible owner; escalated to the fallback queue/);
  });

  it('holds for an away owner nobody else can replace, when the policy says so', () => {
    // Priya Raman's wealth client; she left for a week after the lead reached her.
    const away = withRms((rms) => rms.map((m) => (m.id === 'priya_raman' ? { ...m, out_of_office: [{ from: '2026-03-10', to: '2026-03-13' }] } : m)));
    const l = lead({ state: 'routed', segment: 'wealth', product: 'checking', existingCustomer: true, existingOwnerId: 'priya_raman', fields: { zip: '10017', state: 'NY' }, owner: { kind: 'rm', id: 'priya_raman' }, attempt: 1, ownersSoFar: ['priya_raman'] });
    const out = breach(l, { config: away });
    expect(out.action).toBe('hold');
    expect(out.decision.newState).toBeNull();
    expect(out.plan?.start.toISOString()).toBe('2026-03-14T14:00:00.000Z'); // back Saturday 14 March, 10:00 EDT in Midtown
    expect(out.decision.lead?.timestamps?.acceptBy?.toISOString()).toBe(out.plan?.acceptBy.toISOString());
    expect(out.decision.writes.tasks?.map((t) => t.key)).toEqual(['L-1:breach:accept:1', 'L-1:accept:1']);
    expect(out.summary).toMatch(/held for Priya Raman \(out of office 2026-03-10 to 2026-03-13, not working until Sat 14 Mar 10:00 EDT/);
  });

  it('only notifies for a missed first touch or appointment: an accepted lead stays with its owner', () => {
    const l = routed({ state: 'accepted' });
    const out = onSlaBreach({ lead: l, deadline: 'first_touch', timer: { attempt: 1, ownerId: 'tomas_rivera' }, config, now: TUESDAY, poolStates: {}, openLeadCounts: {} });
    expect(out.action).toBe('notify');
    expect(out.decision.newState).toBeNull();
    expect(out.decision.writes.tasks?.[0]?.subject).toBe('SLA missed: first contact by Tomás Rivera');
    expect(out.decision.audit.type).toBe('sla_breach_notified');
  });

  it('dates the manager\'s Task in the owner\'s branch time zone, not UTC', () => {
    // 19:30 on Tuesday in Chicago is already Wednesday in UTC.
    const evening = new Date('2026-03-11T00:30:00Z');
    const out = onSlaBreach({ lead: routed({ state: 'accepted' }), deadline: 'first_touch', timer: { attempt: 1, ownerId: 'tomas_rivera' }, config, now: evening, poolStates: {}, openLeadCounts: {} });
    expect(out.decision.writes.tasks?.[0]).toMatchObject({ key: 'L-1:breach:first_touch:1', activityDate: '2026-03-10', dueAt: evening });
    expect(out.decision.writes.tasks?.[0]?.description).toContain('at 19:30 CDT');
  });

  it('ignores a timer from an earlier assignment, or one that no longer applies', () => {
    expect(breach(routed(), { timer: { attempt: 1, ownerId: 'someone_else' } }).action).toBe('ignore');
    expect(breach(routed({ attempt: 2 }), { timer: { attempt: 1, ownerId: 'tomas_rivera' } }).action).toBe('ignore');
    const accepted = breach(routed({ state: 'accepted' }));
    expect(accepted.action).toBe('ignore');
    expect(accepted.breachedBy).toBeNull();
    expect(accepted.summary).toBe('SLA timer (accept, attempt 1) ignored: the lead is accepted, so the accept or return deadline no longer applies');
  });
});

describe('onSlaWarning', () => {
  it('raises the owner\'s accept Task (same key) with the deadline in its subject', () => {
    const d = onSlaWarning({ lead: routed(), deadline: 'accept', timer: { attempt: 1, ownerId: 'tomas_rivera' }, dueAt: new Date('2026-03-10T17:30:00Z'), config, now: TUESDAY });
    expect(d.newState).toBeNull();
    expect(d.writes.tasks).toEqual([
      {
        key: 'L-1:accept:1',
        assignee: { kind: 'rm', id: 'tomas_rivera', salesforceUsername: 'tomas.rivera@bank.example' },
        subject: 'Accept or return by 12:30 CDT',
        description: 'Due soon: accept or return on this mortgage lead by 12:30 CDT, or it goes to your manager.',
        activityDate: '2026-03-10',
        dueAt: new Date('2026-03-10T17:30:00Z'),
        // Salesforce reminds the owner now, at the warning, not at the deadline.
        remindAt: TUESDAY,
        priority: 'High',
        status: 'Not Started',
      },
    ]);
    expect(d.audit).toMatchObject({ type: 'sla_warning', summary: 'Accept or return is due by 12:30 CDT (30 min from now, wall time)' });
  });

  it('is ignored once the lead has moved on', () => {
    expect(onSlaWarning({ lead: routed({ state: 'accepted' }), deadline: 'accept', timer: { attempt: 1, ownerId: 'tomas_rivera' }, dueAt: TUESDAY, config, now: TUESDAY }).audit.type).toBe('ignored');
    expect(onSlaWarning({ lead: routed({ state: 'accepted' }), deadline: 'first_touch', timer: { attempt: 1, ownerId: 'tomas_rivera' }, dueAt: TUESDAY, config, now: TUESDAY }).writes.tasks?.[0]?.key).toBe('L-1:first_touch:1');
  });
});

describe('breach streaks', () => {
  const now = new Date('2026-03-10T17:00:00Z');
  it('takes an owner out of rotation at the limit, once, until a manager restores them', () => {
    let s = recordBreachStreak({ ownerId: 'tomas_rivera', event: 'breached', limit: 3, now });
    s = recordBreachStreak({ current: s.streak, ownerId: 'tomas_rivera', event: 'breached', limit: 3, now });
    expect(s).toMatchObject({ takenOut: false, streak: { consecutive: 2, outOfRotation: false }, summary: 'tomas_rivera breach streak 2 of 3' });
    s = recordBreachStreak({ current: s.streak, ownerId: 'tomas_rivera', event: 'breached', limit: 3, now });
    expect(s.takenOut).toBe(true);
    expect(s.streak).toEqual({ ownerId: 'tomas_rivera', consecutive: 3, outOfRotation: true, since: now.toISOString() });
    expect(recordBreachStreak({ current: s.streak, ownerId: 'tomas_rivera', event: 'breached', limit: 3, now }).takenOut).toBe(false);
    // Accepting on time ends a streak but does not put them back; a manager does.
    const met = recordBreachStreak({ current: s.streak, ownerId: 'tomas_rivera', event: 'met', limit: 3, now });
    expect(met.streak).toMatchObject({ consecutive: 0, outOfRotation: true });
    expect(outOfRotation([met.streak, { ownerId: 'ana_morales', consecutive: 1, outOfRotation: false }])).toEqual(['tomas_rivera']);
    expect(restoreToRotation(met.streak)).toEqual({ ownerId: 'tomas_rivera', consecutive: 0, outOfRotation: false });
  });

  it('a lead accepted on time resets the count', () => {
    const one = recordBreachStreak({ ownerId: 'x', event: 'breached', limit: 2, now });
    const met = recordBreachStreak({ current: one.streak, ownerId: 'x', event: 'met', limit: 2, now });
    expect(recordBreachStreak({ current: met.streak, ownerId: 'x', event: 'breached', limit: 2, now }).takenOut).toBe(false);
  });
});
