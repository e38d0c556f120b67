/** The Salesforce REST shapes Handoff reads (API-FACTS B2–B7), checked at the edge. */
import { z } from 'zod';

export const saveError = z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).optional() }).passthrough();

export const saveResult = z
  .object({
    id: z.string().nullish(),
    success: z.boolean(),
    created: z.boolean().optional(),
    errors: z.array(saveError),
  })
  .passthrough();
export type SaveResult = z.infer<typeof saveResult>;

export const saveResults = z.array(saveResult);

export const sfRecord = z.object({ Id: z.string().optional() }).passthrough();
export type SfRow = z.infer<typeof sfRecord>;

export const queryResult = z
  .object({
    totalSize: z.number().int().nonnegative(),
    done: z.boolean(),
    nextRecordsUrl: z.string().optional(),
    records: z.array(sfRecord),
  })
  .passthrough();

/** A row of a change query: the keyset fields must be there. */
export const changedRow = z.object({ Id: z.string().min(15), SystemModstamp: z.string().min(1) }).passthrough();
export type ChangedRow = z.infer<typeof changedRow>;

export const limitsResult = z.object({ DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }).passthrough() }).passthrough();

const picklistValue = z.object({ value: z.string(), label: z.string().nullish(), active: z.boolean().optional(), defaultValue: z.boolean().optional() }).passthrough();

export const describeField = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    nillable: z.boolean().optional(),
    createable: z.boolean().optional(),
    updateable: z.boolean().optional(),
    defaultedOnCreate: z.boolean().optional(),
    externalId: z.boolean().optional(),
    custom: z.boolean().optional(),
    length: z.number().optional(),
    restrictedPicklist: z.boolean().optional(),
    picklistValues: z.array(picklistValue).optional(),
  })
  .passthrough();

export const describeResult = z
  .object({ name: z.string(), label: z.string(), keyPrefix: z.string().nullish(), fields: z.array(describeField) })
  .passthrough();
export type SObjectDescribe = z.infer<typeof describeResult>;

/** The identity service's answer (B1): who the session's user is. */
export const identityResult = z
  .object({ user_id: z.string().min(1), organization_id: z.string().min(1), active: z.boolean().optional(), user_type: z.string().optional() })
  .passthrough();

/** GET /services/data: the API versions the instance serves. */
export const versionsResult = z.array(z.object({ version: z.string() }).passthrough());
