/**
 * When a failed outbox write is tried again, as data and one pure function. The failure kinds
 * come from the connectors (RecordWriter); the dispatcher only applies the decision.
 *
 * - permanent: the record itself is wrong (validation, bad value): dead at once.
 * - retryable: 5xx, timeouts, resets: capped exponential backoff with full jitter, dead after
 *   `maxAttempts`.
 * - rate_limited: not the record's fault, so it does not use up an attempt, and it is never
 *   retried at once: at least `rateLimitFloorMs`, and never before the server's Retry-After. Its
 *   backoff grows with the rate-limited failures in a row (the attempt count stays put).
 * - auth: our credentials, not the record: wait (not counted) until someone fixes them; the
 *   error shows in metrics and logs meanwhile, and dead-lettering every record would only make
 *   the operator retry them all.
 */
export type FailureKind = 'rate_limited' | 'retryable' | 'auth' | 'permanent';

export interface WriteFailure {
  kind: FailureKind;
  /** The system's error code (Salesforce statusCode, HubSpot category), for DLQ grouping. */
  code?: string;
  /** Human message without personal data. */
  message: string;
  retryAfterMs?: number;
}

export type RetryDecision = { action: 'retry'; delayMs: number; countsAsAttempt: boolean } | { action: 'dead' };

/**
 * `attempts`: counted attempts so far, including the one that just failed. `rateLimitedStreak`:
 * rate-limited failures in a row, this one included when it is one (default 1).
 */
export type RetryPolicy = (failure: WriteFailure, attempts: number, rateLimitedStreak?: number) => RetryDecision;

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** [0, 1): injected so tests are deterministic. */
  random?: () => number;
}

/** Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function fullJitterDelay(attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(random() * ceiling);
}

export interface RetryPolicyOptions extends BackoffOptions {
  maxAttempts: number;
  rateLimitFloorMs: number;
  authDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicyOptions = {
  maxAttempts: 8,
  baseMs: 1_000,
  capMs: 5 * 60_000,
  rateLimitFloorMs: 1_000,
  authDelayMs: 60_000,
};

export function createRetryPolicy(overrides: Partial<RetryPolicyOptions> = {}): RetryPolicy {
  const o = { ...DEFAULT_RETRY, ...overrides };
  return (failure, attempts, rateLimitedStreak = 1) => {
    const backoff = fullJitterDelay(attempts, o);
    const after = failure.retryAfterMs ?? 0;
    switch (failure.kind) {
      case 'permanent':
        return { action: 'dead' };
      case 'rate_limited':
        return { action: 'retry', delayMs: Math.max(after, fullJitterDelay(rateLimitedStreak, o), o.rateLimitFloorMs), countsAsAttempt: false };
      case 'auth':
        return { action: 'retry', delayMs: Math.max(after, o.authDelayMs), countsAsAttempt: false };
      case 'retryable':
        if (attempts >= o.maxAttempts) return { action: 'dead' };
        return { action: 'retry', delayMs: Math.max(after, backoff), countsAsAttempt: true };
    }
  };
}
