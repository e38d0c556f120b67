/**
 * Field values compared the way the two systems echo them back, for echo suppression and for
 * not sending writes that change nothing. HubSpot returns every property as a string ("true",
 * "5", "" for empty); Salesforce returns typed JSON and null for empty; multi-selects are
 * ";"-joined on both. Two values that normalise alike are the same value.
 */
import { canonicalJson, sha256Hex } from './canonical';

const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** One text per value: empty is "", booleans and numbers as JSON, lists sorted and ";"-joined. */
export function normaliseValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'true' || s === 'false') return s;
    // "5.0" from one system and 5 from the other are one value; long digit strings (ids,
    // account-like numbers) stay text, since a float would round them.
    if (NUMERIC.test(s) && s.replace(/[-.eE+]/g, '').length <= 15) return String(Number(s));
    return s;
  }
  if (Array.isArray(value)) return value.map(normaliseValue).filter((v) => v !== '').sort().join(';');
  return canonicalJson(value);
}

/** sha256 hex of the normalised value: what the write ledger stores instead of the value itself. */
export function valueHash(value: unknown): string {
  return sha256Hex(normaliseValue(value));
}

export function sameValue(a: unknown, b: unknown): boolean {
  return normaliseValue(a) === normaliseValue(b);
}

/** The fields of `desired` whose value differs from `current`: the only ones worth writing. */
export function changedFields(current: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(desired)) {
    if (!sameValue(current[field], value)) out[field] = value;
  }
  return out;
}

/** True when writing `desired` over `current` would change nothing: do not send it. */
export function isNoop(current: Record<string, unknown>, desired: Record<string, unknown>): boolean {
  return Object.keys(changedFields(current, desired)).length === 0;
}
