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

/** A User field's API name: standard (Title) or custom (Handoff_Branch__c). */
const userField = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a Salesforce User field API name such as Handoff_Branch__c').describe('User field');

/**
 * The roster's optional Salesforce part: active Users whose `match` field holds `match.equals`
 * are RMs, their attributes read from the User fields `fields` names. Routing reads the merged
 * roster (src/domain/roster-merge.ts); the YAML stays the source of branches, queues and skills.
 */
export const fromSalesforceSchema = z
  .object({
    enabled: z.boolean().default(false),
    match: z
      .object({
        field: userField,
        equals: z.union([z.boolean(), z.string().min(1), z.number()]).default(true),
      })
      .strict(),
    /**
     * override: for a username in both, the User's mapped fields replace the YAML entry's (the rest,
     * such as hours and name, stay the YAML's); add_only: Salesforce only adds RMs the YAML lacks.
     */
    mode: z.enum(['override', 'add_only']).describe('from_salesforce mode').default('override'),
    fields: z
      .object({
        /** Holds the RM id; without it a Salesforce-only RM's id comes from the username (first.last@… → first_last). */
        id: userField.optional(),
        branch: userField.optional(),
        queue: userField.optional(),
        role: userField,
        licenses: userField.optional(),
        skills: userField.optional(),
        languages: userField.optional(),
        segments: userField,
        capacity: userField,
        out_of_office_until: userField.optional(),
      })
      .strict()
      .refine((f) => f.branch !== undefined || f.queue !== undefined, { message: 'name the User field of the branch, of the queue, or both: an RM needs a home' }),
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
    from_salesforce: fromSalesforceSchema.optional(),
  })
  .strict();

export type Branch = z.output<typeof branchSchema>;
/** Where a roster entry came from when not (only) roster.yaml: the merge sets it, YAML cannot. */
export interface RmOrigin {
  from: 'salesforce';
  /** The Salesforce User the entry was read from. */
  userId: string;
  /** added: only Salesforce has them; overridden: the User's fields replaced the YAML entry's. */
  kind: 'added' | 'overridden';
}
export type Rm = z.output<typeof rmSchema> & { origin?: RmOrigin };
export type FromSalesforce = z.output<typeof fromSalesforceSchema>;
export type Queue = z.output<typeof queueSchema>;
/** rms carry an origin once merged with Salesforce (src/domain/roster-merge.ts). */
export type RosterConfig = Omit<z.output<typeof rosterFileSchema>, 'rms'> & { rms: Rm[] };
export type RmRole = (typeof RM_ROLES)[number];
