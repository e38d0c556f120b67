/**
 * Outcome mapping (DESIGN "Decide"): what happened in Salesforce or at the bank (a call that
 * connected, a meeting booked or held, an application, an approval, a funding, a loss) moves the
 * lead forward. Pure: the state asked for, the lead, the statuses mapping and a clock's `now`
 * in; a decision out, or null when the lead is already there or past it (outcomes only move
 * forward; the lifecycle table says which skips are allowed).
 */
import type { StatusesMapping } from '../../config';
import { happenedAt } from '../../domain/clock';
import { cancel, withStatusWrites } from '../../domain/decision';
import type { TimerKind } from '../../domain/decision';
import type { LeadView } from '../../domain/lead';
import { OUTCOME_LABELS, TERMINAL_STATES, canTransition } from '../../domain/lifecycle';
import type { LeadState } from '../../domain/lifecycle';
import type { AnyDecision } from './apply-decision';

/** The SLA clocks an outcome stops: reaching a step stops its deadline and every earlier one. */
const STOPS: Partial<Record<LeadState, TimerKind[]>> = {
  contacted: ['sla_accept_warning', 'sla_accept_breach', 'sla_first_touch_warning', 'sla_first_touch_breach'],
  appointment_set: ['sla_accept_warning', 'sla_accept_breach', 'sla_first_touch_warning', 'sla_first_touch_breach', 'sla_appointment_warning', 'sla_appointment_breach'],
};
const ALL_TIMERS: TimerKind[] = [...(STOPS.appointment_set ?? []), 'recycle_cooldown'];

export interface OutcomeCause {
  /** Where it was seen: "salesforce.task", "salesforce.opportunity", "events:branch_crm"… */
  source: string;
  /** What it was, for the audit trail (ids, stage, amount; no personal data). */
  detail: Record<string, unknown>;
  /**
   * When that system says it happened (a call's completion, a meeting's booking or start, an
   * event's occurred_at), so speed to contact counts to the call, not to the poll that read it.
   */
  occurredAt?: Date | null;
}

export function decideOutcome(lead: LeadView, target: LeadState, statuses: Pick<StatusesMapping, 'outbound'>, now: Date, cause: OutcomeCause): AnyDecision | null {
  if (lead.state === target || !canTransition(lead.state, target)) return null;
  const stops = TERMINAL_STATES.includes(target) || ['appointment_kept', 'application_started', 'approved'].includes(target) ? ALL_TIMERS : (STOPS[target] ?? []);
  const what = OUTCOME_LABELS[target] ?? target;
  return {
    leadId: lead.id,
    at: now,
    newState: target,
    writes: withStatusWrites(statuses, target, {}),
    timers: cancel(...stops),
    audit: {
      type: 'outcome',
      explanation: { outcome: target, previousState: lead.state, source: cause.source, ...cause.detail, occurredAt: happenedAt(cause.occurredAt, now).toISOString() },
      summary: `${what} (${cause.source})`,
    },
  };
}
