/**
 * Building blocks shared by the mapping file schemas. Checks that need only the value itself
 * (a real time zone, a real date) live here; checks against other files are cross-checks.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { isKnownHolidaySource } from '../../domain/calendar/holidays';
import { didYouMean, didYouMeanSuffix } from '../suggest';
import { INSURANCE_STATE, LICENSES, WEEKDAY_KEYS } from '../vocabulary';

/** Ids are what files use to refer to each other: lower-case, digits, underscores. */
export const id = (noun: string) =>
  z.string().regex(/^[a-z][a-z0-9_]*$/, `a lower-case ${noun} id (letters, digits and _), such as "downtown_denver"`).describe(noun);

export const label = z.string().trim().min(1);

/** A list where a single value may be written on its own: `branch: x` is `branch: [x]`. */
export const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null || Array.isArray(v) ? v : [v]), z.array(item).min(1));

/** A closed set of words with did-you-mean, for vocabularies too long or dynamic for z.enum. */
export const word = (noun: string, allowed: readonly string[], expected: string) =>
  z.string().superRefine((v, ctx) => {
    if (allowed.includes(v)) return;
    const suggestion = didYouMean(v, allowed);
    ctx.addIssue({
      code: 'custom',
      message: `unknown ${noun} "${v}"; expected ${expected}${didYouMeanSuffix(suggestion)}`,
      params: { code: 'bad_value', expected, ...(suggestion ? { suggestion } : {}) },
    });
  });

export const license = word('licence', LICENSES, 'NMLS, SERIES_6/7/63/65/66 or INSURANCE_<state> such as INSURANCE_NY');
export const productLicense = word('licence', [...LICENSES, INSURANCE_STATE], 'NMLS, SERIES_6/7/63/65/66, INSURANCE_<state> or INSURANCE_STATE (the lead\'s own state)');

const ZONES = Intl.supportedValuesOf('timeZone');

export const timeZone = z.string().superRefine((v, ctx) => {
  if (IANAZone.isValidZone(v)) return;
  const suggestion = didYouMean(v, ZONES);
  ctx.addIssue({
    code: 'custom',
    message: `unknown time zone "${v}"; expected an IANA zone such as America/New_York${didYouMeanSuffix(suggestion)}`,
    params: { code: 'bad_value', expected: 'an IANA time zone', ...(suggestion ? { suggestion } : {}) },
  });
});

/** `US` or `US-NY`: the date-holidays calendar whose public holidays close a branch. */
export const holidays = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'a holiday calendar such as "US" or "US-NY"')
  .superRefine((v, ctx) => {
    const [country = '', state] = v.split('-');
    if (!isKnownHolidaySource({ country, ...(state ? { state } : {}) })) {
      ctx.addIssue({ code: 'custom', message: `no holiday calendar is known for "${v}"; expected a country and state such as US-NY`, params: { code: 'bad_value' } });
    }
  })
  .transform((v) => {
    const [country = '', state] = v.split('-');
    return state ? { country, state } : { country };
  });

export const isoDate = z.string().superRefine((v, ctx) => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid) return;
  ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, found "${v}"`, params: { code: 'bad_value' } });
});

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/**
 * One day's opening hours: "09:00-17:00", a list of windows ("09:00-12:00", "13:00-17:00"), or
 * "closed". Parsed to [["09:00","17:00"], …], the shape domain/calendar reads.
 */
const dayHours = z
  .preprocess(
    (v) => (v === undefined || v === null || Array.isArray(v) ? v : [v]),
    z.array(z.string().superRefine((w, ctx) => {
      if (w === 'closed') return;
      const m = WINDOW.exec(w);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `expected opening hours "HH:MM-HH:MM" (24-hour) or "closed", found "${w}"`, params: { code: 'bad_value' } });
      } else if ((w.slice(6) === '24:00' ? '24:00' : w.slice(6)) <= w.slice(0, 5)) {
        ctx.addIssue({ code: 'custom', message: `closes at ${w.slice(6)}, not after it opens at ${w.slice(0, 5)}`, params: { code: 'bad_value' } });
      }
    })),
  )
  .transform((ws) => ws.filter((w) => w !== 'closed').map((w) => [w.slice(0, 5), w.slice(6)] as [string, string]));

export const weekHours = z.object(Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, dayHours.optional()])) as Record<(typeof WEEKDAY_KEYS)[number], z.ZodOptional<typeof dayHours>>).strict();

export type WeekHours = z.output<typeof weekHours>;
