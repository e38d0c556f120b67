import fc from 'fast-check';
import { businessMinutesBetween, isOpen } from '../../../../src/domain/calendar';
import { rosterIndex } from '../../../../src/domain/roster-index';
import { rmOwner } from '../../../../src/domain/routing/route';
import { planAssignment } from '../../../../src/domain/sla';
import { config, lead, withSla } from '../routing/fixtures';

const index = rosterIndex(config);
// One owner per time zone and calendar shape: New York (Saturdays), Chicago, Denver, Phoenix (no DST), LA, a part-timer.
const OWNERS = ['marcus_chen', 'tomas_rivera', 'ryan_hughes', 'brian_walsh', 'alejandro_reyes', 'michael_brooks'];
const products = config.products.products.map((p) => p.id);

// All of 2026 and 2027, so both DST changes and every holiday come up; minutes, not milliseconds.
const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2027-12-31T00:00:00Z') / 60_000 }).map((m) => new Date(m * 60_000));

describe('planAssignment over any start, owner and policy', () => {
  it('each deadline is exactly its business minutes after the start, on an open minute, in order', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...OWNERS), fc.constantFrom(...products), fc.constantFrom('business' as const, 'working' as const), (now, id, product, clock) => {
        const cfg = withSla((sla) => ({ ...sla, defaults: { ...sla.defaults, clock } }));
        const rm = index.rmById.get(id)!;
        const p = planAssignment({ lead: lead({ product }), owner: rmOwner(rm), config: cfg, now, attempt: 1 });
        const chosen = p.policy.clock === 'working' ? index.rmCalendar(rm)! : index.homeCalendar(rm)!;
        const deadlines: [Date, number][] = [
          [p.acceptBy, p.policy.acceptMinutes],
          [p.firstTouchBy, p.policy.firstTouchMinutes],
          [p.appointmentBy, p.policy.appointmentMinutes],
        ];
        for (const [due, minutes] of deadlines) {
          expect(businessMinutesBetween(chosen, now, due)).toBeCloseTo(minutes, 6);
          // The deadline lands in open time (or exactly at a closing): the minute before it is open.
          expect(isOpen(chosen, new Date(due.getTime() - 60_000))).toBe(true);
        }
        expect(p.acceptBy.getTime()).toBeLessThanOrEqual(p.firstTouchBy.getTime());
        expect(p.firstTouchBy.getTime()).toBeLessThanOrEqual(p.appointmentBy.getTime());
        expect(p.warningAt).not.toBeNull();
        expect(businessMinutesBetween(chosen, p.warningAt!, p.acceptBy)).toBeCloseTo(p.policy.warnMinutes, 6);
        // The Task is due the local day the Lead must be accepted by.
        expect(p.task?.dueAt).toEqual(p.acceptBy);
      }),
      { numRuns: 400 },
    );
  });

  it('an instant clock is plain wall time, whatever the zone', () => {
    const cfg = withSla((sla) => ({ ...sla, defaults: { ...sla.defaults, clock: 'instant' } }));
    fc.assert(
      fc.property(instant, fc.constantFrom(...OWNERS), (now, id) => {
        const p = planAssignment({ lead: lead(), owner: rmOwner(index.rmById.get(id)!), config: cfg, now, attempt: 1 });
        expect(p.acceptBy.getTime() - now.getTime()).toBe(p.policy.acceptMinutes * 60_000);
        expect(p.appointmentBy.getTime() - now.getTime()).toBe(p.policy.appointmentMinutes * 60_000);
      }),
      { numRuns: 100 },
    );
  });
});
