/**
 * Time arithmetic on a BusinessCalendar. Each local day's open intervals come from the
 * calendar; we walk them day by day in the calendar's zone, so weekends, holidays, DST changes
 * and out-of-office spans all fall out of the same loop.
 */
import { DateTime } from 'luxon';
import { HandoffError } from '../../errors';
import type { BusinessCalendar, OpenInterval } from './types';

const MINUTE_MS = 60_000;
/** Ten years without enough open time means the calendar is effectively always closed. */
const HORIZON_DAYS = 3660;

/** Open intervals from the local day containing `fromMs` onwards, in order. */
function* intervalsFrom(cal: BusinessCalendar, fromMs: number): Generator<OpenInterval> {
  let day = DateTime.fromMillis(fromMs, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < HORIZON_DAYS; i++) {
    yield* cal.openIntervalsOn(day.toISODate() as string);
    day = day.plus({ days: 1 }).startOf('day');
  }
  throw new HandoffError(
    'CALENDAR_NEVER_OPEN',
    `Business calendar (${cal.timeZone}) has no open time in the ${HORIZON_DAYS} days after ${new Date(fromMs).toISOString()}`,
    { timeZone: cal.timeZone },
  );
}

/**
 * The instant `minutes` of open time after `start`: the due time of a business-clock SLA.
 * Finishing exactly at closing returns the closing instant (Friday 16:00 + 60 min is Friday
 * 17:00, not Monday 09:00); zero minutes returns the next open instant at or after `start`.
 */
export function addBusinessDuration(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  const startMs = start.getTime();
  let remaining = Math.round(minutes * MINUTE_MS);
  for (const [s, e] of intervalsFrom(cal, startMs)) {
    if (e <= startMs) continue;
    const from = Math.max(s, startMs);
    if (remaining <= e - from) return new Date(from + remaining);
    remaining -= e - from;
  }
  // intervalsFrom either yields enough open time or throws CALENDAR_NEVER_OPEN.
  throw new Error('unreachable: intervalsFrom ends by throwing');
}

/** Open minutes in [a, b); negative when b is before a. */
export function businessMinutesBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const aMs = a.getTime();
  const bMs = b.getTime();
  if (bMs < aMs) return -businessMinutesBetween(cal, b, a);
  let totalMs = 0;
  let day = DateTime.fromMillis(aMs, { zone: cal.timeZone }).startOf('day');
  while (day.toMillis() < bMs) {
    for (const [s, e] of cal.openIntervalsOn(day.toISODate() as string)) {
      const overlap = Math.min(e, bMs) - Math.max(s, aMs);
      if (overlap > 0) totalMs += overlap;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return totalMs / MINUTE_MS;
}

export function isOpen(cal: BusinessCalendar, at: Date): boolean {
  const ms = at.getTime();
  const iso = DateTime.fromMillis(ms, { zone: cal.timeZone }).toISODate() as string;
  return cal.openIntervalsOn(iso).some(([s, e]) => s <= ms && ms < e);
}

/** `at` itself when open, else the start of the next open interval. */
export function nextOpening(cal: BusinessCalendar, at: Date): Date {
  const ms = at.getTime();
  for (const [s, e] of intervalsFrom(cal, ms)) {
    if (e <= ms) continue;
    return new Date(Math.max(s, ms));
  }
  // intervalsFrom either yields enough open time or throws CALENDAR_NEVER_OPEN.
  throw new Error('unreachable: intervalsFrom ends by throwing');
}
