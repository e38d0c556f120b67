/**
 * recycle.yaml: what happens to a lead an owner returns, per return reason (the Return_Reason__c
 * values): back to marketing with a lifecycle stage, lead status and nurture list, a cooldown
 * before it may be handed off again, and a cap on how often that can happen.
 */
import { z } from 'zod';
import { RETURN_REASON_VALUES } from '../../connectors/handoff-schema';
import { HUBSPOT_LEAD_STATUSES, HUBSPOT_LIFECYCLE_STAGES } from '../vocabulary';
import { label } from './common';
import { wallDuration } from './duration';

export const RECYCLE_ACTIONS = ['recycle', 'reroute', 'disqualify', 'close'] as const;
export const TERMINAL_AFTER_CAP = ['closed_lost', 'disqualified'] as const;

export const RETURN_REASONS: readonly string[] = RETURN_REASON_VALUES.map((v) => v.value);

export const reasonPolicySchema = z
  .object({
    /**
     * recycle: back to marketing (nurture, cooldown); reroute: it went to the wrong person, route
     * again without them; disqualify / close: end it (disqualified / closed_lost).
     */
    action: z.enum(RECYCLE_ACTIONS).describe('recycle action').optional(),
    hubspot: z
      .object({
        lifecyclestage: z.enum(HUBSPOT_LIFECYCLE_STAGES).describe('HubSpot lifecycle stage').optional(),
        hs_lead_status: z.enum(HUBSPOT_LEAD_STATUSES).describe('HubSpot lead status').optional(),
      })
      .strict()
      .optional(),
    /** The HubSpot list (a nurture program) to add the contact to, by name. */
    list: label.optional(),
    cooldown: wallDuration.optional(),
  })
  .strict();

export const recycleFileSchema = z
  .object({
    /** Recycles per lead before it ends for good. */
    max_recycles: z.number().int().min(0),
    after_cap: z.enum(TERMINAL_AFTER_CAP).describe('final state').default('closed_lost'),
    /** Applies to every reason, and to reasons not listed below. */
    default: reasonPolicySchema
      .extend({ action: z.enum(RECYCLE_ACTIONS).describe('recycle action').default('recycle'), cooldown: wallDuration })
      .strict(),
    /** Keyed by the Return_Reason__c values Salesforce offers the RM. */
    reasons: z
      .object(Object.fromEntries(RETURN_REASONS.map((r) => [r, reasonPolicySchema.optional()])) as Record<string, z.ZodOptional<typeof reasonPolicySchema>>)
      .strict()
      .describe('return reason')
      .default({}),
  })
  .strict();

export type RecycleConfig = z.output<typeof recycleFileSchema>;
export type ReasonPolicy = z.output<typeof reasonPolicySchema>;
export type RecycleAction = (typeof RECYCLE_ACTIONS)[number];
