/**
 * A spatial index of branches for "nearest branches within N miles of the lead's ZIP".
 * kdbush + geokdbush do the search; distances and the radius cut are then recomputed with our
 * haversine and ties are broken by id, so results are deterministic and agree with a plain scan.
 */
import type KDBushType from 'kdbush' with { 'resolution-mode': 'import' };
import type * as GeoKdbush from 'geokdbush' with { 'resolution-mode': 'import' };
import { KM_PER_MILE, haversineMiles } from './distance';
import { lookupUsZip } from './zip';
import type { GeoPoint, ZipError } from './zip';

// Both packages are ESM-only; Node 20.19+ loads them with require(), and jest transforms them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const KDBush = (require('kdbush') as { default: typeof KDBushType }).default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { around } = require('geokdbush') as typeof GeoKdbush;

export interface BranchLocation {
  id: string;
  zip: string;
  /** An exact geocode beats the ZIP centroid when the caller has one. */
  point?: GeoPoint;
}

export interface NearbyBranch {
  id: string;
  miles: number;
}

export interface NearestOptions {
  radiusMiles: number;
  /** At most this many branches; all within the radius when omitted. */
  max?: number;
}

export type NearestResult =
  | { ok: true; origin: GeoPoint; branches: NearbyBranch[] }
  | { ok: false; error: ZipError; message: string };

export interface SkippedBranch {
  id: string;
  error: ZipError | 'DUPLICATE_ID';
  message: string;
}

export interface BranchIndex {
  /** Branches that could not be placed on the map, so config checks can report them. */
  readonly skipped: readonly SkippedBranch[];
  readonly size: number;
  nearest(zip: string, options: NearestOptions): NearestResult;
  nearestToPoint(origin: GeoPoint, options: NearestOptions): NearbyBranch[];
}

/** geokdbush's own distance may differ from ours in the last bits; widen its cut by a metre. */
const SLACK_KM = 0.001;

const byDistanceThenId = (a: NearbyBranch, b: NearbyBranch): number =>
  a.miles - b.miles || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildBranchIndex(branches: readonly BranchLocation[]): BranchIndex {
  const skipped: SkippedBranch[] = [];
  const placed: { id: string; point: GeoPoint }[] = [];
  const seen = new Set<string>();
  for (const b of branches) {
    if (seen.has(b.id)) {
      skipped.push({ id: b.id, error: 'DUPLICATE_ID', message: 'branch id appears more than once; the first entry is used' });
      continue;
    }
    seen.add(b.id);
    if (b.point) {
      placed.push({ id: b.id, point: b.point });
      continue;
    }
    const found = lookupUsZip(b.zip);
    if (found.ok) placed.push({ id: b.id, point: found.point });
    else skipped.push({ id: b.id, error: found.error, message: found.message });
  }

  const index = placed.length > 0 ? new KDBush(placed.length) : null;
  for (const p of placed) index?.add(p.point.lon, p.point.lat);
  index?.finish();

  const search = (origin: GeoPoint, maxResults: number | undefined, radiusMiles: number): number[] => {
    if (!index) return [];
    const maxKm = Number.isFinite(radiusMiles) ? radiusMiles * KM_PER_MILE + SLACK_KM : undefined;
    return around(index, origin.lon, origin.lat, maxResults, maxKm);
  };

  const nearestToPoint = (origin: GeoPoint, { radiusMiles, max }: NearestOptions): NearbyBranch[] => {
    if (!(radiusMiles >= 0) || (max !== undefined && max <= 0)) return [];
    let ids = search(origin, max, radiusMiles);
    const limited = max !== undefined && ids.length === max;
    const lastId = ids[ids.length - 1];
    const last = lastId === undefined ? undefined : placed[lastId];
    if (limited && last) {
      // Branches tied with the farthest one kept may have been cut arbitrarily; fetch them all
      // and let the id decide.
      ids = search(origin, undefined, Math.min(radiusMiles, haversineMiles(origin, last.point)));
    }
    const found: NearbyBranch[] = [];
    for (const i of ids) {
      const p = placed[i];
      if (!p) continue;
      const miles = haversineMiles(origin, p.point);
      if (miles <= radiusMiles) found.push({ id: p.id, miles });
    }
    found.sort(byDistanceThenId);
    return max === undefined ? found : found.slice(0, max);
  };

  return {
    skipped,
    size: placed.length,
    nearestToPoint,
    nearest(zip, options) {
      const origin = lookupUsZip(zip);
      if (!origin.ok) return origin;
      return { ok: true, origin: origin.point, branches: nearestToPoint(origin.point, options) };
    },
  };
}
