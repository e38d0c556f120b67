/**
 * Weighted round robin, the smooth kind (as in nginx): every candidate earns its weight in
 * credit on each call, the richest is picked and pays the total back. Over a cycle of W = sum of
 * weights picks, a candidate of weight w is picked exactly w times, and the picks are spread out
 * (weights 5,1,1 give a a b a c a a, not a a a a a b c). Deterministic: ties go to stable order.
 *
 * Credit of someone not eligible right now is kept as it is; credit is bounded to [-W, W] of the
 * current pool so a long absence cannot build a debt or a hoard that distorts the split later.
 */
import { stableOrder } from './stable-order';
import type { Selection } from './types';

export interface WeightedState {
  credit?: Record<string, number>;
}

export function weighted(
  candidates: readonly string[],
  weights: Readonly<Record<string, number>>,
  state: WeightedState = {},
): Selection<WeightedState> {
  const pool = stableOrder(candidates);
  const weightOf = (id: string): number => {
    // A candidate without a configured weight gets an equal share of 1.
    const w = weights[id] ?? 1;
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight of ${id} must be a finite number >= 0, got ${w}`);
    return w;
  };
  const active = pool.filter((id) => weightOf(id) > 0);
  if (active.length === 0) {
    const why = pool.length === 0 ? 'no eligible candidates' : `all ${pool.length} eligible candidates have weight 0`;
    return { pick: null, nextState: state, explanation: `weighted: ${why}` };
  }

  const total = active.reduce((sum, id) => sum + weightOf(id), 0);
  const credit: Record<string, number> = { ...state.credit };
  let pick = active[0] as string;
  for (const id of active) {
    const before = Math.min(total, Math.max(-total, credit[id] ?? 0));
    credit[id] = before + weightOf(id);
    if ((credit[id] as number) > (credit[pick] as number)) pick = id;
  }
  const earned = credit[pick] as number;
  credit[pick] = earned - total;

  return {
    pick,
    nextState: { credit },
    explanation:
      `weighted: picked ${pick}, weight ${weightOf(pick)} of ${total} across ${active.length} eligible, ` +
      `highest credit ${round(earned)} (smooth weighted round robin)`,
  };
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
