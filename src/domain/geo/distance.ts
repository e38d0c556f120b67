/**
 * Great-circle distance. The sphere's radius is geokdbush's (6371 km), so distances computed
 * here agree with the spatial index's ordering and radius cut.
 */
import type { GeoPoint } from './zip';

export const KM_PER_MILE = 1.609344;
const EARTH_RADIUS_MILES = 6371 / KM_PER_MILE;

const rad = (deg: number): number => (deg * Math.PI) / 180;

export function haversineMiles(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}
