/**
 * Phone numbers to E.164 with libphonenumber-js. The `max` metadata is used because it checks
 * number patterns, not just lengths: (123) 456-7890 has the right length for the US but no
 * area code starts with 1, and a Lead with a number nobody can dial is not ready.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { IdentityFailure } from './types';

export type PhoneCheck =
  | { ok: true; e164: string; country: string | null; extension: string | null; kind: string | null }
  | IdentityFailure<'PHONE_INVALID'>;

export function normalisePhone(raw: string, defaultCountry: CountryCode = 'US'): PhoneCheck {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, error: 'PHONE_INVALID', message: 'phone number is empty' };
  }
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  if (!parsed) return { ok: false, error: 'PHONE_INVALID', message: 'phone number could not be read as a phone number' };
  if (!parsed.isValid()) {
    return { ok: false, error: 'PHONE_INVALID', message: 'phone number is not a valid number for its country' };
  }
  return {
    ok: true,
    e164: parsed.number,
    country: parsed.country ?? null,
    extension: parsed.ext ?? null,
    // FIXED_LINE, MOBILE, FIXED_LINE_OR_MOBILE (most US numbers), TOLL_FREE, VOIP…
    kind: parsed.getType() ?? null,
  };
}
