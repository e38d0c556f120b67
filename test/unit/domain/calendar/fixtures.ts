import { DateTime } from 'luxon';
import { buildCalendar, type CalendarSpec, type OpeningWindow } from '../../../../src/domain/calendar';

export const nineToFive: readonly OpeningWindow[] = [['09:00', '17:00']];
export const weekdays = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive };
export const allDay: readonly OpeningWindow[] = [['00:00', '24:00']];

export function bankCalendar(timeZone: string, extra: Partial<CalendarSpec> = {}) {
  return buildCalendar({ timeZone, hours: weekdays, holidays: { country: 'US' }, ...extra });
}

export function alwaysOpen(timeZone: string) {
  const hours = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
  return buildCalendar({ timeZone, hours, holidays: null });
}

/** A local wall-clock time in a zone, e.g. local('America/New_York', '2026-03-06T16:00'). */
export function local(zone: string, wall: string): Date {
  const dt = DateTime.fromISO(wall, { zone });
  if (!dt.isValid) throw new Error(`bad fixture time ${wall}`);
  return dt.toJSDate();
}

export function wall(zone: string, at: Date): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("ccc yyyy-MM-dd'T'HH:mm ZZZZ");
}
