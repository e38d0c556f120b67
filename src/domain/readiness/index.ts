export { evaluateReadiness, planPrequal } from './evaluate';
export type { ReadinessInput, ReadinessResult, Segmentation } from './evaluate';
export { decideReadiness } from './decide';
export type { DecideReadinessInput } from './decide';
export type { PrequalOutcome, PrequalRequest } from './prequal';
export { REASON_CODES, formatReasons } from './reasons';
export type { ReadinessReason, ReasonCode } from './reasons';
export type { ReadinessSource } from './gate-checks';
