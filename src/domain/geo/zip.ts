/**
 * US ZIP codes: shape check and lookup in the zipcodes package's database (US and Canadian
 * postal areas with centroids). Failures are values with a reason code; the raw value never
 * goes into a message, since a ZIP next to a name is personal data.
 */
import { lookup } from 'zipcodes';

export interface GeoPoint {
  lat: number;
  lon: number;
}

export type ZipError = 'ZIP_INVALID' | 'ZIP_UNKNOWN' | 'ZIP_NO_LOCATION';

export type ParsedZip = { ok: true; zip5: string; plus4: string | null } | { ok: false; error: 'ZIP_INVALID'; message: string };

export type ZipLookup =
  | { ok: true; zip5: string; point: GeoPoint; city: string; state: string }
  | { ok: false; error: ZipError; message: string };

const ZIP_SHAPE = /^(\d{5})(?:[-\s]?(\d{4}))?$/;

/** "10001", "10001-1234", "10001 1234" and "100011234" are accepted; surrounding spaces are ignored. */
export function parseUsZip(raw: string): ParsedZip {
  const m = typeof raw === 'string' ? ZIP_SHAPE.exec(raw.trim()) : null;
  if (!m || !m[1]) return { ok: false, error: 'ZIP_INVALID', message: 'ZIP code must be 5 digits or ZIP+4 (12345-6789)' };
  return { ok: true, zip5: m[1], plus4: m[2] ?? null };
}

/** The database's city and state for a 5-digit US ZIP, located or not; null when unknown. */
export function knownUsZip(zip5: string): { city: string; state: string } | null {
  const rec = lookup(zip5);
  return rec && rec.country === 'US' ? { city: rec.city, state: rec.state } : null;
}

export function lookupUsZip(raw: string): ZipLookup {
  const parsed = parseUsZip(raw);
  if (!parsed.ok) return parsed;
  const rec = lookup(parsed.zip5);
  if (!rec || rec.country !== 'US') {
    return { ok: false, error: 'ZIP_UNKNOWN', message: 'ZIP code is not in the US ZIP code database' };
  }
  // Military (APO/FPO/DPO) ZIPs are real but carry no location (0, 0) in the database.
  if (rec.latitude === 0 && rec.longitude === 0) {
    return { ok: false, error: 'ZIP_NO_LOCATION', message: 'ZIP code has no geographic location (military or special-purpose ZIP)' };
  }
  return { ok: true, zip5: parsed.zip5, point: { lat: rec.latitude, lon: rec.longitude }, city: rec.city, state: rec.state };
}
