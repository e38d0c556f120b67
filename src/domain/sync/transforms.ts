/**
 * The text transforms fields.yaml names (trim, lowercase, uppercase, titlecase, e164) and the
 * Salesforce length limit. They are normalisations, applied to a value coming from either system,
 * so each is idempotent: applying a chain twice gives what applying it once gave.
 * Date, datetime, boolean and number conversions between the systems live in formats.ts.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { FieldMapping, Transform } from '../../config/schemas/fields';
import { normalisePhone } from '../identity/phone';
import type { Converted, Side, SyncProblem } from './types';

export type TextTransform = Extract<Transform, 'trim' | 'lowercase' | 'uppercase' | 'titlecase'>;

export const trim = (s: string): string => s.trim();
export const lowercase = (s: string): string => s.toLowerCase();
export const uppercase = (s: string): string => s.toUpperCase();

/**
 * "new york" → "New York", "winston-salem" → "Winston-Salem". Letters after an apostrophe stay
 * lower ("don't", "coeur d'alene"): guessing O'Brien would be wrong as often as right.
 */
export const titlecase = (s: string): string =>
  s.toLowerCase().replace(/(^|[\s\-/(.])(\p{Ll})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());

const TEXT: Record<TextTransform, (s: string) => string> = { trim, lowercase, uppercase, titlecase };

export function isTextTransform(t: Transform): t is TextTransform {
  return t in TEXT;
}

/** Applies the field's text transforms in order; non-text transforms are skipped here. */
export function applyTextTransforms(value: string, transforms: readonly Transform[]): string {
  let out = value;
  for (const t of transforms) if (isTextTransform(t)) out = TEXT[t](out);
  return out;
}

/**
 * The phone in E.164. A number that cannot be read is a problem naming the field, not an
 * exception, and the message does not repeat the number.
 */
export function toE164(value: string, country: CountryCode, field: string, side?: Side): Converted<string> {
  const check = normalisePhone(value, country);
  if (check.ok) return { value: check.e164 };
  return {
    problem: {
      code: 'invalid_phone',
      field,
      message: `${field}: the ${side ? `${side === 'hubspot' ? 'HubSpot' : 'Salesforce'} ` : ''}value is not a phone number that can be written as E.164 (${check.message})`,
      ...(side ? { side } : {}),
    },
  };
}

/** Text transforms then e164, in the order the YAML lists them. */
export function applyTransformChain(value: string, field: FieldMapping, country: CountryCode, side?: Side): Converted<string> {
  let out = value;
  for (const t of field.transforms) {
    if (isTextTransform(t)) out = TEXT[t](out);
    else if (t === 'e164') {
      if (out.trim() === '') continue;
      const r = toE164(out, country, field.name, side);
      if ('problem' in r) return r;
      out = r.value;
    }
  }
  return { value: out };
}

/**
 * Fits a text to a Salesforce field's length. Free text (text, textarea) is cut with a warning,
 * and the field's text transforms run again so the cut value is itself a fixed point (a cut that
 * ends in a space would otherwise differ from its trimmed read-back and be written every cycle).
 * Values that mean something only whole (email, phone, picklist) are refused instead.
 */
export function fitLength(value: string, max: number | undefined, field: FieldMapping): Converted<string> {
  if (max === undefined || value.length <= max) return { value };
  const name = `${field.name} (${field.salesforce})`;
  if (field.type !== 'text' && field.type !== 'textarea') {
    return { problem: { code: 'too_long', field: field.name, side: 'salesforce', message: `${name}: the value is longer than the ${max} characters Salesforce allows; a ${field.type} cannot be shortened` } };
  }
  let cut = value;
  // Re-applying transforms can, rarely, lengthen a text (uppercase turns ß into SS): cut again.
  for (let limit = max; cut.length > max && limit > 0; limit -= 1) {
    cut = cut.slice(0, limit);
    // Never leave half of a surrogate pair at the end.
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    cut = applyTextTransforms(cut, field.transforms);
  }
  const warning: SyncProblem = {
    code: 'truncated',
    field: field.name,
    side: 'salesforce',
    message: `${name}: the value was cut to the ${max} characters Salesforce allows`,
  };
  return { value: cut, warnings: [warning] };
}
