export { decideAfterReturn, reasonPolicy } from './decide';
export type { AfterReturnAction, AfterReturnInput, AfterReturnOutcome, ResolvedReasonPolicy } from './decide';
export { onRecycleCooldown } from './cooldown';
