/**
 * roster.yaml → domain/calendar CalendarSpecs: a branch's or queue's own hours, and an RM's
 * working time (their hours override, else their home branch's or queue's, with its zone,
 * holidays and closures, minus their out-of-office ranges).
 */
import type { CalendarSpec, HolidaySource } from '../domain/calendar/types';
import type { Branch, Queue, Rm, RosterConfig } from './schemas/roster';

function holidaySource(roster: RosterConfig, h: { country: string; state?: string }): HolidaySource {
  return { ...h, saturdayRule: roster.saturday_holidays };
}

export function branchCalendar(roster: RosterConfig, b: Branch | Queue): CalendarSpec {
  return {
    timeZone: b.time_zone,
    hours: b.hours,
    holidays: holidaySource(roster, b.holidays),
    extraClosedDates: 'closed_dates' in b ? b.closed_dates : [],
  };
}

/** Undefined when the RM's home branch or queue does not exist (a config error reported elsewhere). */
export function rmCalendar(roster: RosterConfig, rm: Rm): CalendarSpec | undefined {
  const home = rm.branch !== undefined ? roster.branches.find((b) => b.id === rm.branch) : roster.queues.find((q) => q.id === rm.queue);
  if (!home) return undefined;
  const base = branchCalendar(roster, home);
  return { ...base, hours: rm.hours ?? base.hours, outOfOffice: rm.out_of_office.map((o) => ({ from: o.from, to: o.to })) };
}
