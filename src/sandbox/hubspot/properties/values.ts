/**
 * What HubSpot does to a property value on write: everything is a string on the wire, an empty
 * string clears, numbers/booleans/dates are checked and put in canonical form, enumerations must
 * name an option exactly (case-sensitive). Pure functions; the error shape mirrors the entries
 * HubSpot embeds in its "Property values were not valid" message.
 */
import type { PropertyDefinition } from './types';

export interface PropertyValueError {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
}

export type ValueResult = { ok: true; value: string } | { ok: false; error: PropertyValueError };

const MAX_STRING = 65_536;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

export function valueError(name: string, error: string, message: string): PropertyValueError {
  return { isValid: false, message, error, name, localizedErrorMessage: message };
}

const fail = (name: string, code: string, message: string): ValueResult => ({ ok: false, error: valueError(name, code, message) });

/** Epoch ms from an epoch-ms string or an ISO-8601 date/datetime; undefined when neither. */
export function parseInstant(raw: string): number | undefined {
  const s = raw.trim();
  if (/^-?\d+$/.test(s)) return Number(s);
  if (!ISO_RE.test(s)) return undefined;
  const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? undefined : ms;
}

export function normalizeValue(def: PropertyDefinition, input: unknown): ValueResult {
  const { name } = def;
  if (input === null || input === undefined) return { ok: true, value: '' };
  if (typeof input === 'object') return fail(name, 'INVALID_VALUE', `${name} must be a string, number or boolean.`);
  const raw = String(input as string | number | boolean);
  if (raw === '') return { ok: true, value: '' };
  switch (def.type) {
    case 'string':
      if (raw.length > MAX_STRING) return fail(name, 'INVALID_LENGTH', `${name} is longer than ${MAX_STRING} characters.`);
      if (name === 'email') {
        const email = raw.trim().toLowerCase();
        return EMAIL_RE.test(email) ? { ok: true, value: email } : fail(name, 'INVALID_EMAIL', `Email address ${raw} is invalid`);
      }
      return { ok: true, value: raw };
    case 'number': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n)) return fail(name, 'INVALID_INTEGER', `${raw} was not a valid number.`);
      return { ok: true, value: String(n) };
    }
    case 'bool': {
      const b = raw.trim().toLowerCase();
      if (b !== 'true' && b !== 'false') return fail(name, 'INVALID_BOOLEAN', `${raw} is not a valid boolean value; use true or false.`);
      return { ok: true, value: b };
    }
    case 'datetime': {
      const ms = parseInstant(raw);
      if (ms === undefined) return fail(name, 'INVALID_DATE', `${raw} is not a valid datetime: use an ISO-8601 string or epoch milliseconds.`);
      return { ok: true, value: new Date(ms).toISOString() };
    }
    case 'date': {
      const ms = parseInstant(raw);
      if (ms === undefined || ms % DAY_MS !== 0) {
        return fail(name, 'INVALID_DATE', `${raw} is not a valid date: it must be midnight UTC (YYYY-MM-DD or epoch milliseconds).`);
      }
      return { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'enumeration':
      return normalizeEnumeration(def, raw);
  }
}

function normalizeEnumeration(def: PropertyDefinition, raw: string): ValueResult {
  if (def.externalOptions) return { ok: true, value: raw };
  // Multi-select (checkbox) values are ';'-separated; each part must be an option.
  const parts = def.fieldType === 'checkbox' ? raw.split(';').filter((p) => p !== '') : [raw];
  const allowed = new Set(def.options.map((o) => o.value));
  const bad = parts.find((p) => !allowed.has(p));
  if (bad !== undefined) {
    const list = def.options.map((o) => o.value).join(', ');
    return fail(def.name, 'INVALID_OPTION', `${bad} was not one of the allowed options: [${list}]`);
  }
  return { ok: true, value: parts.join(';') };
}
