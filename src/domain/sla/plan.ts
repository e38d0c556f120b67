/**
 * planAssignment(): the deadlines of one assignment. Accept-by, first-touch-by and appointment-by
 * count on the policy's clock: `business` (the owner's branch or queue hours, its time zone and
 * bank holidays), `working` (the owner's own hours and leave) or `instant` (wall time). Each has
 * a warning `warn_before` earlier on the same clock. The result carries the timers to arm, the
 * Lead's accept-by and the owner's Task.
 */
import { DateTime } from 'luxon';
import type { MappingsConfig } from '../../config/mappings-config';
import { dueAt } from '../calendar/sla-due';
import type { BusinessCalendar } from '../calendar/types';
import type { TaskWrite, TimerInstruction, TimerKind } from '../decision';
import { leadFacts } from '../facts';
import type { LeadView } from '../lead';
import { rosterIndex } from '../roster-index';
import type { RosterIndex } from '../roster-index';
import type { Owner } from '../routing/types';
import { resolvePolicy } from './policy';
import type { ResolvedPolicy } from './policy';

export type SlaSource = Pick<MappingsConfig, 'sla' | 'roster' | 'products'> & Partial<Pick<MappingsConfig, 'scoring'>>;

export const DEADLINES = ['accept', 'first_touch', 'appointment'] as const;
export type Deadline = (typeof DEADLINES)[number];

export interface PlanInput {
  lead: LeadView;
  owner: Owner;
  config: SlaSource;
  now: Date;
  /** The attempt this assignment is (timers carry it, so a stale timer can be told apart). */
  attempt: number;
  /** When the clock starts, if not now: a lead held for an away owner starts when they are back. */
  startAt?: Date;
}

export interface SlaPlan {
  policy: ResolvedPolicy;
  start: Date;
  /** Whose calendar the clock counts on, e.g. "branch chicago_loop (America/Chicago)". */
  calendar: string;
  timeZone: string;
  acceptBy: Date;
  firstTouchBy: Date;
  appointmentBy: Date;
  /** The accept-by warning. */
  warningAt: Date | null;
  timers: TimerInstruction[];
  /** The owner's "accept or return" Task; null for a queue (a Task needs a person). */
  task: TaskWrite | null;
}

interface ClockChoice {
  cal: BusinessCalendar | null;
  label: string;
  zone: string;
}

function clockFor(policy: ResolvedPolicy, owner: Owner, index: RosterIndex): ClockChoice {
  let cal: BusinessCalendar | undefined;
  let label: string;
  if (owner.kind === 'queue') {
    cal = index.queueCalendar(owner.id);
    label = `queue ${owner.id}`;
  } else {
    const rm = index.rmById.get(owner.id);
    if (!rm) throw new Error(`RM ${owner.id} is not in the roster`);
    cal = policy.clock === 'working' ? index.rmCalendar(rm) : index.homeCalendar(rm);
    label = policy.clock === 'working' ? `${owner.id}'s working hours` : rm.branch ? `branch ${rm.branch}` : `queue ${rm.queue ?? ''}`;
  }
  if (!cal) throw new Error(`no calendar for ${owner.kind} ${owner.id}`);
  if (policy.clock === 'instant') return { cal: null, label: `wall time (${cal.timeZone})`, zone: cal.timeZone };
  return { cal, label: `${label} (${cal.timeZone})`, zone: cal.timeZone };
}

function due(clock: ClockChoice, start: Date, minutes: number): Date {
  if (!clock.cal) return new Date(start.getTime() + Math.round(minutes * 60_000));
  return dueAt({ clock: 'business', minutes }, clock.cal, start);
}

/** "11:30 EST" on the same local day as `now`, else "Mon 8 Dec 09:30 EST". */
export function byWhen(at: Date, now: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  const sameDay = local.hasSame(DateTime.fromJSDate(now, { zone }), 'day');
  return local.toFormat(sameDay ? 'HH:mm ZZZZ' : 'ccc d LLL HH:mm ZZZZ');
}

export function planAssignment(input: PlanInput): SlaPlan {
  const { lead, owner, config, now, attempt } = input;
  const index = rosterIndex(config);
  const policy = resolvePolicy(config.sla, leadFacts(lead, config, now, { attempt })).policy;
  const clock = clockFor(policy, owner, index);
  const start = input.startAt && input.startAt > now ? input.startAt : now;
  const minutes: Record<Deadline, number> = { accept: policy.acceptMinutes, first_touch: policy.firstTouchMinutes, appointment: policy.appointmentMinutes };
  const timers: TimerInstruction[] = [];
  const at: Partial<Record<Deadline, Date>> = {};
  let warningAt: Date | null = null;
  for (const d of DEADLINES) {
    at[d] = due(clock, start, minutes[d]);
    // The deadline's own time rides along, so a warning can say when it falls (onSlaWarning's dueAt).
    const payload = { attempt, ownerId: owner.id, deadline: d, deadlineAt: (at[d] as Date).toISOString() };
    if (minutes[d] > policy.warnMinutes) {
      const warn = due(clock, start, minutes[d] - policy.warnMinutes);
      if (d === 'accept') warningAt = warn;
      timers.push({ op: 'arm', kind: `sla_${d}_warning` as TimerKind, dueAt: warn, payload });
    }
    timers.push({ op: 'arm', kind: `sla_${d}_breach` as TimerKind, dueAt: at[d], payload });
  }
  const acceptBy = at.accept as Date;
  const task: TaskWrite | null =
    owner.kind === 'rm'
      ? {
          key: `${lead.id}:accept:${attempt}`,
          assignee: { kind: 'rm', id: owner.id, salesforceUsername: owner.salesforceUsername },
          subject: `Accept or return by ${byWhen(acceptBy, now, clock.zone)}`,
          description:
            `New ${lead.product ?? 'product'} lead (${lead.segment ?? 'segment unknown'}). Set Handoff Status to Accepted, ` +
            `or to Returned with a Return Reason, by ${byWhen(acceptBy, now, clock.zone)}. ` +
            `First contact is due by ${byWhen(at.first_touch as Date, now, clock.zone)}.`,
          activityDate: DateTime.fromJSDate(acceptBy, { zone: clock.zone }).toISODate() as string,
          dueAt: acceptBy,
          priority: policy.taskPriority,
          status: 'Not Started',
        }
      : null;
  return {
    policy,
    start,
    calendar: clock.label,
    timeZone: clock.zone,
    acceptBy,
    firstTouchBy: at.first_touch as Date,
    appointmentBy: at.appointment as Date,
    warningAt,
    timers,
    task,
  };
}
