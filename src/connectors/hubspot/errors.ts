/**
 * What a failed HubSpot call means (API-FACTS A2, A6, C): the SDK throws `ApiException {code,
 * body, headers}` for any status it does not list as success; node-fetch throws on transport
 * failures. 429s carry a policyName (TEN_SECONDLY_ROLLING, DAILY, SECONDLY for search) that says
 * how long the limit lasts; Retry-After is honoured when sent, but HubSpot rarely sends one.
 */
import type { ApiFailure } from '../api-failure';
import { networkCode } from '../api-failure';
import type { HubSpotErrorLike } from '../error-text';
import { formatSafeError, hubspotErrorText } from '../error-text';
import { retryAfterMs } from '../rate-policy';
import { RETRYABLE_STATUSES } from '../retry';

export interface SdkApiException {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

export function isApiException(e: unknown): e is SdkApiException {
  return !!e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'number' && 'headers' in e && 'body' in e;
}

/** How long each of HubSpot's limits lasts when no Retry-After says otherwise. */
export const POLICY_WINDOW_MS: Record<string, number> = {
  TEN_SECONDLY_ROLLING: 10_000,
  SECONDLY: 1_000,
  // The daily limit resets at midnight in the portal's timezone, which we do not know: look again hourly.
  DAILY: 3_600_000,
};

function bodyObject(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object') return body as Record<string, unknown>;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // not JSON: fall through
    }
  }
  return {};
}

function policyOf(b: Record<string, unknown>): string | undefined {
  if (typeof b['policyName'] === 'string') return b['policyName'];
  const m = typeof b['message'] === 'string' ? /reached your (\w+) limit/i.exec(b['message']) : null;
  return m ? m[1]!.toUpperCase() : undefined;
}

/**
 * The limit a rate-limit error names (its policyName, or the policy its message names) and how
 * long that limit lasts; TEN_SECONDLY_ROLLING when it names none. `intervalMs`: the window the
 * X-HubSpot-RateLimit-Interval-Milliseconds header gives, when there is one.
 */
export function rateLimitWindow(body: unknown, intervalMs?: number): { policy: string; waitMs: number } {
  const policy = policyOf(bodyObject(body)) ?? 'TEN_SECONDLY_ROLLING';
  const waitMs = policy === 'TEN_SECONDLY_ROLLING' && intervalMs !== undefined && intervalMs > 0 ? intervalMs : (POLICY_WINDOW_MS[policy] ?? 10_000);
  return { policy, waitMs };
}

export function classifyHubSpotError(err: unknown, endpoint: string, nowMs: number): ApiFailure | undefined {
  const base = { system: 'hubspot' as const, endpoint };
  if (isApiException(err)) {
    const b = bodyObject(err.body);
    const status = err.code;
    const category = typeof b['category'] === 'string' ? b['category'] : undefined;
    const safe = hubspotErrorText(b as HubSpotErrorLike);
    const message = b['message'] === undefined && safe.fields.length === 0 ? `HTTP ${status}` : formatSafeError(safe);
    const headerWait = retryAfterMs(err.headers['retry-after'], nowMs);
    if (status === 429) {
      const { policy, waitMs } = rateLimitWindow(b, Number(err.headers['x-hubspot-ratelimit-interval-milliseconds']));
      return { ...base, kind: 'rate_limited', status, code: policy, message, retryAfterMs: headerWait ?? waitMs };
    }
    if (status === 401 || (status === 403 && category === 'MISSING_SCOPES')) {
      return { ...base, kind: 'auth', status, code: category ?? 'INVALID_AUTHENTICATION', message };
    }
    if (RETRYABLE_STATUSES.includes(status) || status >= 500) {
      return { ...base, kind: 'retryable', status, code: category ?? `HTTP_${status}`, message, ...(headerWait !== undefined ? { retryAfterMs: headerWait } : {}) };
    }
    return { ...base, kind: 'permanent', status, code: category ?? `HTTP_${status}`, message };
  }
  const net = networkCode(err);
  if (net) return { ...base, kind: 'retryable', code: net, message: `network failure (${net})` };
  return undefined;
}
