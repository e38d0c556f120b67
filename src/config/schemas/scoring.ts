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

export const signalRuleSchema = z
  .object({
    /** The signal name the engine records (from HubSpot events, the events API…). */
    signal: id('signal'),
    points,
    /** Points halve every this many days; leave out for no decay. */
    half_life_days: halfLife,
    /** Most points this signal can add however often it happens. */
    max_points: z.number().positive().optional(),
  })
  .strict();

export const lifeEventSchema = z
  .object({
    event: id('life event'),
    points,
    half_life_days: halfLife,
    /** Products this event suggests (next-best-offer and segmentation). */
    products: z.array(id('product')).default([]),
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
