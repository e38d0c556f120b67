/**
 * statuses.yaml: how each canonical lead state is written OUT to HubSpot and Salesforce, and how
 * values read IN from them move a lead. Every value is checked against what that system knows.
 */
import { z } from 'zod';
import {
  HUBSPOT_HANDOFF_STATUSES,
  HUBSPOT_LEAD_STATUSES,
  HUBSPOT_LIFECYCLE_STAGES,
  LEAD_STATES,
  SALESFORCE_CONVERTED_STATUSES,
  SALESFORCE_HANDOFF_STATUSES,
  SALESFORCE_LEAD_STATUSES,
} from '../vocabulary';
import { label } from './common';

const stateRef = z.enum(LEAD_STATES as [string, ...string[]]).describe('lead state');

/** An object whose keys are a closed set of words, each optional: unknown keys get a did-you-mean. */
const keyedBy = <T extends z.ZodTypeAny>(keys: readonly string[], value: T, noun: string) =>
  z
    .object(Object.fromEntries(keys.map((k) => [k, value.optional()])) as Record<string, z.ZodOptional<T>>)
    .strict()
    .describe(noun);

const emptyIsNothing = (v: unknown): unknown => (v === null ? {} : v);

const hubspotOut = z
  .object({
    lifecyclestage: z.enum(HUBSPOT_LIFECYCLE_STAGES).describe('HubSpot lifecycle stage').optional(),
    hs_lead_status: z.enum(HUBSPOT_LEAD_STATUSES).describe('HubSpot lead status').optional(),
    handoff_status: z.enum(HUBSPOT_HANDOFF_STATUSES).describe('handoff_status option').optional(),
  })
  .strict();

const salesforceOut = z
  .object({
    Status: z
      .enum(SALESFORCE_LEAD_STATUSES)
      .describe('Salesforce Lead Status')
      .superRefine((v, ctx) => {
        if (SALESFORCE_CONVERTED_STATUSES.includes(v)) {
          ctx.addIssue({ code: 'custom', message: `"${v}" is set by converting the Lead in Salesforce; Handoff cannot write it`, params: { code: 'bad_value' } });
        }
      })
      .optional(),
    Handoff_Status__c: z.enum(SALESFORCE_HANDOFF_STATUSES).describe('Handoff_Status__c value').optional(),
  })
  .strict();

const stateOut = z.preprocess(
  emptyIsNothing,
  z
    .object({
      hubspot: z.preprocess(emptyIsNothing, hubspotOut).default({}),
      salesforce: z.preprocess(emptyIsNothing, salesforceOut).default({}),
    })
    .strict(),
);

export const statusesFileSchema = z
  .object({
    /** The org's Opportunity StageName values Handoff reads (the bank's pipeline). */
    opportunity_stages: z.array(label).min(1),
    outbound: z
      .object(Object.fromEntries(LEAD_STATES.map((s) => [s, stateOut])) as Record<string, typeof stateOut>)
      .strict()
      .describe('lead state'),
    inbound: z
      .object({
        hubspot: z
          .object({
            lifecyclestage: keyedBy(HUBSPOT_LIFECYCLE_STAGES, stateRef, 'HubSpot lifecycle stage').default({}),
            hs_lead_status: keyedBy(HUBSPOT_LEAD_STATUSES, stateRef, 'HubSpot lead status').default({}),
          })
          .strict()
          .default({}),
        salesforce: z
          .object({
            Lead: z
              .object({
                Status: keyedBy(SALESFORCE_LEAD_STATUSES, stateRef, 'Salesforce Lead Status').default({}),
                Handoff_Status__c: keyedBy(SALESFORCE_HANDOFF_STATUSES, stateRef, 'Handoff_Status__c value').default({}),
              })
              .strict()
              .default({}),
            Opportunity: z
              .object({ StageName: z.record(z.string(), stateRef).default({}) })
              .strict()
              .default({}),
          })
          .strict()
          .default({}),
      })
      .strict(),
  })
  .strict();

export type StatusesConfig = z.output<typeof statusesFileSchema>;
export type StateOutbound = StatusesConfig['outbound'][string];
