/**
 * Retry policy as data: which failures are worth another attempt, how many, and how long to wait.
 * The connectors classify with these tables; the dispatcher asks `nextAttemptAt` what to do with a
 * failed row. Capped exponential backoff with full jitter (so replicas retrying together spread
 * out), never earlier than Retry-After or the limit's window.
 */
import type { ApiFailure, ApiSystem, FailureKind } from './api-failure';

export interface KindRule {
  retry: boolean;
  /** Attempts in all (the first included) before the row goes to the dead-letter queue. */
  maxAttempts: number;
  /** Never sooner than this after a failure of the kind. */
  minDelayMs: number;
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  kinds: Record<FailureKind, KindRule>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1_000,
  capMs: 15 * 60_000,
  kinds: {
    // A rate limit says nothing about the record: keep trying for about half a day.
    rate_limited: { retry: true, maxAttempts: 60, minDelayMs: 1_000 },
    retryable: { retry: true, maxAttempts: 8, minDelayMs: 0 },
    // A broken credential is systemic; an admin fixes it and the rows must still be there.
    auth: { retry: true, maxAttempts: 60, minDelayMs: 60_000 },
    permanent: { retry: false, maxAttempts: 1, minDelayMs: 0 },
  },
};

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

/** Full jitter: uniformly in [0, min(cap, base · 2^(attempt-1))]. */
export function backoffMs(attempt: number, rng: () => number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(rng() * exp);
}

/**
 * When to try a failed row again, or null to dead-letter it. `attempt` counts the attempts made so
 * far (1 after the first failure). Pure: the dispatcher passes its clock's now and a seeded rng.
 */
export function nextAttemptAt(
  attempt: number,
  failure: Pick<ApiFailure, 'kind' | 'retryAfterMs'>,
  now: Date,
  rng: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Date | null {
  const rule = policy.kinds[failure.kind];
  if (!rule.retry || attempt >= rule.maxAttempts) return null;
  const floor = Math.max(rule.minDelayMs, failure.retryAfterMs ?? 0);
  return new Date(now.getTime() + floor + backoffMs(attempt, rng, policy));
}
