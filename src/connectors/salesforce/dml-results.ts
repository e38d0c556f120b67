/**
 * sObject Collections answer HTTP 200 with one SaveResult per record, in request order
 * (API-FACTS B3); a failed record does not throw. This turns them into the connector's
 * per-record results, back in the caller's order and keys.
 */
import type { RecordResult } from '../api-failure';
import { formatSafeError, salesforceErrorText } from '../error-text';
import { isRetryableRecordCode } from '../retry';
import type { SaveResult } from './schemas';

export type SfInput = Record<string, unknown>;

/**
 * Merges records that name the same key (Salesforce refuses a collection that names one record
 * twice; later values win). Records without a key are answered locally with `missingCode`.
 */
export function prepareRecords(
  records: readonly SfInput[],
  keyOf: (r: SfInput, index: number) => string | undefined,
): { unique: { key: string; record: SfInput }[]; slots: (number | undefined)[] } {
  const unique: { key: string; record: SfInput }[] = [];
  const at = new Map<string, number>();
  const slots = records.map((r, i) => {
    const key = keyOf(r, i);
    if (key === undefined) return undefined;
    const seen = at.get(key);
    if (seen !== undefined) {
      unique[seen] = { key, record: { ...unique[seen]!.record, ...r } };
      return seen;
    }
    at.set(key, unique.length);
    unique.push({ key, record: { ...r } });
    return unique.length - 1;
  });
  return { unique, slots };
}

export function toRecordResult(key: string, r: SaveResult): RecordResult {
  if (r.success && r.id) return { key, ok: true, id: r.id, ...(r.created !== undefined ? { created: r.created } : {}) };
  const first = r.errors[0];
  const code = first?.statusCode ?? 'SALESFORCE_NO_RESULT';
  // Salesforce quotes the refused value in its messages: keep codes, fields and the wording only.
  const safe = r.errors.map((e) => salesforceErrorText({ code: e.statusCode, message: e.message, fields: e.fields }));
  const message = safe.length > 0 ? safe.map(formatSafeError).join('; ') : 'no error detail';
  const fields = [...new Set(safe.flatMap((e) => e.fields))];
  return { key, ok: false, error: { code, message, ...(fields.length > 0 ? { fields } : {}), retryable: isRetryableRecordCode('salesforce', code) } };
}

export function expandRecordResults(
  records: readonly SfInput[],
  slots: readonly (number | undefined)[],
  results: readonly RecordResult[],
  keyOf: (r: SfInput, index: number) => string | undefined,
  missing: { code: string; message: string },
): RecordResult[] {
  return records.map((r, i) => {
    const slot = slots[i];
    const key = keyOf(r, i) ?? String(i);
    return slot === undefined ? { key, ok: false, error: { ...missing, retryable: false } } : { ...results[slot]!, key };
  });
}
