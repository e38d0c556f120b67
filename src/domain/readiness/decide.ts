/**
 * decideReadiness(): readiness as a Decision. A lead that passes becomes `ready` (the engine
 * routes ready leads next); one that fails is `blocked` with its reason codes written to the
 * contact's handoff_blocked_reasons. A recycled lead that fails stays recycled (the lifecycle
 * has no recycled → blocked) with its reasons written all the same.
 */
import type { MappingsConfig } from '../../config/mappings-config';
import { withStatusWrites } from '../decision';
import type { Decision } from '../decision';
import type { LeadState } from '../lifecycle';
import { evaluateReadiness } from './evaluate';
import type { ReadinessInput, ReadinessResult } from './evaluate';
import { formatReasons } from './reasons';

export interface DecideReadinessInput extends ReadinessInput {
  config: MappingsConfig;
}

const EVALUATED_IN: readonly LeadState[] = ['captured', 'blocked', 'ready', 'recycled'];

export function decideReadiness(input: DecideReadinessInput): { result: ReadinessResult; decision: Decision } {
  const { lead, config, now } = input;
  const result = evaluateReadiness(input);
  const explanation = { ready: result.ready, reasons: result.reasons, gates: result.gates, score: result.score, segmentation: result.segmentation, previousState: lead.state };
  if (!EVALUATED_IN.includes(lead.state)) {
    const summary = `Readiness not applied: the lead is ${lead.state}, past the handoff`;
    return { result, decision: { leadId: lead.id, at: now, newState: null, writes: {}, timers: [], audit: { type: 'ignored', explanation, summary } } };
  }
  const score = result.score?.total;
  if (result.ready) {
    const newState: LeadState | null = lead.state === 'ready' ? null : 'ready';
    const summary = `Ready for handoff (gates: ${result.gates.join(', ') || 'none'}${score !== undefined ? `; score ${score}` : ''})`;
    return {
      result,
      decision: {
        leadId: lead.id,
        at: now,
        newState,
        lead: { ...(score !== undefined ? { score } : {}), timestamps: { readyAt: now, ...(lead.state === 'recycled' ? { cooldownUntil: null } : {}) } },
        writes: withStatusWrites(config.statuses, newState, { hubspot: { handoff_blocked_reasons: '' } }),
        timers: [],
        audit: { type: 'readiness_passed', explanation, summary },
      },
    };
  }
  const newState: LeadState | null = lead.state === 'captured' || lead.state === 'ready' ? 'blocked' : null;
  const text = formatReasons(result.reasons);
  return {
    result,
    decision: {
      leadId: lead.id,
      at: now,
      newState,
      ...(score !== undefined ? { lead: { score } } : {}),
      writes: withStatusWrites(config.statuses, newState, { hubspot: { handoff_blocked_reasons: text } }),
      timers: [],
      audit: { type: 'readiness_blocked', explanation, summary: `Not ready: ${text}` },
    },
  };
}
