/**
 * The part of a pool that does not depend on the lead: active RMs passing its branch, territory,
 * role, licence, skill, language and segment filters. `handoff validate` uses it to refuse rules
 * that could never place a lead (a mortgage rule whose pool holds no NMLS-registered RM), with
 * the same filter code routing runs.
 */
import type { Product } from '../../config/schemas/catalogue';
import type { Pool } from '../../config/schemas/routing';
import type { Rm } from '../../config/schemas/roster';
import { INSURANCE_STATE } from '../../config/vocabulary';
import type { RosterIndex } from '../roster-index';
import { territoryBranches } from './pool';

/** A licence pattern matches a held licence; INSURANCE_STATE matches any state's insurance licence. */
function holds(rm: Rm, licence: string): boolean {
  return licence === INSURANCE_STATE ? rm.licenses.some((l) => l.startsWith('INSURANCE_')) : rm.licenses.includes(licence);
}

/** Could this RM ever take a lead for the product, whatever the lead's state? */
export function mayHoldLicenceFor(rm: Rm, product: Product): boolean {
  return product.required_licenses.length === 0 || product.required_licenses.some((l) => holds(rm, l));
}

export function staticPoolMembers(pool: Pool, index: RosterIndex, regions: Readonly<Record<string, readonly string[]>>): Rm[] {
  if (pool.queue !== undefined || pool.existing_owner) return [];
  const any = (want: readonly string[] | undefined, have: readonly string[]): boolean => !want || want.some((w) => have.includes(w));
  const branches = pool.territory ? territoryBranches(pool.territory, index, regions) : null;
  return index.rms.filter(
    (rm) =>
      rm.active &&
      any(pool.branch, rm.branch ? [rm.branch] : []) &&
      (!branches || (rm.branch !== undefined && branches.has(rm.branch))) &&
      any(pool.role, [rm.role]) &&
      (!pool.license || pool.license.some((l) => holds(rm, l))) &&
      any(pool.skill, rm.skills) &&
      any(pool.language, rm.languages) &&
      any(pool.segment, rm.segments),
  );
}
