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

/**
 * "Tue 22 Dec 10:00 EST". Explanations name the same few instants over and over (tomorrow's
 * opening of every branch in a zone), and luxon's zone abbreviation costs an Intl call: remember them.
 */
const formatted = new Map<string, string>();
export function localTime(at: Date, zone: string): string {
  const key = `${at.getTime()}|${zone}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size > 10_000) formatted.clear();
    text = DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL HH:mm ZZZZ');
    formatted.set(key, text);
  }
  return text;
}

/**
 * The open interval at or after an instant, remembered per calendar across decisions: leads
 * arrive seconds apart, and finding a local day in a time zone is the costly part (luxon asks
 * Intl for the zone's offset). For any t in [from, start) the next opening is `start`, and for
 * t in [start, end) it is t itself, so most decisions answer from the span without luxon.
 */
interface Span {
  from: number;
  start: number;
  end: number;
}
const spans = new WeakMap<BusinessCalendar, Span>();

function nextOpeningMs(cal: BusinessCalendar, nowMs: number): number | null {
  const hit = spans.get(cal);
  if (hit && hit.from <= nowMs && nowMs < hit.end) return Math.max(hit.start, nowMs);
  try {
    const start = nextOpening(cal, new Date(nowMs)).getTime();
    const iso = DateTime.fromMillis(start, { zone: cal.timeZone }).toISODate() as string;
    const interval = cal.openIntervalsOn(iso).find(([s, e]) => s <= start && start < e);
    spans.set(cal, { from: nowMs, start, end: interval ? interval[1] : start + 1 });
    return start;
  } catch {
    return null; // CALENDAR_NEVER_OPEN: out of office for ten years is not available.
  }
}

function opening(cal: BusinessCalendar, now: Date, cache: OpeningCache): Date | null {
  if (cache.has(cal)) return cache.get(cal) ?? null;
  const ms = nextOpeningMs(cal, now.getTime());
  const at = ms === null ? null : new Date(ms);
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
