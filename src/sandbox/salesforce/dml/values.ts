import { formatDatetime, parseDateInput, parseDatetimeInput } from '../datetime';
import { sfError, type SfError } from '../errors';
import { normalizeId } from '../ids';
import type { FieldDef } from '../schema/types';

/**
 * Turns a JSON value sent for a field into the stored wire value, with Salesforce's checks.
 * Two kinds of failure: a value of the wrong JSON kind fails the whole request with
 * JSON_PARSER_ERROR (Salesforce cannot even deserialize it); a value of the right kind that breaks
 * a field rule (too long, bad picklist value, malformed id…) fails only that record.
 */
export type Coerced =
  | { kind: 'ok'; value: unknown }
  | { kind: 'parse'; message: string }
  | { kind: 'error'; error: SfError };

const TEXT_TYPES = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'combobox', 'email', 'phone', 'url']);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const SOAP_NAME: Record<string, string> = {
  boolean: 'boolean', double: 'double', currency: 'double', percent: 'double', int: 'int', date: 'date', datetime: 'datetime',
};

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'START_ARRAY';
  if (typeof v === 'object') return 'START_OBJECT';
  if (typeof v === 'string') return 'VALUE_STRING';
  if (typeof v === 'boolean') return v ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return Number.isInteger(v) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
}

const parseFail = (fd: FieldDef, v: unknown): Coerced => ({
  kind: 'parse',
  message: `Cannot deserialize instance of ${SOAP_NAME[fd.type] ?? 'string'} from ${jsonKind(v)} value ${
    typeof v === 'object' ? JSON.stringify(v) : String(v)
  } or request may be missing a required field`,
});

const fieldError = (code: string, message: string, fd: FieldDef): Coerced => ({
  kind: 'error',
  error: sfError(code, message, [fd.name]),
});

export function coerceValue(fd: FieldDef, v: unknown): Coerced {
  if (v === null || v === undefined) return { kind: 'ok', value: fd.type === 'boolean' ? false : null };
  if (TEXT_TYPES.has(fd.type)) return coerceText(fd, v);
  if (NUMBER_TYPES.has(fd.type)) return coerceNumber(fd, v);
  switch (fd.type) {
    case 'boolean':
      if (typeof v === 'boolean') return { kind: 'ok', value: v };
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return { kind: 'ok', value: v.toLowerCase() === 'true' };
      return parseFail(fd, v);
    case 'date': {
      const d = typeof v === 'string' ? parseDateInput(v) : undefined;
      return d === undefined ? parseFail(fd, v) : { kind: 'ok', value: d };
    }
    case 'datetime': {
      const ms = typeof v === 'string' ? parseDatetimeInput(v) : undefined;
      return ms === undefined ? parseFail(fd, v) : { kind: 'ok', value: formatDatetime(ms) };
    }
    case 'id':
    case 'reference': {
      if (typeof v !== 'string') return parseFail(fd, v);
      if (v === '') return { kind: 'ok', value: null };
      const id = normalizeId(v);
      return id === undefined
        ? fieldError('MALFORMED_ID', `${fd.label}: id value of incorrect type: ${v}`, fd)
        : { kind: 'ok', value: id };
    }
  }
  return parseFail(fd, v);
}

function coerceText(fd: FieldDef, v: unknown): Coerced {
  if (typeof v === 'object') return parseFail(fd, v);
  const s = String(v);
  if (s === '') return { kind: 'ok', value: null }; // Salesforce stores blank text as null
  if (s.length > fd.length) {
    return fieldError('STRING_TOO_LONG', `${fd.label}: data value too large: ${s} (max length=${fd.length})`, fd);
  }
  if (fd.type === 'email' && !EMAIL.test(s)) {
    return fieldError('INVALID_EMAIL_ADDRESS', `${fd.label}: invalid email address: ${s}`, fd);
  }
  if (fd.type === 'picklist' && fd.restrictedPicklist && !fd.picklistValues.some((p) => p.active && p.value === s)) {
    return fieldError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${fd.label}: bad value for restricted picklist field: ${s}`, fd);
  }
  return { kind: 'ok', value: s };
}

function coerceNumber(fd: FieldDef, v: unknown): Coerced {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
  else return parseFail(fd, v);
  if (!Number.isFinite(n)) return parseFail(fd, v);
  const scale = fd.type === 'int' ? 0 : fd.scale;
  const rounded = Math.round(n * 10 ** scale) / 10 ** scale;
  const intDigits = Math.trunc(Math.abs(rounded)).toString().length;
  if (fd.precision > 0 && Math.trunc(Math.abs(rounded)) !== 0 && intDigits > fd.precision - scale) {
    return fieldError('NUMBER_OUTSIDE_VALID_RANGE', `${fd.label}: value outside of valid range on numeric field: ${String(v)}`, fd);
  }
  return { kind: 'ok', value: rounded };
}
