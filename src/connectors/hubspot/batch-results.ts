/**
 * Turning a HubSpot batch answer into one result per input, in input order. A 207 is not success:
 * its `errors` name their inputs through `context.objectWriteTraceId` (we send one per input) or
 * `context.ids`; results are matched by the echoed trace id, else by id or email. An input the
 * answer says nothing about gets a retryable HUBSPOT_NO_RESULT rather than a silent success. An
 * input refused for a rate limit (RATE_LIMIT/RATE_LIMITS) carries the limit's window.
 */
import type { RecordError, RecordResult } from '../api-failure';
import { formatSafeError, hubspotErrorText } from '../error-text';
import { isRateLimitedRecordCode, isRetryableRecordCode } from '../retry';
import { rateLimitWindow } from './errors';
import type { WireBatchResponse, WireObject, WireStandardError } from './schemas';

export interface PreparedInput {
  /** What the caller sent as the id (email or record id). */
  key: string;
  /** The key as HubSpot compares it (emails case-insensitively). */
  match: string;
  properties: Record<string, string>;
}

/**
 * Merges inputs that name the same record (HubSpot rejects the whole batch on a repeated id; later
 * values win, as they would have had the writes gone one by one). `slots[i]` is input i's index
 * among the unique ones.
 */
export function dedupeInputs<T extends { properties: Record<string, string> }>(
  inputs: readonly T[],
  keyOf: (input: T) => string,
  normalise: (key: string) => string,
): { unique: PreparedInput[]; slots: number[] } {
  const unique: PreparedInput[] = [];
  const index = new Map<string, number>();
  const slots = inputs.map((input) => {
    const key = keyOf(input);
    const match = normalise(key);
    const at = index.get(match);
    if (at !== undefined) {
      const u = unique[at]!;
      unique[at] = { ...u, properties: { ...u.properties, ...input.properties } };
      return at;
    }
    index.set(match, unique.length);
    unique.push({ key, match, properties: { ...input.properties } });
    return unique.length - 1;
  });
  return { unique, slots };
}

/** HubSpot quotes the refused value in its messages: keep the category, property names and codes only. */
function recordError(e: WireStandardError): RecordError {
  const safe = hubspotErrorText(e);
  return {
    code: safe.code,
    message: formatSafeError(safe),
    ...(safe.fields.length > 0 ? { fields: safe.fields } : {}),
    retryable: isRetryableRecordCode('hubspot', safe.code),
    ...(isRateLimitedRecordCode('hubspot', safe.code) ? { rateLimit: rateLimitWindow(e) } : {}),
  };
}

/**
 * One result per unique input. `matchOf` says which input a returned object answers when no trace
 * id was echoed (its id for updates, its email for upserts).
 */
export function mapBatchResults(
  unique: readonly PreparedInput[],
  body: Pick<WireBatchResponse, 'results' | 'errors'>,
  matchOf: (o: WireObject) => string | undefined,
): RecordResult[] {
  const byMatch = new Map(unique.map((u, i) => [u.match, i]));
  const out: (RecordResult | undefined)[] = unique.map(() => undefined);
  const indexOf = (trace: string | undefined, match: string | undefined): number | undefined => {
    if (trace !== undefined && /^\d+$/.test(trace) && Number(trace) < unique.length) return Number(trace);
    return match !== undefined ? byMatch.get(match) : undefined;
  };

  for (const o of body.results) {
    const i = indexOf(o.objectWriteTraceId, matchOf(o));
    if (i === undefined || out[i]) continue;
    out[i] = { key: unique[i]!.key, ok: true, id: o.id, ...(o.new !== undefined ? { created: o.new } : {}) };
  }
  const unplaced: WireStandardError[] = [];
  for (const e of body.errors ?? []) {
    const targets = [
      ...(e.context?.['objectWriteTraceId'] ?? []).map((t) => indexOf(t, undefined)),
      ...(e.context?.['ids'] ?? []).map((id) => byMatch.get(id.toLowerCase()) ?? byMatch.get(id)),
    ].filter((i): i is number => i !== undefined);
    if (targets.length === 0) unplaced.push(e);
    for (const i of targets) out[i] ??= { key: unique[i]!.key, ok: false, error: recordError(e) };
  }
  // An error that names no input can only be about the one input still unanswered.
  const open = out.flatMap((r, i) => (r ? [] : [i]));
  if (unplaced.length === 1 && open.length === 1) out[open[0]!] = { key: unique[open[0]!]!.key, ok: false, error: recordError(unplaced[0]!) };
  return out.map(
    (r, i) =>
      r ?? {
        key: unique[i]!.key,
        ok: false,
        error: { code: 'HUBSPOT_NO_RESULT', message: 'HubSpot returned neither a result nor an error for this input', retryable: true },
      },
  );
}

/** Back to the caller's order and keys: duplicates share their merged input's outcome. */
export function expandResults<T>(inputs: readonly T[], slots: readonly number[], results: readonly RecordResult[], keyOf: (input: T) => string): RecordResult[] {
  return inputs.map((input, i) => ({ ...results[slots[i]!]!, key: keyOf(input) }));
}
