export { decideHandoffResponse } from './respond';
export type { HandoffChange, ResponseInput, ResponseOutcome } from './respond';
