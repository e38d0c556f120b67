/**
 * Is an RM available for a new lead? Working now, or working from when their home branch (or
 * queue) next opens, give or take a grace. So a lead that arrives at night goes to the RM who
 * starts in the morning like everyone else, while someone on leave, off that day or part-time
 * is passed over in favour of a colleague who is in.
 */
import { DateTime } from 'luxon';
import type { Rm } from '../../config/schemas/roster';
import { nextOpening } from '../calendar/business-time';
import type { BusinessCalendar } from '../calendar/types';
import type { RosterIndex } from '../roster-index';

export type Availability =
  | { available: true; from: Date; workingNow: boolean }
  | { available: false; nextWorks: Date | null; homeOpens: Date | null; message: string };

/** Per decision: many RMs share their branch's calendar, so each calendar's next opening is computed once. */
export type OpeningCache = Map<BusinessCalendar, Date | null>;

export function localTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL HH:mm ZZZZ');
}

function opening(cal: BusinessCalendar, now: Date, cache: OpeningCache): Date | null {
  if (cache.has(cal)) return cache.get(cal) ?? null;
  let at: Date | null;
  try {
    at = nextOpening(cal, now);
  } catch {
    at = null; // CALENDAR_NEVER_OPEN: out of office for ten years is not available.
  }
  cache.set(cal, at);
  return at;
}

/** The out-of-office range covering a local date, for the explanation. */
function leaveOn(rm: Rm, isoDate: string): string | null {
  const o = rm.out_of_office.find((r) => r.from <= isoDate && isoDate <= r.to);
  return o ? `out of office ${o.from} to ${o.to}` : null;
}

export function availability(rm: Rm, index: RosterIndex, now: Date, graceMinutes: number, cache: OpeningCache): Availability {
  const own = index.rmCalendar(rm);
  const home = index.homeCalendar(rm);
  if (!own || !home) return { available: false, nextWorks: null, homeOpens: null, message: 'has no home branch or queue calendar' };
  const works = opening(own, now, cache);
  if (works && works.getTime() === now.getTime()) return { available: true, from: works, workingNow: true };
  const opens = opening(home, now, cache);
  if (works && opens && works.getTime() <= opens.getTime() + graceMinutes * 60_000) return { available: true, from: works, workingNow: false };
  const zone = home.timeZone;
  const homeDate = DateTime.fromJSDate(opens ?? now, { zone }).toISODate() as string;
  const leave = leaveOn(rm, homeDate);
  const until = works ? `not working until ${localTime(works, zone)}` : 'not working in the next ten years';
  const where = rm.branch !== undefined ? 'branch' : 'queue';
  return {
    available: false,
    nextWorks: works,
    homeOpens: opens,
    message: `${leave ? `${leave}, ` : ''}${until}${opens ? ` (${where} opens ${localTime(opens, zone)})` : ''}`,
  };
}
