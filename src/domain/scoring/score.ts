/**
 * A lead's score as the sum of its signals, kept by category because readiness rules ask
 * different questions of each (enough fit to be worth a banker's time, enough intent to call now).
 */
import { decayedPoints } from './decay';

export const SCORE_CATEGORIES = ['fit', 'behavior', 'intent'] as const;
export type ScoreCategory = (typeof SCORE_CATEGORIES)[number];

export interface ScoreSignal {
  category: ScoreCategory;
  points: number;
  /** When it happened; a signal without a time does not decay (fit: income band, segment). */
  at?: Date;
  halfLifeDays?: number;
}

export interface LeadScore {
  total: number;
  byCategory: Record<ScoreCategory, number>;
}

export function scoreLead(signals: readonly ScoreSignal[], now: Date): LeadScore {
  const byCategory: Record<ScoreCategory, number> = { fit: 0, behavior: 0, intent: 0 };
  for (const s of signals) {
    byCategory[s.category] += s.at ? decayedPoints(s.points, s.at, now, s.halfLifeDays) : s.points;
  }
  return { total: byCategory.fit + byCategory.behavior + byCategory.intent, byCategory };
}
