export { route, fallbackRoute } from './route';
export { decideRouting } from './decide';
export type { DecideRoutingInput, RoutingDecision } from './decide';
export { assignmentDecision } from './assign';
export type { GovernanceConfig } from './assign';
export { renderRoutingExplanation, summarise } from './render';
export { staticPoolMembers, mayHoldLicenceFor } from './static-pool';
export { EXCLUSION_CODES } from './types';
export type {
  CandidateTrace, Exclusion, ExclusionCode, NarrowingStep, Owner, PickTrace, PoolState, PoolTrace,
  RouteInput, RouteResult, RoutingExplanation, RoutingSource, RuleTrace,
} from './types';
