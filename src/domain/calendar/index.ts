export * from './types';
export { buildCalendar, checkCalendarSpec } from './build';
export { holidayOn } from './holidays';
export { addBusinessDuration, businessMinutesBetween, isOpen, nextOpening } from './business-time';
export { dueAt } from './sla-due';
export type { SlaClock, SlaClockPolicy } from './sla-due';
