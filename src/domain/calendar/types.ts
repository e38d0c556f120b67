/**
 * The plain-data shape of a business calendar. The YAML layer builds one of these per branch,
 * team or person; nothing here knows about files.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock times "HH:MM"; the end may be "24:00" (midnight that ends the day). */
export type OpeningWindow = readonly [start: string, end: string];

/**
 * How a holiday that falls on a Saturday is observed.
 * - `federal_reserve` (default): not observed; Federal Reserve Banks stay open the Friday before,
 *   and most US banks follow the Fed's calendar. Sunday holidays move to Monday either way.
 * - `previous_friday`: the federal-government (OPM) rule, closed the Friday before.
 */
export type SaturdayHolidayRule = 'federal_reserve' | 'previous_friday';

export interface HolidaySource {
  /** ISO 3166-1 country code known to date-holidays, e.g. 'US'. */
  country: string;
  /** State code, e.g. 'NY'. Adds that state's public holidays; omit for the Fed's calendar alone. */
  state?: string;
  saturdayRule?: SaturdayHolidayRule;
}

export interface OutOfOffice {
  /**
   * A Date, an ISO date-time (with an offset, or read in the calendar's zone), or a date
   * 'YYYY-MM-DD' meaning that whole local day. `to` is exclusive for date-times and inclusive
   * for dates ("out 2026-07-06 to 2026-07-10" is the whole week).
   */
  from: Date | string;
  to: Date | string;
}

export interface CalendarSpec {
  /** IANA zone, e.g. 'America/New_York'. Opening hours are read in it. */
  timeZone: string;
  hours: Partial<Record<Weekday, readonly OpeningWindow[]>>;
  holidays: HolidaySource | null;
  /** Local dates 'YYYY-MM-DD' the calendar is closed all day (a branch closure, a storm day). */
  extraClosedDates?: readonly string[];
  outOfOffice?: readonly OutOfOffice[];
}

/** A problem in a CalendarSpec, as data so the config layer can point at file:line. */
export interface CalendarProblem {
  path: string;
  message: string;
}

/** Open time of one local day as [start, end) epoch milliseconds, sorted and disjoint. */
export type OpenInterval = readonly [startMs: number, endMs: number];

export interface BusinessCalendar {
  readonly timeZone: string;
  readonly spec: CalendarSpec;
  /** The open intervals of a local date 'YYYY-MM-DD' (cached). */
  openIntervalsOn(isoDate: string): readonly OpenInterval[];
  /** Why a date is closed all day, for explanations: a holiday's name, 'closed date', or null. */
  closureOn(isoDate: string): string | null;
}
