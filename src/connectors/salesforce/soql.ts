/**
 * SOQL text Handoff builds. Names are checked against an identifier pattern and values are
 * formatted here, never pasted: a field name from YAML or an id from a payload cannot change the
 * query. Datetime literals are unquoted ISO with Z (API-FACTS B2), to the second, which is
 * Salesforce's precision.
 */
import { HandoffError } from '../../errors';

export interface ModstampCursor {
  /** SystemModstamp of the last record processed, ISO-8601 (any offset). */
  ts: string;
  /** Its Id: the tie-break among records sharing that SystemModstamp. */
  id: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

export function soqlName(name: string): string {
  if (!NAME.test(name)) throw new HandoffError('SALESFORCE_BAD_NAME', `Not a Salesforce API name: ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

export function soqlId(id: string): string {
  if (!ID.test(id)) throw new HandoffError('SALESFORCE_BAD_ID', `Not a Salesforce record id: ${JSON.stringify(id.slice(0, 40))}`);
  return `'${id}'`;
}

// SOQL's escape sequences inside a quoted string (SOQL and SOSL reference, "Quoted String Escape
// Sequences"). `%` and `_` are left alone: their escapes are valid only in LIKE, and Handoff never
// builds LIKE patterns from data.
const STRING_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * A string value as a quoted SOQL literal for `=` and `IN`. Control characters SOQL has no escape
 * for are refused (no email, name or id contains one); the error never repeats the value, which
 * may be personal data.
 */
export function soqlString(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0007\u000B\u000E-\u001F\u007F]/.test(value)) {
    throw new HandoffError('SALESFORCE_BAD_VALUE', 'A SOQL string value holds a control character SOQL cannot escape');
  }
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c]!)}'`;
}

/** Salesforce answers `2026-01-05T14:00:00.000+0000`; JavaScript wants a colon in the offset. */
export function parseSalesforceDatetime(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** A datetime field's value (Salesforce's form or ISO) as a Date; null when absent or unreadable. */
export function salesforceTime(value: unknown): Date | null {
  const ms = typeof value === 'string' ? parseSalesforceDatetime(value) : NaN;
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function soqlDatetime(value: string | number | Date): string {
  const ms = typeof value === 'string' ? parseSalesforceDatetime(value) : new Date(value).getTime();
  if (Number.isNaN(ms)) throw new HandoffError('SALESFORCE_BAD_DATETIME', `Not a datetime: ${JSON.stringify(String(value).slice(0, 40))}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The keyset page after `cursor`: records modified later, or at the same instant with a greater
 * Id, in (SystemModstamp, Id) order. Unlike `SystemModstamp > :t` it neither loses nor repeats
 * records that share a SystemModstamp across a page boundary. With `through`, only records up to
 * and including that keyset position (the poller's look-back re-read walks a bounded range).
 */
export function changedSinceQuery(object: string, fields: readonly string[], cursor: ModstampCursor | null, limit: number, through?: ModstampCursor): string {
  const select = [...new Set(['Id', 'SystemModstamp', ...fields])].map(soqlName).join(', ');
  const after = cursor ? `(SystemModstamp = ${soqlDatetime(cursor.ts)} AND Id > ${soqlId(cursor.id)}) OR SystemModstamp > ${soqlDatetime(cursor.ts)}` : undefined;
  const upTo = through ? `(SystemModstamp = ${soqlDatetime(through.ts)} AND Id <= ${soqlId(through.id)}) OR SystemModstamp < ${soqlDatetime(through.ts)}` : undefined;
  const where = after && upTo ? ` WHERE (${after}) AND (${upTo})` : after || upTo ? ` WHERE ${after ?? upTo}` : '';
  return `SELECT ${select} FROM ${soqlName(object)}${where} ORDER BY SystemModstamp, Id LIMIT ${limit}`;
}
