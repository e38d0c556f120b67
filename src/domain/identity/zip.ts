/** A US ZIP on a lead: the right shape, and a ZIP that exists. */
import { knownUsZip, parseUsZip } from '../geo/zip';
import type { IdentityFailure } from './types';

export type ZipCheck =
  | { ok: true; zip5: string; plus4: string | null; state: string }
  | IdentityFailure<'ZIP_INVALID' | 'ZIP_UNKNOWN'>;

export function checkUsZip(raw: string): ZipCheck {
  const parsed = parseUsZip(raw);
  if (!parsed.ok) return parsed;
  const known = knownUsZip(parsed.zip5);
  if (!known) return { ok: false, error: 'ZIP_UNKNOWN', message: 'ZIP code is not in the US ZIP code database' };
  return { ok: true, zip5: parsed.zip5, plus4: parsed.plus4, state: known.state };
}
