export { planAssignment, DEADLINES } from './plan';
export type { Deadline, PlanInput, SlaPlan, SlaSource } from './plan';
export { onSlaBreach } from './breach';
export type { BreachAction, BreachInput, BreachOutcome } from './breach';
export { recordBreachStreak, restoreToRotation, outOfRotation } from './streak';
export type { BreachStreak, StreakResult } from './streak';
export { resolvePolicy } from './policy';
export type { PolicyChoice, ResolvedPolicy } from './policy';
