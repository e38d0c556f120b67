/**
 * The recycle cooldown timer fired: the lead may be handed off again if it is (still) ready.
 * Readiness decides; a lead that no longer qualifies stays recycled, in nurture, until marketing
 * qualifies it again.
 */
import { decideReadiness } from '../readiness/decide';
import type { DecideReadinessInput } from '../readiness/decide';
import type { Decision } from '../decision';
import type { ReadinessResult } from '../readiness/evaluate';

export function onRecycleCooldown(input: DecideReadinessInput): { result: ReadinessResult | null; decision: Decision } {
  const { lead, now } = input;
  if (lead.state !== 'recycled') {
    const summary = `Recycle cooldown ignored: the lead is ${lead.state}`;
    return { result: null, decision: { leadId: lead.id, at: now, newState: null, writes: {}, timers: [], audit: { type: 'ignored', explanation: { state: lead.state }, summary } } };
  }
  return decideReadiness(input);
}
