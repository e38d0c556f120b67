/**
 * One vocabulary for what went wrong talking to HubSpot or Salesforce, so the dispatcher, the
 * pollers and `handoff doctor` branch on `kind` and never on SDK error classes. Expected failures
 * (429, 5xx, expired sessions, validation errors) become an ApiFailure, carried by ApiError; a
 * response we cannot read becomes UnexpectedResponseError. API errors can quote the values of the
 * request, and these messages reach logs and the DLQ: the connectors keep only codes, field names
 * and wording known to carry no value (error-text.ts); anything else is redacted here.
 */
import { HandoffError } from '../errors';
import { redactString } from '../observability/redact';

export type ApiSystem = 'hubspot' | 'salesforce';

export const FAILURE_KINDS = ['rate_limited', 'retryable', 'auth', 'permanent'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface ApiFailure {
  system: ApiSystem;
  /** What was called, e.g. 'POST /crm/v3/objects/contacts/batch/upsert' or 'PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c'. */
  endpoint: string;
  kind: FailureKind;
  status?: number;
  /** The system's own code: HubSpot category or policyName, Salesforce errorCode, or a network code (ECONNRESET). */
  code?: string;
  message: string;
  /** How long to leave the endpoint alone: Retry-After when sent, else the limit's window. */
  retryAfterMs?: number;
}

/** A per-record outcome of a batch write, in input order. `key` is what the caller sent (email, id, external id). */
export type RecordResult =
  | { key: string; ok: true; id: string; created?: boolean }
  | { key: string; ok: false; error: RecordError };

export interface RecordError {
  code: string;
  /** Never the refused value: the system's wording with values cut out, or withheld (error-text.ts). */
  message: string;
  /** The fields or properties the error names, when it names any. */
  fields?: string[];
  retryable: boolean;
  /** Refused for a rate limit, not for anything about the record: the limit's policy and how long it lasts. */
  rateLimit?: { policy: string; waitMs: number };
}

/** A whole call failed. `failure` is the value callers branch on. */
export class ApiError extends HandoffError {
  constructor(readonly failure: ApiFailure) {
    super(`${failure.system.toUpperCase()}_${failure.kind.toUpperCase()}`, describeFailure(failure), { ...failure });
    this.name = 'ApiError';
  }
}

/** The API answered something we cannot read: a shape the connector was not written for. */
export class UnexpectedResponseError extends HandoffError {
  constructor(
    readonly system: ApiSystem,
    readonly endpoint: string,
    problem: string,
  ) {
    super(
      system === 'hubspot' ? 'HUBSPOT_UNEXPECTED_RESPONSE' : 'SALESFORCE_UNEXPECTED_RESPONSE',
      `${system === 'hubspot' ? 'HubSpot' : 'Salesforce'} answered ${endpoint} with a response Handoff cannot read: ${redactString(problem)}`,
      { system, endpoint },
    );
    this.name = 'UnexpectedResponseError';
  }
}

export function describeFailure(f: ApiFailure): string {
  const who = f.system === 'hubspot' ? 'HubSpot' : 'Salesforce';
  const status = f.status !== undefined ? ` ${f.status}` : '';
  const code = f.code ? ` ${f.code}` : '';
  const wait = f.retryAfterMs !== undefined ? ` (retry after ${Math.ceil(f.retryAfterMs / 1000)} s)` : '';
  return `${who} ${f.endpoint}:${status}${code} ${f.kind.replace('_', ' ')}: ${f.message}${wait}`;
}

/**
 * The ApiFailure behind any error a connector call threw: ApiError carries one; an unexpected
 * response is treated as retryable (a proxy page or a transient glitch looks the same as a changed
 * API; the retry limit parks it in the DLQ if it persists). Anything else is a bug: undefined.
 */
export function toApiFailure(err: unknown): ApiFailure | undefined {
  if (err instanceof ApiError) return err.failure;
  if (err instanceof UnexpectedResponseError) {
    return { system: err.system, endpoint: err.endpoint, kind: 'retryable', code: err.code, message: err.message };
  }
  return undefined;
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH',
  'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ECONNABORTED',
]);

/** A transport failure (reset, refused, timeout) from node-fetch or node, as a retryable failure's code; else undefined. */
export function networkCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; errno?: unknown; type?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  for (const c of [e.code, e.errno]) if (typeof c === 'string' && NETWORK_CODES.has(c)) return c;
  if (e.type === 'request-timeout' || e.name === 'AbortError' || e.name === 'TimeoutError') return 'ETIMEDOUT';
  if (e.type === 'system' && typeof e.code === 'string') return e.code;
  if (typeof e.message === 'string' && /socket hang up|network timeout|ECONNRESET/i.test(e.message)) return 'ECONNRESET';
  return e.cause !== undefined && e.cause !== err ? networkCode(e.cause) : undefined;
}
