/**
 * When the demo's day begins: the next working-day morning in New York (08:30, a weekday that is
 * not a Federal Reserve holiday), so branches open and the simulated RMs are at work within
 * minutes of starting it.
 */
import { DateTime } from 'luxon';
import { holidayOn } from '../domain/calendar/holidays';

export const DEMO_ZONE = 'America/New_York';

export function nextWorkdayMorning(now: Date, zone = DEMO_ZONE, at: { hour: number; minute: number } = { hour: 8, minute: 30 }): Date {
  let d = DateTime.fromJSDate(now, { zone }).set({ hour: at.hour, minute: at.minute, second: 0, millisecond: 0 });
  if (d.toMillis() <= now.getTime()) d = d.plus({ days: 1 });
  while (d.weekday > 5 || holidayOn({ country: 'US' }, d.toISODate() as string) !== null) d = d.plus({ days: 1 });
  return d.toJSDate();
}
