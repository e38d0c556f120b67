/**
 * CalendarSpec → BusinessCalendar. Problems are collected as data first (`checkCalendarSpec`),
 * so the config layer can report all of them against the YAML; `buildCalendar` refuses a spec
 * with problems by throwing one HandoffError that lists them.
 */
import { DateTime, IANAZone } from 'luxon';
import { HandoffError } from '../../errors';
import { holidayOn, isKnownHolidaySource } from './holidays';
import { WEEKDAYS } from './types';
import type { BusinessCalendar, CalendarProblem, CalendarSpec, OpenInterval, OpeningWindow } from './types';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function isRealDate(iso: string): boolean {
  return ISO_DATE.test(iso) && DateTime.fromISO(iso).isValid;
}

/** Epoch ms of an out-of-office bound; date-only `to` bounds include the whole day. */
function boundMs(value: Date | string, zone: string, isEnd: boolean): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value !== 'string') return null;
  if (ISO_DATE.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    if (!day.isValid) return null;
    return (isEnd ? day.plus({ days: 1 }) : day).startOf('day').toMillis();
  }
  const at = DateTime.fromISO(value, { zone });
  return at.isValid ? at.toMillis() : null;
}

export function checkCalendarSpec(spec: CalendarSpec): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const zoneOk = typeof spec.timeZone === 'string' && IANAZone.isValidZone(spec.timeZone);
  if (!zoneOk) {
    problems.push({ path: 'timeZone', message: `"${String(spec.timeZone)}" is not an IANA time zone (e.g. America/New_York)` });
  }

  let anyOpen = false;
  const before = problems.length;
  for (const [day, windows] of Object.entries(spec.hours ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ path: `hours.${day}`, message: `"${day}" is not a weekday; use ${WEEKDAYS.join(', ')}` });
      continue;
    }
    (windows ?? []).forEach((w: OpeningWindow, i) => {
      const path = `hours.${day}[${i}]`;
      const [start, end] = Array.isArray(w) ? w : [];
      if (typeof start !== 'string' || typeof end !== 'string' || !HHMM.test(start) || !HHMM.test(end) || start === '24:00') {
        problems.push({ path, message: 'expected ["HH:MM", "HH:MM"] in 24-hour time, e.g. ["09:00", "17:00"]' });
      } else if (minutesOf(end) <= minutesOf(start)) {
        problems.push({ path, message: `closes at ${end}, not after it opens at ${start}; a window cannot cross midnight (split it in two days)` });
      } else {
        anyOpen = true;
      }
    });
  }
  // Only worth saying when no window was reported as malformed already.
  if (!anyOpen && problems.length === before) problems.push({ path: 'hours', message: 'no opening hours: a business-time SLA on this calendar would never come due' });

  if (spec.holidays) {
    const known = isKnownHolidaySource(spec.holidays);
    if (!known) {
      const where = spec.holidays.state ? `${spec.holidays.country}-${spec.holidays.state}` : spec.holidays.country;
      problems.push({ path: 'holidays', message: `no holiday calendar is known for "${where}"` });
    }
  }
  (spec.extraClosedDates ?? []).forEach((d, i) => {
    if (typeof d !== 'string' || !isRealDate(d)) {
      problems.push({ path: `extraClosedDates[${i}]`, message: 'expected a date YYYY-MM-DD' });
    }
  });
  if (zoneOk) {
    (spec.outOfOffice ?? []).forEach((o, i) => {
      const from = boundMs(o.from, spec.timeZone, false);
      const to = boundMs(o.to, spec.timeZone, true);
      if (from === null) problems.push({ path: `outOfOffice[${i}].from`, message: 'expected a date YYYY-MM-DD or an ISO date-time' });
      if (to === null) problems.push({ path: `outOfOffice[${i}].to`, message: 'expected a date YYYY-MM-DD or an ISO date-time' });
      if (from !== null && to !== null && to <= from) {
        problems.push({ path: `outOfOffice[${i}]`, message: 'ends before it starts' });
      }
    });
  }
  return problems;
}

function subtract(intervals: OpenInterval[], cuts: readonly OpenInterval[]): OpenInterval[] {
  let out = intervals;
  for (const [cs, ce] of cuts) {
    const next: OpenInterval[] = [];
    for (const [s, e] of out) {
      if (ce <= s || cs >= e) {
        next.push([s, e]);
        continue;
      }
      if (cs > s) next.push([s, cs]);
      if (ce < e) next.push([ce, e]);
    }
    out = next;
  }
  return out;
}

function merge(intervals: OpenInterval[]): OpenInterval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function buildCalendar(spec: CalendarSpec): BusinessCalendar {
  const problems = checkCalendarSpec(spec);
  if (problems.length > 0) {
    throw new HandoffError(
      'CALENDAR_INVALID',
      `Business calendar is not usable: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { problems },
    );
  }
  const zone = spec.timeZone;
  const closedDates = new Set(spec.extraClosedDates ?? []);
  const away: OpenInterval[] = (spec.outOfOffice ?? []).map(
    (o) => [boundMs(o.from, zone, false) as number, boundMs(o.to, zone, true) as number] as const,
  );
  const cache = new Map<string, readonly OpenInterval[]>();

  const closureOn = (isoDate: string): string | null => {
    if (closedDates.has(isoDate)) return 'closed date';
    return spec.holidays ? holidayOn(spec.holidays, isoDate) : null;
  };

  const compute = (isoDate: string): readonly OpenInterval[] => {
    if (closureOn(isoDate) !== null) return [];
    const day = DateTime.fromISO(isoDate, { zone }).startOf('day');
    const windows = spec.hours[WEEKDAYS[day.weekday - 1] ?? 'mon'] ?? [];
    // Wall-clock times are resolved per day, so a window on a DST-change day is as long as the
    // clocks make it (01:00–04:00 on the spring-forward Sunday is two real hours).
    const at = (hhmm: string): number => {
      if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
      const [hour, minute] = hhmm.split(':').map(Number);
      return day.set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 }).toMillis();
    };
    const intervals = windows.map(([s, e]) => [at(s), at(e)] as OpenInterval).filter(([s, e]) => e > s);
    return subtract(merge(intervals), away);
  };

  return {
    timeZone: zone,
    spec,
    closureOn,
    openIntervalsOn(isoDate: string) {
      let intervals = cache.get(isoDate);
      if (!intervals) {
        intervals = compute(isoDate);
        cache.set(isoDate, intervals);
      }
      return intervals;
    },
  };
}
