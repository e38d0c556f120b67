/**
 * Which failures are worth another attempt, as data: the connectors classify each error with
 * these tables into an ApiFailure kind. When to try again is the dispatcher's retry policy
 * (src/engine/retry-policy.ts), the one place backoff is decided.
 */
import type { ApiSystem, FailureKind } from './api-failure';

/**
 * Per-record error codes worth retrying (the rest are the record's own fault: validation,
 * picklists, duplicates). Salesforce's lock and availability errors clear by themselves;
 * HUBSPOT_NO_RESULT / SALESFORCE_NO_RESULT mean the API said nothing about the record.
 */
export const RETRYABLE_RECORD_CODES: Record<ApiSystem, readonly string[]> = {
  salesforce: [
    'UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG', 'QUERY_TIMEOUT',
    'ALL_OR_NONE_OPERATION_ROLLED_BACK', 'SALESFORCE_NO_RESULT',
  ],
  hubspot: ['INTERNAL_ERROR', 'RATE_LIMIT', 'RATE_LIMITS', 'HUBSPOT_NO_RESULT'],
};

/**
 * Per-record codes that mean a rate limit refused the record (HubSpot can answer some inputs of a
 * batch this way in a 207): rate_limited, like a whole-call 429, so they never use up an attempt.
 */
export const RATE_LIMITED_RECORD_CODES: Record<ApiSystem, readonly string[]> = {
  salesforce: [],
  hubspot: ['RATE_LIMIT', 'RATE_LIMITS'],
};

/** Salesforce errorCodes of a whole failed call, by kind (anything else: permanent). */
export const SALESFORCE_CALL_CODES: Record<Exclude<FailureKind, 'permanent'>, readonly string[]> = {
  rate_limited: ['REQUEST_LIMIT_EXCEEDED', 'ERROR_HTTP_429', 'ERROR_HTTP_420'],
  auth: ['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER', 'invalid_grant', 'invalid_client_id', 'invalid_client', 'INVALID_LOGIN'],
  retryable: ['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'REQUEST_RUNNING_TOO_LONG', 'QUERY_TIMEOUT', 'INVALID_QUERY_LOCATOR'],
};

/** HTTP statuses that are retryable whatever the body says. */
export const RETRYABLE_STATUSES: readonly number[] = [408, 500, 502, 503, 504];

export function isRetryableRecordCode(system: ApiSystem, code: string): boolean {
  return RETRYABLE_RECORD_CODES[system].includes(code);
}

export function isRateLimitedRecordCode(system: ApiSystem, code: string): boolean {
  return RATE_LIMITED_RECORD_CODES[system].includes(code);
}
