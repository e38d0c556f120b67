/**
 * Where synthetic prospects live: ZIP codes around the roster's branches (from the zipcodes
 * database, so nearest-branch routing has real distances to work with), a few places far from
 * any branch, and phone numbers in each place's area codes. Phone numbers use the 555-0100…0199
 * block NANPA keeps for fiction: valid to libphonenumber, never a real subscriber.
 */
import { codes } from 'zipcodes';
import type { Branch } from '../../config';
import { haversineMiles, lookupUsZip } from '../../domain/geo';
import type { GeoPoint } from '../../domain/geo';

export interface Place {
  zip: string;
  city: string;
  state: string;
  /** The branch this place was drawn around; undefined when it is outside every branch's area. */
  branchId?: string;
}

/** Area codes by state, for the states the default roster and the far-away places use. */
const AREA_CODES: Record<string, string[]> = {
  NY: ['212', '646', '718', '917', '347', '929'],
  NJ: ['201', '973', '732'],
  CT: ['203'],
  IL: ['312', '773', '872', '847', '224', '630', '708'],
  IN: ['219'],
  CO: ['303', '720'],
  AZ: ['602', '480', '623'],
  CA: ['213', '323', '310', '424', '626', '818', '562'],
  WA: ['206', '425'],
  FL: ['305', '786'],
  MA: ['617', '857'],
  GA: ['404', '470'],
  TX: ['214', '512', '713'],
};
const FALLBACK_AREA_CODES = ['202', '415', '503'];

/** Far from the default branches: leads that routing has to send somewhere else. */
const FAR_AWAY_ZIPS = ['98101', '33131', '02110', '30303', '73301', '75201'];

const MILES = 15;

function placeOf(zip: string, branchId?: string): Place | undefined {
  const r = lookupUsZip(zip);
  return r.ok ? { zip: r.zip5, city: r.city, state: r.state, ...(branchId !== undefined ? { branchId } : {}) } : undefined;
}

const cache = new Map<string, Place[]>();
let located: { zip: string; city: string; state: string; point: GeoPoint }[] | undefined;

/** Every located US ZIP, once: one pass over the database is far cheaper than its radius() per branch. */
function locatedZips(): NonNullable<typeof located> {
  located ??= Object.values(codes)
    .filter((c) => c.country === 'US' && !(c.latitude === 0 && c.longitude === 0) && /^\d{5}$/.test(c.zip))
    .map((c) => ({ zip: c.zip, city: c.city, state: c.state, point: { lat: c.latitude, lon: c.longitude } }));
  return located;
}

/** The located ZIPs within 15 miles of a branch, in the database's (fixed) order. */
export function placesNear(branch: Branch): Place[] {
  const key = `${branch.id}:${branch.address.zip}`;
  let places = cache.get(key);
  if (!places) {
    const centre = lookupUsZip(branch.address.zip);
    // A cheap latitude band first: 15 miles is about 0.22 degrees of latitude.
    places = centre.ok
      ? locatedZips()
          .filter((z) => Math.abs(z.point.lat - centre.point.lat) < 0.25 && haversineMiles(centre.point, z.point) <= MILES)
          .map((z) => ({ zip: z.zip, city: z.city, state: z.state, branchId: branch.id }))
      : [];
    if (places.length === 0) {
      const own = placeOf(branch.address.zip, branch.id);
      places = own ? [own] : [];
    }
    cache.set(key, places);
  }
  return places;
}

export function farAwayPlaces(): Place[] {
  return FAR_AWAY_ZIPS.map((z) => placeOf(z)).filter((p): p is Place => p !== undefined);
}

export function areaCodesFor(state: string): readonly string[] {
  return AREA_CODES[state] ?? FALLBACK_AREA_CODES;
}

/** The ways people type a US number into a web form. */
export type PhoneStyle = 'national' | 'dashes' | 'e164' | 'digits' | 'spaced';

export function formatPhone(area: string, line: string, style: PhoneStyle): string {
  switch (style) {
    case 'national':
      return `(${area}) 555-${line}`;
    case 'dashes':
      return `${area}-555-${line}`;
    case 'e164':
      return `+1${area}555${line}`;
    case 'digits':
      return `${area}555${line}`;
    case 'spaced':
      return `+1 ${area} 555 ${line}`;
  }
}
