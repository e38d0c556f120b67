import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so one value always has one text and one hash,
 * whatever order its keys were built in. Undefined object members are dropped (JSON has none);
 * the audit trail and the write ledger hash this text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The value as jsonb will give it back: what `JSON.parse(JSON.stringify(v))` keeps. Hashing this
 * instead of the caller's object means the hash computed before the insert equals the one
 * recomputed from the row read back (no undefined members, Dates as ISO strings).
 */
export function asStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}
