/**
 * Least loaded: the candidate with the fewest open leads right now (counted by the caller from
 * the database), ties in stable order after the last pick so equal loads still rotate.
 */
import { firstAfter, stableOrder, tieNote } from './stable-order';
import type { Selection } from './types';

export interface LeastLoadedState {
  lastAssigned?: string;
}

export function leastLoaded(
  candidates: readonly string[],
  openCounts: Readonly<Record<string, number>>,
  state: LeastLoadedState = {},
): Selection<LeastLoadedState> {
  const pool = stableOrder(candidates);
  if (pool.length === 0) return { pick: null, nextState: state, explanation: 'least loaded: no eligible candidates' };
  const load = (id: string): number => openCounts[id] ?? 0;
  const lightest = Math.min(...pool.map(load));
  const tied = pool.filter((id) => load(id) === lightest);
  const pick = firstAfter(tied, state.lastAssigned) as string;
  return {
    pick,
    nextState: { lastAssigned: pick },
    explanation:
      `least loaded: picked ${pick} with ${lightest} open lead(s), the fewest among ${pool.length} eligible` +
      tieNote(tied, state.lastAssigned),
  };
}
