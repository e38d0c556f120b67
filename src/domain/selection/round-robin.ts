/**
 * Round robin that survives a changing pool. The pointer is a per-pool count of assignments
 * plus the last pick; each call picks the eligible candidate with the fewest assignments, ties
 * in stable order after the last pick. With a fixed pool that is a strict rotation.
 *
 * When someone comes back from leave (or joins the pool) their count is behind. Left alone,
 * "fewest first" would hand them every lead until they caught up. Instead anyone more than one
 * behind the busiest eligible candidate is raised to one behind before picking: they get the
 * next lead or the one after, and the spread among eligible candidates stays within one.
 */
import { firstAfter, stableOrder, tieNote } from './stable-order';
import type { Selection } from './types';

export interface RoundRobinState {
  lastAssigned?: string;
  counts?: Record<string, number>;
}

export function roundRobin(candidates: readonly string[], state: RoundRobinState = {}): Selection<RoundRobinState> {
  const pool = stableOrder(candidates);
  if (pool.length === 0) return { pick: null, nextState: state, explanation: 'round robin: no eligible candidates' };

  const counts: Record<string, number> = { ...state.counts };
  const known = pool.map((id) => counts[id]).filter((c): c is number => c !== undefined);
  const floor = Math.max(0, Math.max(-Infinity, ...known) - 1);
  const raised: string[] = [];
  for (const id of pool) {
    const c = counts[id];
    if (c === undefined || c < floor) {
      if (c !== undefined || floor > 0) raised.push(id);
      counts[id] = floor;
    }
  }

  const fewest = Math.min(...pool.map((id) => counts[id] as number));
  const tied = pool.filter((id) => counts[id] === fewest);
  const pick = firstAfter(tied, state.lastAssigned) as string;
  counts[pick] = fewest + 1;

  const catchUp = raised.length > 0 ? `; ${raised.join(', ')} brought up to ${floor} on (re)joining the pool` : '';
  return {
    pick,
    nextState: { lastAssigned: pick, counts },
    explanation:
      `round robin: picked ${pick}, ${fewest} assignment(s) in this pool, the fewest among ${pool.length} eligible` +
      `${tieNote(tied, state.lastAssigned)}${catchUp}`,
  };
}
