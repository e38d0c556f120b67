export { knownUsZip, lookupUsZip, parseUsZip } from './zip';
export type { GeoPoint, ParsedZip, ZipError, ZipLookup } from './zip';
export { KM_PER_MILE, haversineMiles } from './distance';
export { buildBranchIndex } from './branch-index';
export type { BranchIndex, BranchLocation, NearbyBranch, NearestOptions, NearestResult, SkippedBranch } from './branch-index';
