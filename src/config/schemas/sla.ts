/**
 * sla.yaml: how fast an owner must accept, first touch and book an appointment, per product,
 * segment and priority; what happens on a breach; who the manager is that hears about it.
 */
import { z } from 'zod';
import { id, label } from './common';
import { businessDuration } from './duration';
import { factConditions } from './facts';

export const SLA_CLOCKS = ['business', 'working', 'instant'] as const;
export const AWAY_POLICIES = ['hold', 'reassign'] as const;
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;

const settings = {
  /** business: the owner's branch (or queue) hours; working: the owner's own hours and leave; instant: wall time. */
  clock: z.enum(SLA_CLOCKS).describe('SLA clock').optional(),
  /** How long before each deadline the warning fires (same clock). */
  warn_before: businessDuration.optional(),
  /** Accept-by breaches reassign to the next eligible owner until this many reassignments; then the fallback queue. */
  max_reassignments: z.number().int().min(0).optional(),
  /** The only eligible owner is away: keep the lead for them (hold) or give it to someone else (reassign). */
  when_owner_away: z.enum(AWAY_POLICIES).describe('away policy').optional(),
  /** An owner who lets this many leads breach in a row leaves the rotation until a manager restores them. */
  breach_streak_limit: z.number().int().positive().optional(),
  notify_manager: z.boolean().optional(),
};

export const slaDefaultsSchema = z
  .object({
    clock: settings.clock.unwrap().default('business'),
    warn_before: businessDuration.default('30m'),
    max_reassignments: z.number().int().min(0).default(2),
    when_owner_away: z.enum(AWAY_POLICIES).describe('away policy').default('reassign'),
    breach_streak_limit: z.number().int().positive().default(3),
    notify_manager: z.boolean().default(true),
  })
  .strict();

export const prioritySchema = z
  .object({
    name: id('priority'),
    /** Leave out on the last priority: it is the default. */
    when: factConditions.optional(),
    /** Priority of the Salesforce Task the owner gets. */
    task_priority: z.enum(TASK_PRIORITIES).describe('Task priority').default('Normal'),
  })
  .strict();

export const policySchema = z
  .object({
    name: id('policy'),
    description: z.string().optional(),
    /** product, product_family, segment, kind, priority…; leave out for a catch-all. */
    when: factConditions.default({}),
    accept_within: businessDuration,
    first_touch_within: businessDuration,
    appointment_within: businessDuration,
    ...settings,
  })
  .strict();

const manager = z.object({ name: label, salesforce_username: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'a Salesforce username, which looks like an email address') }).strict();

export const slaFileSchema = z
  .object({
    defaults: slaDefaultsSchema.default({}),
    priorities: z.array(prioritySchema).min(1),
    /** First match wins; end with a policy without `when`. */
    policies: z.array(policySchema).min(1),
    managers: z
      .object({
        default: manager,
        branches: z.record(z.string(), manager).default({}),
        queues: z.record(z.string(), manager).default({}),
      })
      .strict(),
  })
  .strict();

export type SlaConfig = z.output<typeof slaFileSchema>;
export type SlaPolicyConfig = z.output<typeof policySchema>;
export type SlaPriority = z.output<typeof prioritySchema>;
export type SlaDefaults = z.output<typeof slaDefaultsSchema>;
export type SlaClockKind = (typeof SLA_CLOCKS)[number];
export type Manager = z.output<typeof manager>;
