export { decayedPoints } from './decay';
export { SCORE_CATEGORIES, scoreLead } from './score';
export type { LeadScore, ScoreCategory, ScoreSignal } from './score';
