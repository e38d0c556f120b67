/**
 * The due time of an SLA timer. A `business` clock counts only the calendar's open time (a
 * 2-hour acceptance SLA set at Friday 16:00 is due Monday 10:00); an `instant` clock counts
 * wall time (a contact-center callback within 15 minutes, nights included).
 */
import { addBusinessDuration } from './business-time';
import type { BusinessCalendar } from './types';

export type SlaClock = 'business' | 'instant';

export interface SlaClockPolicy {
  clock: SlaClock;
  minutes: number;
}

export function dueAt(policy: SlaClockPolicy, cal: BusinessCalendar, start: Date): Date {
  if (!Number.isFinite(policy.minutes) || policy.minutes < 0) {
    throw new RangeError(`SLA minutes must be a finite number >= 0, got ${policy.minutes}`);
  }
  if (policy.clock === 'instant') return new Date(start.getTime() + Math.round(policy.minutes * 60_000));
  return addBusinessDuration(cal, start, policy.minutes);
}
