/**
 * The HubSpot wire shapes Handoff reads (API-FACTS A2–A5), checked at the edge. Only what the
 * connector uses is required; everything else passes through, as HubSpot says to treat fields as
 * optional and adds new ones freely.
 */
import { z } from 'zod';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date');

export const simplePublicObject = z
  .object({
    id: z.string().min(1),
    properties: z.record(z.string().nullable()),
    createdAt: isoDate.optional(),
    updatedAt: isoDate.optional(),
    archived: z.boolean().optional(),
    objectWriteTraceId: z.string().optional(),
    new: z.boolean().optional(),
  })
  .passthrough();
export type WireObject = z.infer<typeof simplePublicObject>;

export const standardError = z
  .object({
    status: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.string().optional(),
    message: z.string().optional(),
    context: z.record(z.array(z.string())).optional(),
    errors: z.array(z.object({ message: z.string().optional(), code: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();
export type WireStandardError = z.infer<typeof standardError>;

export const batchResponse = z
  .object({
    status: z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']),
    results: z.array(simplePublicObject),
    numErrors: z.number().int().optional(),
    errors: z.array(standardError).optional(),
  })
  .passthrough();
export type WireBatchResponse = z.infer<typeof batchResponse>;

export const searchResponse = z
  .object({
    total: z.number().int().nonnegative(),
    results: z.array(simplePublicObject),
    paging: z.object({ next: z.object({ after: z.string() }).passthrough().optional() }).passthrough().optional(),
  })
  .passthrough();

export const propertyOption = z.object({ label: z.string(), value: z.string() }).passthrough();

export const property = z
  .object({
    name: z.string().min(1),
    label: z.string(),
    type: z.string(),
    fieldType: z.string(),
    groupName: z.string().optional(),
    options: z.array(propertyOption).optional(),
    hubspotDefined: z.boolean().optional(),
    hasUniqueValue: z.boolean().optional(),
  })
  .passthrough();
export type WireProperty = z.infer<typeof property>;

export const propertyList = z.object({ results: z.array(property) }).passthrough();
export const propertyGroup = z.object({ name: z.string().min(1), label: z.string() }).passthrough();

const listBody = z.object({ listId: z.string().min(1), name: z.string(), processingType: z.string().optional() }).passthrough();
export const listEnvelope = z.object({ list: listBody }).passthrough();

// HubSpot's own typo is the documented key (A5); some observers report the corrected one too.
export const membershipsUpdate = z
  .object({
    recordsIdsAdded: z.array(z.string()).optional(),
    recordIdsAdded: z.array(z.string()).optional(),
    recordIdsRemoved: z.array(z.string()).optional(),
    recordIdsMissing: z.array(z.string()).optional(),
  })
  .passthrough();
export type WireMembershipsUpdate = z.infer<typeof membershipsUpdate>;

// Communication Preferences v3 (the SDK's SubscriptionDefinition and PublicSubscriptionStatus).
const subscriptionDefinition = z.object({ id: z.string().min(1), name: z.string(), isActive: z.boolean().optional(), isInternal: z.boolean().optional() }).passthrough();
export const subscriptionDefinitions = z.object({ subscriptionDefinitions: z.array(subscriptionDefinition) }).passthrough();

/** Status is SUBSCRIBED or NOT_SUBSCRIBED in the SDK's model; kept a string so a new value is not a broken body. */
export const subscriptionStatus = z.object({ id: z.string().min(1), status: z.string().min(1), sourceOfStatus: z.string().optional() }).passthrough();
export const subscriptionStatuses = z.object({ recipient: z.string().optional(), subscriptionStatuses: z.array(subscriptionStatus) }).passthrough();
