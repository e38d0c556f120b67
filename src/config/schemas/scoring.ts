/**
 * scoring.yaml: fit, behaviour and intent points, each engagement signal fading with a
 * half-life; life events that add points and suggest products; the MQL threshold readiness uses.
 */
import { z } from 'zod';
import { id } from './common';
import { factConditions } from './facts';

const points = z.number().refine((n) => n !== 0 && Number.isFinite(n), 'points must be a number other than 0');
const halfLife = z.number().positive().optional();

export const fitRuleSchema = z
  .object({
    name: id('fit rule'),
    /** Conditions on the lead (segment, product, state, canonical fields…), all of which must hold. */
    when: factConditions,
    points,
  })
  .strict();

/**
 * Where a signal is read from the lead's own data: HubSpot contact properties, by their canonical
 * fields.yaml names. "It happened at <field>, <count_field> times" (one time without a count),
 * and only when `when` holds, e.g. the last conversion's name matching "Webinar".
 */
export const signalSourceSchema = z
  .object({
    /** A date or datetime field: when the signal last happened. */
    field: id('field'),
    /** A number field: how many times it happened (all counted at `field`'s date). */
    count_field: id('field').optional(),
    /** Conditions on the lead, all of which must hold, as in fit rules. */
    when: factConditions.optional(),
  })
  .strict();

export const signalRuleSchema = z
  .object({
    /** The signal name the engine records (from the events API) and the score explains. */
    signal: id('signal'),
    points,
    /** Points halve every this many days; leave out for no decay. */
    half_life_days: halfLife,
    /** Most points this signal can add however often it happens. */
    max_points: z.number().positive().optional(),
    /** Also read it from contact fields (see signalSourceSchema). */
    from: signalSourceSchema.optional(),
  })
  .strict();

export const lifeEventSchema = z
  .object({
    event: id('life event'),
    points,
    half_life_days: halfLife,
    /** Products this event suggests (next-best-offer and segmentation). */
    products: z.array(id('product')).default([]),
    /** Also read it from contact fields; a count_field makes no difference (it counts once). */
    from: signalSourceSchema.optional(),
  })
  .strict();

export const scoringFileSchema = z
  .object({
    /** A lead of kind `lead` is marketing-qualified at or above this total (0–100). */
    mql_threshold: z.number().min(0).max(100),
    fit: z.array(fitRuleSchema).default([]),
    behavior: z.array(signalRuleSchema).default([]),
    intent: z.array(signalRuleSchema).default([]),
    life_events: z.array(lifeEventSchema).default([]),
  })
  .strict();

export type ScoringConfig = z.output<typeof scoringFileSchema>;
export type FitRule = z.output<typeof fitRuleSchema>;
export type SignalRule = z.output<typeof signalRuleSchema>;
export type LifeEventRule = z.output<typeof lifeEventSchema>;
export type SignalSource = z.output<typeof signalSourceSchema>;
