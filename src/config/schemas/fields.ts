/**
 * fields.yaml: which HubSpot contact property feeds which Salesforce Lead field, who wins a
 * conflict (the sync rule) and how values are cleaned on the way (transforms).
 */
import { z } from 'zod';
import { id, label } from './common';

export const FIELD_TYPES = ['text', 'textarea', 'email', 'phone', 'picklist', 'checkbox', 'number', 'date', 'datetime'] as const;
/** The native HubSpot–Salesforce connector's rules ("crm" is Salesforce, "map" is HubSpot). */
export const SYNC_RULES = ['prefer_crm', 'prefer_map', 'crm_unless_blank', 'two_way', 'none'] as const;
export const TRANSFORMS = ['trim', 'lowercase', 'uppercase', 'titlecase', 'e164', 'date', 'datetime'] as const;
export const CATALOGUES = ['products', 'segments'] as const;

export const fieldSchema = z
  .object({
    /** Canonical name the engine, readiness rules and routing conditions use. */
    name: id('field'),
    label: label.optional(),
    hubspot: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a HubSpot property internal name (lower-case letters, digits and _)'),
    /**
     * Lead field API name. Left out only with `sync: none`: a HubSpot property read for decisions
     * (scoring's engagement signals) that has no place in Salesforce and is never written there.
     */
    salesforce: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a Salesforce field API name such as Email or Segment__c').optional(),
    type: z.enum(FIELD_TYPES).describe('field type'),
    sync: z.enum(SYNC_RULES).describe('sync rule'),
    transforms: z.array(z.enum(TRANSFORMS).describe('transform')).default([]),
    /** Picklist values, HubSpot value → Salesforce value. */
    values: z.record(z.string(), z.string()).optional(),
    /** Picklist values taken from a catalogue's hubspot_value → salesforce_value. */
    values_from: z.enum(CATALOGUES).describe('catalogue').optional(),
    /** With the `date` transform, when the HubSpot side is text in this luxon format (e.g. MM/dd/yyyy). */
    hubspot_date_format: z.string().min(1).optional(),
    /** Templates tried in order when Salesforce needs a value and the mapped one is blank. */
    when_blank: z.array(z.string().min(1)).min(1).optional(),
    required_for_handoff: z.boolean().default(false),
    /** Consent flags are monotonic: a revocation in either system wins any conflict. */
    consent: z.enum(['opt_out', 'opt_in']).describe('consent kind').optional(),
    /**
     * The email opt-out (hs_email_optout) only: the HubSpot subscription type ids an opt-out made
     * in Salesforce unsubscribes the contact from. Left out: every subscription type the portal has.
     */
    unsubscribe_from: z.array(z.union([z.string().regex(/^\d+$/, 'a subscription type id such as 7736001'), z.number().int().nonnegative()]).transform(String)).min(1).optional(),
    allow_sensitive: z.boolean().default(false),
    justification: z.string().optional(),
  })
  .strict();

export const fieldsFileSchema = z
  .object({
    link: z
      .object({
        /** Lead External ID field holding the HubSpot contact id (upserts key on it). */
        salesforce_external_id: z.string(),
        /** Contact property holding the Salesforce Lead id. */
        hubspot_lead_id: z.string(),
      })
      .strict(),
    /** Region for numbers written without a country code, for the e164 transform. */
    phone_country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as US').default('US'),
    fields: z.array(fieldSchema).min(1),
  })
  .strict();

export type FieldMapping = z.output<typeof fieldSchema>;
export type FieldsConfig = z.output<typeof fieldsFileSchema>;
export type SyncRule = (typeof SYNC_RULES)[number];
export type Transform = (typeof TRANSFORMS)[number];
