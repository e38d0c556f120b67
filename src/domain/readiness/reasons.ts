/**
 * Why a lead is not ready, as stable codes (written to HubSpot's handoff_blocked_reasons, counted
 * in reports) with an optional detail (the field, the gate's rule) and a message for people.
 * Messages name fields and rules, never the lead's values: they are personal data.
 */
export const REASON_CODES = [
  'UNKNOWN_KIND',
  'UNKNOWN_PRODUCT',
  'UNKNOWN_SEGMENT',
  'REFERRAL_SOURCE_INVALID',
  'REFERRAL_BRANCH_UNKNOWN',
  'RECYCLE_COOLDOWN',
  'MISSING_FIELD',
  'EMAIL_INVALID',
  'PHONE_INVALID',
  'ZIP_INVALID',
  'ZIP_UNKNOWN',
  'EMAIL_OPTED_OUT',
  'DO_NOT_CALL',
  'NO_TCPA_CONSENT',
  'SMS_OPTED_OUT',
  'NO_OPEN_CHANNEL',
  'PRODUCT_NOT_FOR_SEGMENT',
  'UNSUITABLE',
  'PREQUAL_FAILED',
  'PREQUAL_ERROR',
  'BELOW_MQL',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReadinessReason {
  code: ReasonCode;
  detail?: string;
  /** The gate that asked for it (absent for the taxonomy, catalogue and MQL checks). */
  gate?: string;
  message: string;
}

export const reasonKey = (r: Pick<ReadinessReason, 'code' | 'detail'>): string => (r.detail ? `${r.code}:${r.detail}` : r.code);

/** "MISSING_FIELD:zip; DO_NOT_CALL": the value of handoff_blocked_reasons. */
export function formatReasons(reasons: readonly ReadinessReason[]): string {
  return reasons.map(reasonKey).join('; ');
}
