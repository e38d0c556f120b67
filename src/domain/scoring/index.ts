export { decayedPoints } from './decay';
export { SCORE_CATEGORIES, scoreLead } from './score';
export type { LeadScore, ScoreCategory, ScoreSignal } from './score';
export { describeScore, scoreWithConfig } from './model';
export type { ScoreBreakdown, ScoreItem, ScoreItemCategory } from './model';
export { MAX_RECORDED_SIGNALS, fieldOccurrence, occurrencesOf, readCount, readInstant, recordSignal, signalNames } from './signals';
export type { RecordedSignal, SignalOccurrence } from './signals';
