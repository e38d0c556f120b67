export type { Selection } from './types';
export { roundRobin } from './round-robin';
export type { RoundRobinState } from './round-robin';
export { weighted } from './weighted';
export type { WeightedState } from './weighted';
export { leastLoaded } from './least-loaded';
export type { LeastLoadedState } from './least-loaded';
export { stableOrder } from './stable-order';
