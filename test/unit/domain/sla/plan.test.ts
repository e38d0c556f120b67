import { rosterIndex } from '../../../../src/domain/roster-index';
import { rmOwner, queueOwner } from '../../../../src/domain/routing/route';
import { planAssignment } from '../../../../src/domain/sla';
import { config, lead, withSla } from '../routing/fixtures';
import type { LeadOverrides } from '../routing/fixtures';

const index = rosterIndex(config);
const rm = (id: string) => rmOwner(index.rmById.get(id)!);

function plan(owner: string, at: string, over: LeadOverrides = {}, cfg = config) {
  const o = owner.startsWith('queue:') ? queueOwner(rosterIndex(cfg), owner.slice(6)) : rmOwner(rosterIndex(cfg).rmById.get(owner)!);
  return planAssignment({ lead: lead(over), owner: o, config: cfg, now: new Date(at), attempt: 1 });
}

const iso = (d: Date | null) => d?.toISOString();

describe('planAssignment: due times in business hours of the owner\'s branch', () => {
  it('Chicago, Friday afternoon across the spring DST change to Monday', () => {
    // Friday 6 March 2026 16:00 CST; clocks go forward on Sunday the 8th; Chicago Loop opens 08:30.
    const p = plan('tomas_rivera', '2026-03-06T22:00:00Z');
    expect(p.policy.name).toBe('standard');
    expect(p.calendar).toBe('branch chicago_loop (America/Chicago)');
    expect(iso(p.acceptBy)).toBe('2026-03-09T14:30:00.000Z'); // Mon 09:30 CDT: 1h Friday + 1h Monday
    expect(iso(p.warningAt)).toBe('2026-03-09T14:00:00.000Z'); // 30 business minutes earlier
    expect(iso(p.firstTouchBy)).toBe('2026-03-09T16:30:00.000Z'); // Mon 11:30 CDT
    expect(iso(p.appointmentBy)).toBe('2026-03-11T19:30:00.000Z'); // Wed 14:30 CDT: 1 + 8.5 + 8.5 + 6 hours
  });

  it('New York, Saturday hours, then Monday after the DST change', () => {
    // Saturday 7 March 13:30 EST; Midtown opens Saturdays 10:00-14:00.
    expect(iso(plan('marcus_chen', '2026-03-07T18:30:00Z').acceptBy)).toBe('2026-03-09T14:30:00.000Z'); // Mon 10:30 EDT
  });

  it('Phoenix keeps standard time all year', () => {
    // Friday 6 March 15:30 MST; Phoenix opens 08:00-16:30.
    expect(iso(plan('brian_walsh', '2026-03-06T22:30:00Z').acceptBy)).toBe('2026-03-09T16:00:00.000Z'); // Mon 09:00 MST
  });

  it('Los Angeles, across the autumn DST change', () => {
    // Friday 30 October 16:00 PDT; clocks go back on Sunday 1 November.
    expect(iso(plan('alejandro_reyes', '2026-10-30T23:00:00Z').acceptBy)).toBe('2026-11-02T18:00:00.000Z'); // Mon 10:00 PST
  });

  it('skips bank holidays: Thanksgiving in Chicago', () => {
    // Wednesday 25 November 16:00 CST; Thursday is Thanksgiving.
    const p = plan('tomas_rivera', '2026-11-25T22:00:00Z');
    expect(iso(p.acceptBy)).toBe('2026-11-27T15:30:00.000Z'); // Fri 09:30 CST
  });

  it('skips Memorial Day in Phoenix; Denver works Saturday mornings instead', () => {
    // Friday 22 May 15:30 MST; Monday the 25th is Memorial Day.
    expect(iso(plan('brian_walsh', '2026-05-22T22:30:00Z').acceptBy)).toBe('2026-05-26T16:00:00.000Z'); // Tue 09:00 MST
    // Friday 22 May 16:30 MDT in Denver, open Saturdays 09:00-12:00.
    expect(iso(plan('ryan_hughes', '2026-05-22T22:30:00Z').acceptBy)).toBe('2026-05-23T16:30:00.000Z'); // Sat 10:30 MDT
  });

  it('an instant clock counts wall time, nights included', () => {
    const instant = withSla((sla) => ({ ...sla, defaults: { ...sla.defaults, clock: 'instant' } }));
    const p = plan('tomas_rivera', '2026-03-06T22:00:00Z', {}, instant);
    expect(iso(p.acceptBy)).toBe('2026-03-07T00:00:00.000Z');
    expect(p.calendar).toBe('wall time (America/Chicago)');
  });

  it('a working clock stops on the owner\'s days off', () => {
    // Existing customers run on the owner's working hours. Michael Brooks works Mon-Tue, and Wed until 13:00.
    const known: LeadOverrides = { existingCustomer: true, existingOwnerId: 'michael_brooks' };
    const p = plan('michael_brooks', '2026-03-11T17:00:00Z', known); // Wed 12:00 CDT
    expect(p.policy.name).toBe('existing_relationships');
    expect(p.calendar).toBe("michael_brooks's working hours (America/Chicago)");
    expect(iso(p.acceptBy)).toBe('2026-03-16T17:00:00.000Z'); // 1h Wednesday, 3h Monday: Mon 12:00 CDT
    // Kevin O'Brien works the branch's hours: the same 4 hours end that afternoon.
    expect(iso(plan('kevin_obrien', '2026-03-11T17:00:00Z', known).acceptBy)).toBe('2026-03-11T21:00:00.000Z');
  });

  it('a queue counts on the queue\'s hours and gets no Task', () => {
    // Inside Sales (Chicago) is open 08:00-20:00 on weekdays.
    const p = plan('queue:inside_sales', '2026-03-06T22:00:00Z');
    expect(iso(p.acceptBy)).toBe('2026-03-07T00:00:00.000Z');
    expect(p.task).toBeNull();
  });

  it('picks the policy by priority, product and segment', () => {
    expect(plan('tomas_rivera', '2026-03-10T17:00:00Z', { signals: [{ name: 'appointment_requested', at: new Date('2026-03-10T16:00:00Z') }, { name: 'callback_requested', at: new Date('2026-03-10T16:00:00Z') }] }).policy).toMatchObject({ name: 'hot_leads', priority: 'hot', taskPriority: 'High', acceptMinutes: 60, warnMinutes: 15 });
    expect(plan('grace_kim', '2026-03-10T17:00:00Z', { segment: 'wealth', product: 'wealth_management' }).policy).toMatchObject({ name: 'wealth', whenOwnerAway: 'hold', acceptMinutes: 240 });
    expect(plan('rachel_goldberg', '2026-03-10T17:00:00Z', { segment: 'commercial', product: 'treasury_management' }).policy.name).toBe('commercial');
    expect(plan('tomas_rivera', '2026-03-10T17:00:00Z', { kind: 'referral', fields: { referral_source: 'branch:chicago_loop' } }).policy).toMatchObject({ name: 'referrals', priority: 'referral' });
  });

  it('arms a warning and a breach timer per deadline, and writes the owner a Task', () => {
    const p = plan('tomas_rivera', '2026-03-10T17:00:00Z'); // Tue 12:00 CDT
    expect(p.timers.map((t) => (t.op === 'arm' ? `${t.kind}@${t.dueAt.toISOString()}` : t.kind))).toEqual([
      'sla_accept_warning@2026-03-10T18:30:00.000Z',
      'sla_accept_breach@2026-03-10T19:00:00.000Z',
      'sla_first_touch_warning@2026-03-10T20:30:00.000Z',
      'sla_first_touch_breach@2026-03-10T21:00:00.000Z',
      'sla_appointment_warning@2026-03-13T15:00:00.000Z',
      'sla_appointment_breach@2026-03-13T15:30:00.000Z',
    ]);
    expect(p.timers[1]).toMatchObject({ payload: { attempt: 1, ownerId: 'tomas_rivera', deadline: 'accept', deadlineAt: '2026-03-10T19:00:00.000Z' } });
    expect(p.timers[0]).toMatchObject({ payload: { deadlineAt: '2026-03-10T19:00:00.000Z' } });
    expect(p.task).toEqual({
      key: 'L-1:accept:1',
      assignee: { kind: 'rm', id: 'tomas_rivera', salesforceUsername: 'tomas.rivera@bank.example' },
      subject: 'Accept or return by 14:00 CDT',
      description: 'New checking lead (consumer). Set Handoff Status to Accepted, or to Returned with a Return Reason, by 14:00 CDT. First contact is due by 16:00 CDT.',
      activityDate: '2026-03-10',
      dueAt: new Date('2026-03-10T19:00:00.000Z'),
      priority: 'Normal',
      status: 'Not Started',
    });
    expect(plan('tomas_rivera', '2026-03-06T22:00:00Z').task?.subject).toBe('Accept or return by Mon 9 Mar 09:30 CDT');
  });

  it('a held lead\'s clock starts when the owner is back', () => {
    const p = planAssignment({ lead: lead(), owner: rm('tomas_rivera'), config, now: new Date('2026-03-10T17:00:00Z'), attempt: 1, startAt: new Date('2026-03-16T13:30:00Z') });
    expect(iso(p.start)).toBe('2026-03-16T13:30:00.000Z');
    expect(iso(p.acceptBy)).toBe('2026-03-16T15:30:00.000Z');
  });
});
