/** roster.yaml: branches, the people leads are routed to, and the Salesforce queues behind them. */
import { z } from 'zod';
import { RM_ROLES, US_STATES } from '../vocabulary';
import { holidays, id, isoDate, label, license, timeZone, weekHours } from './common';

const displayNames = new Intl.DisplayNames(['en'], { type: 'language' });

export const language = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'an ISO 639 language code such as en, es or zh')
  .superRefine((v, ctx) => {
    if (displayNames.of(v) !== v) return;
    ctx.addIssue({ code: 'custom', message: `unknown language code "${v}"; expected an ISO 639 code such as en, es or zh`, params: { code: 'bad_value' } });
  });

export const usState = z.enum(US_STATES).describe('US state');

const address = z
  .object({
    street: label,
    city: label,
    state: usState,
    zip: z.string().regex(/^\d{5}$/, 'a 5-digit ZIP code in quotes, such as "02110"'),
  })
  .strict();

export const branchSchema = z
  .object({
    id: id('branch'),
    name: label,
    address,
    time_zone: timeZone,
    hours: weekHours,
    holidays,
    /** Local dates the branch is closed all day beyond its holidays (a renovation, a storm day). */
    closed_dates: z.array(isoDate).default([]),
  })
  .strict();

const outOfOffice = z.object({ from: isoDate, to: isoDate, note: z.string().optional() }).strict();

export const rmSchema = z
  .object({
    id: id('RM'),
    name: label,
    salesforce_username: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'a Salesforce username, which looks like an email address'),
    /** Home branch (its hours, time zone and holidays apply); inside-sales reps name a queue instead. */
    branch: id('branch').optional(),
    queue: id('queue').optional(),
    role: z.enum(RM_ROLES).describe('role'),
    licenses: z.array(license).default([]),
    skills: z.array(id('skill')).default([]),
    languages: z.array(language).min(1).default(['en']),
    segments: z.array(id('segment')).min(1),
    /** Most open (routed or accepted, not yet worked) leads at once. */
    capacity: z.number().int().positive(),
    hours: weekHours.optional(),
    out_of_office: z.array(outOfOffice).default([]),
    active: z.boolean().default(true),
  })
  .strict();

export const queueSchema = z
  .object({
    id: id('queue'),
    name: label,
    salesforce_queue: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a Salesforce queue developer name such as Inside_Sales'),
    time_zone: timeZone,
    hours: weekHours,
    holidays,
  })
  .strict();

export const rosterFileSchema = z
  .object({
    /** How a holiday on a Saturday is observed: the Fed's rule (not at all) or the Friday before. */
    saturday_holidays: z.enum(['federal_reserve', 'previous_friday']).describe('Saturday holiday rule').default('federal_reserve'),
    skills: z.array(id('skill')).min(1),
    branches: z.array(branchSchema).min(1),
    queues: z.array(queueSchema).min(1),
    rms: z.array(rmSchema).min(1),
  })
  .strict();

export type Branch = z.output<typeof branchSchema>;
export type Rm = z.output<typeof rmSchema>;
export type Queue = z.output<typeof queueSchema>;
export type RosterConfig = z.output<typeof rosterFileSchema>;
export type RmRole = (typeof RM_ROLES)[number];
