/**
 * How dates, datetimes, booleans and numbers look in each system, and their canonical forms:
 *
 * | type     | HubSpot (strings, API-FACTS A2)                     | Salesforce                       | canonical                  |
 * | date     | YYYY-MM-DD or epoch-ms at midnight UTC (or the       | YYYY-MM-DD                       | YYYY-MM-DD                 |
 * |          | field's hubspot_date_format for a text property)     |                                  |                            |
 * | datetime | ISO string or epoch-ms string                        | ISO, `…000+0000`, to the second  | ISO UTC with milliseconds  |
 * | checkbox | 'true' / 'false' ('' or null: unset)                 | true / false                     | boolean (unset is false)   |
 * | number   | decimal string                                       | number                           | number                     |
 *
 * Reading is lenient about the forms a system may answer with; writing uses one form each, so a
 * value written and read back compares equal. A datetime to Salesforce is cut to the second,
 * because Salesforce stores seconds and a millisecond difference would be "changed" every cycle.
 */
import { DateTime } from 'luxon';
import type { Converted, Side, SyncProblem } from './types';
import { SIDE_LABEL } from './types';

const problem = (code: SyncProblem['code'], field: string, side: Side, what: string): { problem: SyncProblem } => ({
  problem: { code, field, side, message: `${field}: the ${SIDE_LABEL[side]} value is not ${what}` },
});

/** Epoch ms from an instant in any form the two systems use; undefined when it is none of them. */
export function parseInstant(raw: unknown): number | undefined {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw.getTime();
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (/^-?\d{1,15}$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = DateTime.fromISO(s, { zone: 'utc' });
    return d.isValid ? d.toMillis() : undefined;
  }
  // Salesforce writes offsets without a colon (+0000); a time without a zone is taken as UTC.
  const withColon = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = DateTime.fromISO(withColon, { zone: 'utc', setZone: false });
  return d.isValid && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s) ? d.toMillis() : undefined;
}

export const canonicalDatetime = (ms: number): string => new Date(ms).toISOString();

export function readDatetime(raw: unknown, field: string, side: Side): Converted<string | null> {
  if (isBlank(raw)) return { value: null };
  const ms = parseInstant(raw);
  return ms === undefined ? problem('invalid_datetime', field, side, 'a date and time (ISO 8601 or epoch milliseconds)') : { value: canonicalDatetime(ms) };
}

export function writeDatetime(canonical: string | null, side: Side): string | null {
  if (canonical === null) return side === 'hubspot' ? '' : null;
  const ms = Date.parse(canonical);
  return side === 'hubspot' ? canonicalDatetime(ms) : canonicalDatetime(Math.floor(ms / 1000) * 1000);
}

/** A date: YYYY-MM-DD, a datetime (its UTC date: HubSpot dates are midnight UTC), epoch ms, or the given luxon format. */
export function readDate(raw: unknown, field: string, side: Side, format?: string): Converted<string | null> {
  if (isBlank(raw)) return { value: null };
  if (format !== undefined && typeof raw === 'string') {
    const d = DateTime.fromFormat(raw.trim(), format, { zone: 'utc' });
    if (d.isValid) return { value: d.toISODate() ?? '' };
  }
  const ms = parseInstant(raw);
  if (ms === undefined) return problem('invalid_date', field, side, format ? `a date in the format ${format}` : 'a date (YYYY-MM-DD or epoch milliseconds)');
  return { value: new Date(ms).toISOString().slice(0, 10) };
}

export function writeDate(canonical: string | null, side: Side, format?: string): string | null {
  if (canonical === null) return side === 'hubspot' ? '' : null;
  if (side === 'hubspot' && format !== undefined) return DateTime.fromISO(canonical, { zone: 'utc' }).toFormat(format);
  return canonical;
}

/** Checkboxes: unset reads as false, which is also what Salesforce shows for a checkbox never ticked. */
export function readBoolean(raw: unknown, field: string, side: Side): Converted<boolean> {
  if (isBlank(raw)) return { value: false };
  if (typeof raw === 'boolean') return { value: raw };
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (s === 'true') return { value: true };
    if (s === 'false') return { value: false };
  }
  return problem('invalid_boolean', field, side, 'true or false');
}

export const writeBoolean = (b: boolean, side: Side): string | boolean => (side === 'hubspot' ? String(b) : b);

export function readNumber(raw: unknown, field: string, side: Side): Converted<number | null> {
  if (isBlank(raw)) return { value: null };
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  return Number.isFinite(n) ? { value: n } : problem('invalid_number', field, side, 'a number');
}

export function writeNumber(n: number | null, side: Side): string | number | null {
  if (n === null) return side === 'hubspot' ? '' : null;
  return side === 'hubspot' ? String(n) : n;
}

/** null, undefined, '' and whitespace-only are all "no value". */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}
