/**
 * readiness.yaml: when marketing may hand a lead to sales. Gates are matched by product, segment
 * and kind; every gate that matches applies, so a base gate plus a few specific ones say it all.
 */
import { z } from 'zod';
import { LEAD_KINDS } from '../vocabulary';
import { id, listOf } from './common';
import { factConditions, requirementSchema } from './facts';

export const IDENTITY_CHECKS = ['email', 'phone', 'zip'] as const;
export const REFERRAL_SOURCE_TYPES = ['branch', 'partner', 'employee'] as const;

export const CONSENT_CHANNELS = ['email', 'phone', 'autodialed_calls', 'texts'] as const;

const consentSchema = z
  .object({
    /** Not opted out of email (do-not-email, CAN-SPAM). */
    email: z.boolean().optional(),
    /** Not on do-not-call, with a number to call. */
    phone: z.boolean().optional(),
    /** Autodialed or prerecorded calls: TCPA prior express written consent. */
    autodialed_calls: z.boolean().optional(),
    /** Marketing texts: TCPA prior express written consent, and no SMS opt-out. */
    texts: z.boolean().optional(),
    /** At least one of these channels is open: the lead can be reached somehow. */
    any_of: z.array(z.enum(CONSENT_CHANNELS)).min(2, 'name at least two channels (one is the same as `<channel>: true`)').optional(),
  })
  .strict();

const httpPrequal = z
  .object({
    url: z.string().url('an http(s) URL such as https://prequal.bank.internal/v1/check').refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
    timeout_ms: z.number().int().positive().max(30_000).default(3000),
    /** Canonical fields sent to the service; nothing else leaves Handoff. */
    send: z.array(id('field')).default([]),
    /** Environment variable holding a bearer token for the service (read by the daemon at start). */
    token_env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name such as PREQUAL_TOKEN').optional(),
  })
  .strict();

const prequalSchema = z
  .object({
    /** Rules on fields, all of which must hold (documents ready, stated income band…). */
    rule: z.array(requirementSchema).min(1).optional(),
    /** The bank's own pre-qualification service; a timeout or error fails closed. */
    http: httpPrequal.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.rule === undefined) === (p.http === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either rule (checks on fields) or http (the bank\'s service), not both or neither', params: { code: 'bad_value' } });
    }
  });

export const gateSchema = z
  .object({
    name: id('gate'),
    description: z.string().optional(),
    /** Which leads the gate applies to (product, product_family, segment, kind…); leave out for every lead. */
    when: factConditions.default({}),
    required_fields: listOf(id('field')).optional(),
    identity: listOf(z.enum(IDENTITY_CHECKS).describe('identity check')).optional(),
    consent: consentSchema.optional(),
    /** The product is sold to the lead's segment (products.yaml segments). */
    product_sold_to_segment: z.boolean().optional(),
    suitability: z.array(requirementSchema).min(1).optional(),
    prequal: prequalSchema.optional(),
  })
  .strict();

const kindSchema = z
  .object({
    /** The lead's score must reach the MQL threshold in scoring.yaml. */
    needs_mql: z.boolean().default(true),
    /** For referrals: referral_source must be "<type>:<id>" with one of these types. */
    sources: z.array(z.enum(REFERRAL_SOURCE_TYPES).describe('referral source type')).optional(),
  })
  .strict();

export const readinessFileSchema = z
  .object({
    /** Which canonical fields (fields.yaml) hold each consent flag. */
    consent_fields: z
      .object({
        email_opt_out: id('field').optional(),
        do_not_call: id('field').optional(),
        tcpa_consent: id('field').optional(),
        tcpa_consent_at: id('field').optional(),
        sms_opt_out: id('field').optional(),
      })
      .strict()
      .default({}),
    kinds: z
      .object(Object.fromEntries(LEAD_KINDS.map((k) => [k, kindSchema.optional()])) as Record<(typeof LEAD_KINDS)[number], z.ZodOptional<typeof kindSchema>>)
      .strict()
      .describe('lead kind'),
    gates: z.array(gateSchema).min(1),
  })
  .strict();

export type ReadinessConfig = z.output<typeof readinessFileSchema>;
export type ReadinessGate = z.output<typeof gateSchema>;
export type ConsentRequirement = z.output<typeof consentSchema>;
export type HttpPrequal = z.output<typeof httpPrequal>;
export type IdentityCheck = (typeof IDENTITY_CHECKS)[number];
export type ReferralSourceType = (typeof REFERRAL_SOURCE_TYPES)[number];
