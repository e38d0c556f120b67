/**
 * Bank holidays from date-holidays, reduced to "is this local date closed, and why".
 *
 * We count the types 'public' and 'bank' only: date-holidays also lists observances (Valentine's
 * Day, the day after Thanksgiving) and optional days (Christmas Eve) on which banks are open.
 * For the US without a state that is exactly the eleven federal holidays the Federal Reserve
 * observes; a state adds its own public holidays. Lookups are cached per
 * (country, state, year, Saturday rule): the engine asks about the same few dates all day.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { HolidaySource } from './types';

const COUNTED_TYPES = new Set(['public', 'bank']);

const engines = new Map<string, Holidays>();
const byYear = new Map<string, ReadonlyMap<string, string>>();

function engineFor(country: string, state: string | undefined): Holidays {
  const key = `${country}|${state ?? ''}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = state ? new Holidays(country, state) : new Holidays(country);
    engines.set(key, engine);
  }
  return engine;
}

/** True when date-holidays knows the country (and state, if given). */
export function isKnownHolidaySource(source: HolidaySource): boolean {
  const probe = new Holidays();
  const countries = probe.getCountries() as Record<string, string> | undefined;
  if (!countries || !(source.country in countries)) return false;
  if (source.state === undefined) return true;
  const states = probe.getStates(source.country) as Record<string, string> | undefined;
  return !!states && source.state in states;
}

function holidaysOfYear(source: HolidaySource, year: number): ReadonlyMap<string, string> {
  const rule = source.saturdayRule ?? 'federal_reserve';
  const key = `${source.country}|${source.state ?? ''}|${year}|${rule}`;
  const cached = byYear.get(key);
  if (cached) return cached;

  const engine = engineFor(source.country, source.state);
  const dates = new Map<string, string>();
  // A substitute day can land in the neighbouring year (Saturday 1 January is observed on
  // 31 December under the OPM rule), so read the years on both sides and keep this year's dates.
  for (const y of [year - 1, year, year + 1]) {
    for (const h of engine.getHolidays(y)) {
      if (!COUNTED_TYPES.has(h.type)) continue;
      const iso = h.date.slice(0, 10);
      if (!iso.startsWith(String(year))) continue;
      if (rule === 'federal_reserve' && h.substitute && DateTime.fromISO(iso).weekday === 5) continue;
      if (!dates.has(iso)) dates.set(iso, h.name);
    }
  }
  byYear.set(key, dates);
  return dates;
}

/** The holiday's name when the local date 'YYYY-MM-DD' is a counted holiday, else null. */
export function holidayOn(source: HolidaySource, isoDate: string): string | null {
  const year = Number(isoDate.slice(0, 4));
  return holidaysOfYear(source, year).get(isoDate) ?? null;
}
