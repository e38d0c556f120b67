/**
 * The canonical lead as every governance decision reads it: built by the engine from the leads
 * row, its field snapshot and its consent snapshot. Plain data, no methods, so a decision can be
 * replayed from what the audit trail stored (`handoff explain`, `handoff simulate`).
 */
import type { LEAD_KINDS } from '../config/vocabulary';
import type { LeadState } from './lifecycle';

export type LeadKind = (typeof LEAD_KINDS)[number];

/** A canonical field value (fields.yaml name → value), after the mapping's transforms. */
export type FieldValue = string | number | boolean | null;

/**
 * Consent as of now. Revocations are monotonic (a revocation in either system wins), which the
 * engine applies when it builds this snapshot; `consentFromFields` reads it from the fields
 * readiness.yaml names.
 */
export interface ConsentSnapshot {
  /** Opted out of marketing email (do-not-email). */
  emailOptOut: boolean;
  /** On the bank's do-not-call list, or asked not to be called. */
  doNotCall: boolean;
  /** TCPA prior express written consent for autodialed or prerecorded calls and texts. */
  tcpaConsent: boolean;
  tcpaConsentAt: Date | null;
  smsOptOut: boolean;
}

/** An engagement signal (a rate-page visit, a webinar) or a life event, with when it happened. */
export interface LeadSignal {
  name: string;
  at: Date;
}

export interface OwnerRef {
  kind: 'rm' | 'queue';
  id: string;
}

/** Where a referral came from: `referral_source` is "<type>:<id>", e.g. "branch:evanston" or "partner:acme_realty". */
export interface ReferralSource {
  raw: string;
  type: string | null;
  ref: string | null;
}

export interface LeadTimestamps {
  createdAt: Date;
  readyAt?: Date;
  routedAt?: Date;
  /** The current assignment's accept-by (Accept_By__c). */
  acceptBy?: Date;
  acceptedAt?: Date;
  returnedAt?: Date;
  recycledAt?: Date;
  /** A recycled lead may not be handed off again before this. */
  cooldownUntil?: Date;
}

export interface LeadView {
  id: string;
  state: LeadState;
  /** lead | referral | application; anything else is refused by readiness. */
  kind: string;
  /** Ids from segments.yaml and products.yaml (the engine maps picklist values to ids). */
  segment: string | null;
  product: string | null;
  /** Canonical fields by their fields.yaml names. */
  fields: Readonly<Record<string, FieldValue | undefined>>;
  consent: ConsentSnapshot;
  signals: readonly LeadSignal[];
  owner: OwnerRef | null;
  /** 1 for the first routing of a handoff round, 2 after one reassignment… 0 before routing. */
  attempt: number;
  /** RM ids that have held the lead in this handoff round; never given it again. */
  ownersSoFar: readonly string[];
  recycleCount: number;
  /** A customer the bank already knows (the Account/Contact exists in Salesforce). */
  existingCustomer: boolean;
  /** The RM who owns that customer's Account/Contact (the portfolio RM), as an RM id. */
  existingOwnerId: string | null;
  timestamps: LeadTimestamps;
}

export const NO_CONSENT: ConsentSnapshot = { emailOptOut: false, doNotCall: false, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false };

/** "branch:evanston" → { type: 'branch', ref: 'evanston' }; text without a colon has no type. */
export function parseReferralSource(raw: string | null | undefined): ReferralSource | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const value = raw.trim();
  const colon = value.indexOf(':');
  if (colon <= 0) return { raw: value, type: null, ref: null };
  const ref = value.slice(colon + 1).trim();
  return { raw: value, type: value.slice(0, colon).trim().toLowerCase(), ref: ref === '' ? null : ref };
}

export function referralOf(lead: LeadView): ReferralSource | null {
  const v = lead.fields.referral_source;
  return parseReferralSource(typeof v === 'string' ? v : null);
}

/** The branch a branch referral names, if it is one. */
export function referralBranchOf(lead: LeadView): string | null {
  const r = referralOf(lead);
  return r?.type === 'branch' ? r.ref : null;
}

export interface ConsentFieldNames {
  email_opt_out?: string;
  do_not_call?: string;
  tcpa_consent?: string;
  tcpa_consent_at?: string;
  sms_opt_out?: string;
}

const truthy = (v: FieldValue | undefined): boolean => v === true || v === 'true' || v === 1;

/** The consent snapshot from canonical fields, as readiness.yaml's consent_fields names them. */
export function consentFromFields(fields: LeadView['fields'], names: ConsentFieldNames): ConsentSnapshot {
  const at = names.tcpa_consent_at ? fields[names.tcpa_consent_at] : undefined;
  const when = typeof at === 'string' || typeof at === 'number' ? new Date(at) : null;
  return {
    emailOptOut: names.email_opt_out ? truthy(fields[names.email_opt_out]) : false,
    doNotCall: names.do_not_call ? truthy(fields[names.do_not_call]) : false,
    tcpaConsent: names.tcpa_consent ? truthy(fields[names.tcpa_consent]) : false,
    tcpaConsentAt: when && !Number.isNaN(when.getTime()) ? when : null,
    smsOptOut: names.sms_opt_out ? truthy(fields[names.sms_opt_out]) : false,
  };
}

/** Blank means not given: undefined, null, or text of only spaces. `false` and 0 are values. */
export function isBlank(v: FieldValue | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}
