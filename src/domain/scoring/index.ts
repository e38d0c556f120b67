export { decayedPoints } from './decay';
export { SCORE_CATEGORIES, scoreLead } from './score';
export type { LeadScore, ScoreCategory, ScoreSignal } from './score';
export { describeScore, scoreWithConfig } from './model';
export type { ScoreBreakdown, ScoreItem, ScoreItemCategory } from './model';
export { fieldOccurrence, occurrencesOf, readCount, readInstant, signalNames } from './signals';
export type { SignalOccurrence } from './signals';
