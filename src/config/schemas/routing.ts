/**
 * routing.yaml: ordered rules, the first whose conditions match and whose pool has someone
 * available wins; a lead no rule places goes to the fallback queue.
 */
import { z } from 'zod';
import { INSURANCE_STATE, LICENSES, RM_ROLES } from '../vocabulary';
import { id, listOf, word } from './common';
import { language, usState } from './roster';

/** The lead facts a condition can test, and the kind of value each holds. */
export const ROUTING_FIELDS = {
  product: 'string',
  product_family: 'string',
  segment: 'string',
  kind: 'string',
  lead_state: 'string',
  state: 'string',
  zip: 'string',
  referral_source: 'string',
  language: 'string',
  score: 'number',
  attempt: 'number',
  existing_customer: 'boolean',
} as const;
export type RoutingField = keyof typeof ROUTING_FIELDS;

export const STRATEGIES = ['round_robin', 'weighted', 'least_loaded'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** `product: mortgage` is `{ eq: mortgage }`, `product: [a, b]` is `{ in: [a, b] }`. */
function shorthand(v: unknown): unknown {
  if (v === null) return {};
  if (Array.isArray(v)) return { in: v };
  if (typeof v === 'object') return v;
  return { eq: v };
}

export const conditionSchema = z.preprocess(
  shorthand,
  z
    .object({
      eq: scalar.optional(),
      ne: scalar.optional(),
      in: z.array(scalar).min(1).optional(),
      not_in: z.array(scalar).min(1).optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      exists: z.boolean().optional(),
      matches: z.string().optional(),
    })
    .strict()
    .describe('operator')
    .superRefine((c, ctx) => {
      if (Object.keys(c).length === 0) {
        ctx.addIssue({ code: 'custom', message: 'needs a value or an operator, such as mortgage, [mortgage, heloc] or { gte: 60 }', params: { code: 'bad_condition' } });
      }
    }),
);

export const whenSchema = z
  .object(Object.fromEntries(Object.keys(ROUTING_FIELDS).map((f) => [f, conditionSchema.optional()])) as Record<RoutingField, z.ZodOptional<typeof conditionSchema>>)
  .strict()
  .describe('routing field');

export const poolSchema = z
  .object({
    /** The RM who already owns the customer in Salesforce. */
    existing_owner: z.literal(true).optional(),
    /** A Salesforce queue from roster.yaml instead of a person. */
    queue: id('queue').optional(),
    branch: listOf(id('branch')).optional(),
    role: listOf(z.enum(RM_ROLES).describe('role')).optional(),
    license: listOf(word('licence', [...LICENSES, INSURANCE_STATE], 'NMLS, SERIES_7, INSURANCE_<state> or INSURANCE_STATE')).optional(),
    /** Only RMs holding a licence the lead's product requires (products.yaml required_licenses). */
    licensed_for_product: z.boolean().optional(),
    skill: listOf(id('skill')).optional(),
    language: listOf(language).optional(),
    /** Only RMs who speak the lead's preferred language. */
    match_language: z.boolean().optional(),
    segment: listOf(id('segment')).optional(),
    /** Only RMs of the branches nearest the lead's ZIP. */
    nearest_branches: z
      .object({ radius_miles: z.number().positive(), max: z.number().int().positive().default(3) })
      .strict()
      .optional(),
    /** Only RMs of the branch a branch referral came from (referral_source "branch:<id>"). */
    referral_branch: z.literal(true).optional(),
    /** Only RMs whose home branch lies in any of these states, ZIPs (5 digits or a 3-digit prefix) or regions. */
    territory: z
      .object({
        states: listOf(usState).optional(),
        zips: listOf(z.string().regex(/^\d{3}(\d{2})?$/, 'a 5-digit ZIP or a 3-digit ZIP prefix, in quotes: "100" or "10017"')).optional(),
        regions: listOf(id('region')).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ruleSchema = z
  .object({
    name: id('rule'),
    description: z.string().optional(),
    when: whenSchema.default({}),
    pool: poolSchema,
    strategy: z.enum(STRATEGIES).describe('strategy').default('round_robin'),
    /** For `weighted`: RM id → relative share (RMs not listed get 1). */
    weights: z.record(z.string(), z.number().positive()).optional(),
  })
  .strict();

export const routingFileSchema = z
  .object({
    fallback_queue: id('queue'),
    /** Named groups of states for pool territories: `northeast: [NY, NJ, CT]`. */
    regions: z.record(z.string(), listOf(usState)).default({}),
    /**
     * "Available" means working now or from when the home branch (or queue) next opens, give or
     * take this grace: someone on leave or off for the day is passed over, a night lead is not.
     */
    availability: z.object({ grace_minutes: z.number().int().min(0).default(60) }).strict().default({}),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

export type Condition = z.output<typeof conditionSchema>;
export type Pool = z.output<typeof poolSchema>;
export type RoutingRule = z.output<typeof ruleSchema>;
export type RoutingConfig = z.output<typeof routingFileSchema>;
export type Strategy = (typeof STRATEGIES)[number];
