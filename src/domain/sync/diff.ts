/**
 * What changed between two sync snapshots, and value fingerprints for the echo ledger.
 *
 * diffSnapshots compares canonical values only: a snapshot whose values did not move is a quiet
 * cycle (no writes, nothing to audit), whatever its timestamps did. valueFingerprint gives the
 * same hash for a value Handoff wrote and the same value read back, in whatever form the system
 * answers with (Salesforce's `+0000` datetimes, HubSpot's lower-cased booleans…), so a ledger of
 * (record, field, fingerprint) recognises its own echo once (RELIABILITY.md).
 */
import { createHash } from 'node:crypto';
import type { FieldMapping } from '../../config/schemas/fields';
import type { FieldSyncState } from './conflicts';
import type { SyncContext } from './context';
import type { SyncSnapshot } from './record-sync';
import type { CanonicalValue, Side } from './types';
import { sideNormal } from './values';

export interface FieldChange {
  field: string;
  /** undefined: the field was not in that snapshot. */
  before: CanonicalValue | undefined;
  after: CanonicalValue | undefined;
}

export function sameCanonical(a: CanonicalValue | undefined, b: CanonicalValue | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    // Two spellings of one instant (a snapshot written by an older version) are the same value.
    const instant = /^\d{4}-\d{2}-\d{2}T/;
    if (instant.test(a) && instant.test(b)) return Date.parse(a) === Date.parse(b);
  }
  return a === b;
}

/** The fields whose canonical value differs, in the order of `after` then fields only `before` had. */
export function diffSnapshots(before: SyncSnapshot | null | undefined, after: SyncSnapshot): FieldChange[] {
  const b: Record<string, FieldSyncState> = before?.fields ?? {};
  const names = [...Object.keys(after.fields), ...Object.keys(b).filter((k) => !(k in after.fields))];
  const changes: FieldChange[] = [];
  for (const field of names) {
    const x = b[field]?.value;
    const y = after.fields[field]?.value;
    if (!sameCanonical(x, y)) changes.push({ field, before: x, after: y });
  }
  return changes;
}

/**
 * A hash of a field's value as the system holds it after normalisation; undefined when the value
 * cannot be read. The hash, not the value, goes in the ledger: values are personal data.
 */
export function valueFingerprint(field: FieldMapping, side: Side, raw: unknown, ctx: SyncContext): string | undefined {
  const n = sideNormal(field, side, raw, ctx);
  if ('problem' in n) return undefined;
  const value = n.value === '' ? null : n.value;
  return createHash('sha256').update(`${side}\u0000${field.name}\u0000${JSON.stringify(value)}`).digest('hex');
}
