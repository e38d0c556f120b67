/**
 * What a failed Salesforce call means (API-FACTS B1, B4). jsforce throws HttpApiError with
 * `errorCode` = Salesforce's code (or ERROR_HTTP_<status> for bodies it cannot read, or
 * MULTIPLE_API_ERRORS with the list in `data`); a failed session refresh becomes a plain
 * "Unable to refresh session" Error; its 60 s timeout is "Request Timeout"; transport failures are
 * node-fetch FetchErrors. None of these carry the HTTP status or headers: the transport notes
 * them per call (transport.ts), so a 429 or 420 from a proxy is rate_limited whatever its body
 * says, for as long as its Retry-After asks. The tables of codes live in retry.ts.
 */
import type { ApiFailure, FailureKind } from '../api-failure';
import { networkCode } from '../api-failure';
import { formatSafeError, salesforceErrorText } from '../error-text';
import { retryAfterMs } from '../rate-policy';
import { SALESFORCE_CALL_CODES } from '../retry';
import type { ResponseNote } from './transport';

/** How long Salesforce's limits last. Salesforce sends no Retry-After (a proxy may). */
export const LIMIT_WAIT_MS = {
  // The daily allowance is a rolling 24 h: look again in an hour.
  TotalRequests: 3_600_000,
  // 25 long (> 20 s) requests at once: one of them finishes soon.
  ConcurrentPerOrgLongTxn: 20_000,
  // A proxy's 429/420.
  other: 10_000,
};

interface JsforceError {
  errorCode?: unknown;
  name?: unknown;
  message?: unknown;
  data?: unknown;
}

function codeOf(e: JsforceError): string | undefined {
  if (e.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(e.data)) {
    const first = e.data[0] as { errorCode?: unknown } | undefined;
    if (typeof first?.errorCode === 'string') return first.errorCode;
  }
  // Without a code in the body jsforce falls back to the class's name, 'Error': that is no code.
  if (typeof e.errorCode === 'string' && e.errorCode !== 'Error') return e.errorCode;
  // OAuth token errors are named after the OAuth error (invalid_grant, invalid_client_id).
  return typeof e.name === 'string' && /^[a-z_]+$/.test(e.name) ? e.name : undefined;
}

/** The message of a REST error body, from its first item when jsforce reports several. */
function sanitized(e: JsforceError, code: string, rawMessage: string): string {
  const items = Array.isArray(e.data) ? (e.data as { message?: unknown; fields?: unknown }[]) : [e.data as { message?: unknown; fields?: unknown } | undefined];
  const first = e.errorCode === 'MULTIPLE_API_ERRORS' ? items[0] : { message: rawMessage, fields: items[0]?.fields };
  const fields = Array.isArray(first?.fields) ? (first.fields as unknown[]) : [];
  const safe = salesforceErrorText({ code, message: first?.message ?? rawMessage, fields });
  const more = e.errorCode === 'MULTIPLE_API_ERRORS' && items.length > 1 ? ` (and ${items.length - 1} more)` : '';
  return `${formatSafeError(safe)}${more}`;
}

function kindOf(code: string, status: number | undefined): FailureKind {
  if (status === 429 || status === 420) return 'rate_limited';
  for (const kind of ['rate_limited', 'auth', 'retryable'] as const) if (SALESFORCE_CALL_CODES[kind].includes(code)) return kind;
  if (status !== undefined && status >= 500) return 'retryable';
  return 'permanent';
}

/** `response`: the call's last response as the transport saw it, when it saw one. */
export function classifySalesforceError(err: unknown, endpoint: string, response: ResponseNote = {}, nowMs = Date.now()): ApiFailure | undefined {
  const base = { system: 'salesforce' as const, endpoint };
  if (!err || typeof err !== 'object') return undefined;
  const e = err as JsforceError;
  const rawMessage = typeof e.message === 'string' ? e.message : '';
  if (/^Unable to refresh session due to/.test(rawMessage)) {
    return { ...base, kind: 'auth', code: 'INVALID_SESSION_ID', message: salesforceErrorText({ code: 'INVALID_SESSION_ID', message: rawMessage }).message };
  }
  if (rawMessage === 'Request Timeout') return { ...base, kind: 'retryable', code: 'ETIMEDOUT', message: 'no answer within 60 s' };
  const net = networkCode(err);
  if (net) return { ...base, kind: 'retryable', code: net, message: `network failure (${net})` };
  const noted = response.status !== undefined && response.status >= 400 ? response.status : undefined;
  // A body without an error code (a gateway's JSON) still has the status it came with.
  const code = codeOf(e) ?? (noted !== undefined ? `ERROR_HTTP_${noted}` : undefined);
  if (!code) return undefined;
  const httpStatus = /^ERROR_HTTP_(\d{3})$/.exec(code);
  const status = noted ?? (httpStatus ? Number(httpStatus[1]) : code === 'INVALID_SESSION_ID' ? 401 : code === 'REQUEST_LIMIT_EXCEEDED' ? 403 : undefined);
  const kind = kindOf(code, status);
  // Bodies jsforce could not read carry the raw body as message: say only what happened. The
  // others may quote a value of the request: kept as codes, fields and value-free wording.
  const message = httpStatus ? `HTTP ${status} without a readable error body` : sanitized(e, code, rawMessage);
  const failure: ApiFailure = { ...base, kind, code, message, ...(status !== undefined ? { status } : {}) };
  if (kind === 'rate_limited') {
    failure.retryAfterMs =
      retryAfterMs(response.retryAfter, nowMs) ??
      (code !== 'REQUEST_LIMIT_EXCEEDED' ? LIMIT_WAIT_MS.other : /ConcurrentPerOrgLongTxn/i.test(rawMessage) ? LIMIT_WAIT_MS.ConcurrentPerOrgLongTxn : LIMIT_WAIT_MS.TotalRequests);
  }
  return failure;
}
