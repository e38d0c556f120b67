/**
 * Who in a pool could take this lead. First the roster is narrowed as a set, through indexes
 * (existing owner, referral branch, branches, territory, nearest branches, role); then each RM
 * left is checked one by one (active, licences, skills, language, segment, rotation, earlier
 * ownership, capacity, availability) and every reason they fail is kept for the explanation.
 *
 * Licensing is enforced whatever the pool says: an RM who holds none of the licences the lead's
 * product requires is never eligible (`licensed_for_product: true` only makes that explicit).
 */
import type { Pool } from '../../config/schemas/routing';
import type { Rm } from '../../config/schemas/roster';
import { INSURANCE_STATE } from '../../config/vocabulary';
import type { LeadFacts } from '../facts';
import type { LeadView } from '../lead';
import { referralBranchOf } from '../lead';
import { licencesFor } from '../roster-index';
import type { RosterIndex } from '../roster-index';
import { availability } from './availability';
import type { Availability, OpeningCache } from './availability';
import type { CandidateTrace, Exclusion, NarrowingStep } from './types';

export interface PoolContext {
  index: RosterIndex;
  regions: Readonly<Record<string, readonly string[]>>;
  lead: LeadView;
  facts: LeadFacts;
  now: Date;
  excluded: ReadonlySet<string>;
  outOfRotation: ReadonlySet<string>;
  openLeadCounts: Readonly<Record<string, number>>;
  existingOwnerId: string | null;
  graceMinutes: number;
  openings: OpeningCache;
}

export interface PoolEvaluation {
  narrowing: NarrowingStep[];
  candidates: CandidateTrace[];
  eligible: Rm[];
  /** RMs whose only exclusion is being away, with when they are back: a hold may wait for one. */
  awayOnly: { rm: Rm; availability: Extract<Availability, { available: false }> }[];
  /**
   * Which pool this is, when its members depend on where the lead is (nearest branches, the
   * referring branch): the sorted branch ids. Each such set keeps its own round-robin pointer, so
   * a pointer only ever counts the RMs it rotates among. null for pools fixed by the rule.
   */
  instance: string | null;
}

const territoryCache = new WeakMap<RosterIndex, WeakMap<object, ReadonlySet<string>>>();

/** Branch ids inside a pool's territory (states, ZIPs or prefixes, regions), once per pool. */
export function territoryBranches(territory: NonNullable<Pool['territory']>, index: RosterIndex, regions: Readonly<Record<string, readonly string[]>>): ReadonlySet<string> {
  let perIndex = territoryCache.get(index);
  if (!perIndex) territoryCache.set(index, (perIndex = new WeakMap()));
  const hit = perIndex.get(territory);
  if (hit) return hit;
  const states = new Set([...(territory.states ?? []), ...(territory.regions ?? []).flatMap((r) => regions[r] ?? [])]);
  const zips = territory.zips ?? [];
  const out = new Set<string>();
  for (const b of index.branchById.values()) {
    if (states.has(b.address.state) || zips.some((z) => b.address.zip.startsWith(z))) out.add(b.id);
  }
  perIndex.set(territory, out);
  return out;
}

/** The location and role filters, applied as sets. Returns null when the pool has none of them. */
function narrow(pool: Pool, ctx: PoolContext, steps: NarrowingStep[], instance: string[]): Rm[] | null {
  const { index } = ctx;
  let set: Rm[] | null = null;
  const keepBranches = (filter: string, branches: Iterable<string>, detail: string): void => {
    const ids = new Set(branches);
    if (filter === 'nearest_branches' || filter === 'referral_branch') instance.push(...ids);
    set = set ? set.filter((m) => m.branch !== undefined && ids.has(m.branch)) : [...ids].flatMap((b) => index.rmsByBranch.get(b) ?? []);
    steps.push({ filter, detail, remaining: set.length });
  };
  if (pool.existing_owner) {
    const id = ctx.existingOwnerId;
    const rm = id ? index.rmById.get(id) : undefined;
    set = rm ? [rm] : [];
    const detail = !id ? 'the lead has no existing owner' : rm ? `the customer's owner is ${id}` : `the customer's owner ${id} is not in roster.yaml`;
    steps.push({ filter: 'existing_owner', detail, remaining: set.length });
  }
  if (pool.referral_branch) {
    const b = referralBranchOf(ctx.lead);
    const known = b !== null && index.branchById.has(b);
    keepBranches('referral_branch', known ? [b] : [], b === null ? 'the lead is not a branch referral' : known ? `referred by branch ${b}` : `referred by branch ${b}, which is not in roster.yaml`);
  }
  if (pool.branch) keepBranches('branch', pool.branch, `branches ${pool.branch.join(', ')}`);
  if (pool.territory) {
    const t = pool.territory;
    const what = [...(t.states ?? []), ...(t.zips ?? []).map((z) => `ZIP ${z}`), ...(t.regions ?? []).map((r) => `region ${r}`)].join(', ');
    keepBranches('territory', territoryBranches(t, index, ctx.regions), `branches in ${what}`);
  }
  if (pool.nearest_branches) {
    const { radius_miles: radius, max } = pool.nearest_branches;
    const zip = ctx.facts.zip5;
    const found = zip ? index.branches.nearest(zip, { radiusMiles: radius, max }) : null;
    if (!found || !found.ok) {
      keepBranches('nearest_branches', [], zip ? `ZIP ${zip} has no location` : 'the lead has no valid ZIP');
    } else {
      const list = found.branches.map((b) => `${b.id} (${b.miles.toFixed(1)} mi)`).join(', ');
      keepBranches('nearest_branches', found.branches.map((b) => b.id), found.branches.length ? `within ${radius} mi of ${zip}: ${list}` : `no branch within ${radius} mi of ${zip}`);
    }
  }
  if (pool.role) {
    const roles = pool.role;
    const current: Rm[] | null = set;
    set = current ? current.filter((m) => roles.includes(m.role)) : roles.flatMap((r) => index.rmsByRole.get(r) ?? []);
    steps.push({ filter: 'role', detail: `role ${roles.join(' or ')}`, remaining: set.length });
  }
  return set;
}

/** Everything except availability: cheap, and all reasons are reported. */
function staticExclusions(rm: Rm, pool: Pool, ctx: PoolContext, productLicences: readonly string[]): Exclusion[] {
  const out: Exclusion[] = [];
  const state = ctx.facts.state;
  if (!rm.active) out.push({ code: 'inactive', message: 'inactive in roster.yaml' });
  if (pool.license) {
    const wanted = pool.license.map((l) => (l === INSURANCE_STATE ? `INSURANCE_${state ?? '<unknown state>'}` : l));
    if (!wanted.some((l) => rm.licenses.includes(l))) out.push({ code: 'license', message: `holds none of ${wanted.join(', ')}` });
  }
  if (productLicences.length > 0 && !productLicences.some((l) => rm.licenses.includes(l))) {
    out.push({ code: 'product_license', message: `holds none of the licences ${ctx.lead.product} requires (${productLicences.join(', ')})` });
  }
  if (pool.skill && !pool.skill.some((s) => rm.skills.includes(s))) out.push({ code: 'skill', message: `has none of the skills ${pool.skill.join(', ')}` });
  if (pool.language && !pool.language.some((l) => rm.languages.includes(l))) out.push({ code: 'language', message: `speaks none of ${pool.language.join(', ')}` });
  const lang = ctx.facts.language;
  if (pool.match_language && lang !== null && !rm.languages.includes(lang)) out.push({ code: 'language', message: `does not speak the lead's language (${lang})` });
  if (pool.segment && !pool.segment.some((s) => rm.segments.includes(s))) out.push({ code: 'segment', message: `serves none of the segments ${pool.segment.join(', ')}` });
  if (ctx.outOfRotation.has(rm.id)) out.push({ code: 'out_of_rotation', message: 'out of rotation after repeated SLA breaches' });
  if (ctx.excluded.has(rm.id)) out.push({ code: 'had_lead', message: 'already had this lead' });
  const open = ctx.openLeadCounts[rm.id] ?? 0;
  if (open >= rm.capacity) out.push({ code: 'capacity', message: `at capacity (${open} open of ${rm.capacity})` });
  return out;
}

export function evaluatePool(pool: Pool, ctx: PoolContext): PoolEvaluation {
  const narrowing: NarrowingStep[] = [];
  const located: string[] = [];
  const set = narrow(pool, ctx, narrowing, located) ?? [...ctx.index.rms];
  if (narrowing.length === 0) narrowing.push({ filter: 'roster', detail: 'every RM in roster.yaml', remaining: set.length });
  const product = ctx.lead.product ? ctx.index.productById.get(ctx.lead.product) : undefined;
  const productLicences = licencesFor(product, ctx.facts.state);
  const candidates: CandidateTrace[] = [];
  const eligible: Rm[] = [];
  const awayOnly: PoolEvaluation['awayOnly'] = [];
  for (const rm of set) {
    const excluded = staticExclusions(rm, pool, ctx, productLicences);
    if (excluded.length === 0) {
      const a = availability(rm, ctx.index, ctx.now, ctx.graceMinutes, ctx.openings);
      if (!a.available) {
        excluded.push({ code: 'unavailable', message: a.message });
        awayOnly.push({ rm, availability: a });
      }
    }
    candidates.push({ id: rm.id, eligible: excluded.length === 0, excluded });
    if (excluded.length === 0) eligible.push(rm);
  }
  const instance = pool.nearest_branches || pool.referral_branch ? [...new Set(located)].sort().join('+') : null;
  return { narrowing, candidates, eligible, awayOnly, instance };
}
