/**
 * The canonical lead lifecycle (DESIGN.md, "The lead lifecycle") as a table of allowed moves.
 * Every state change the engine applies goes through `assertTransition`, so a bug that would
 * write an impossible history (say routed → funded with no one accepting) fails loudly instead
 * of reaching the audit trail.
 *
 * Reading the table:
 * - the exits `disqualified` and `closed_lost` are open from every state that is not final;
 * - engagement outcomes only move forward, but may skip steps (a lead can go from accepted
 *   straight to application_started when the RM logs the application first);
 * - an outcome on a routed or escalated lead (a logged call, a booked meeting) implies the
 *   acceptance the RM did not click, so those states may skip forward into engagement too;
 * - a lead the RM gives back after accepting goes to `returned`, whence it is recycled, or
 *   routed again when the return reason says it went to the wrong person;
 * - a closed lead (funded, disqualified, closed_lost) moves only when the person asks again: a
 *   new inquiry reopens it as `recycled`, a new round that readiness and routing decide.
 */
import { HandoffError } from '../errors';

export const LIFECYCLE_TRANSITIONS = {
  captured: ['ready', 'blocked', 'disqualified', 'closed_lost'],
  blocked: ['ready', 'disqualified', 'closed_lost'],
  ready: ['routed', 'blocked', 'application_started', 'disqualified', 'closed_lost'],
  routed: [
    'accepted', 'returned', 'reassigned', 'escalated',
    'contacted', 'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded',
    'disqualified', 'closed_lost',
  ],
  reassigned: ['routed', 'escalated', 'disqualified', 'closed_lost'],
  escalated: [
    'routed', 'accepted', 'returned',
    'contacted', 'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded',
    'disqualified', 'closed_lost',
  ],
  returned: ['recycled', 'routed', 'disqualified', 'closed_lost'],
  recycled: ['ready', 'disqualified', 'closed_lost'],
  accepted: [
    'contacted', 'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded',
    'returned', 'disqualified', 'closed_lost',
  ],
  contacted: [
    'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded',
    'returned', 'disqualified', 'closed_lost',
  ],
  appointment_set: [
    'appointment_kept', 'application_started', 'approved', 'funded',
    'returned', 'disqualified', 'closed_lost',
  ],
  appointment_kept: ['application_started', 'approved', 'funded', 'returned', 'disqualified', 'closed_lost'],
  application_started: ['approved', 'funded', 'disqualified', 'closed_lost'],
  approved: ['funded', 'disqualified', 'closed_lost'],
  funded: ['recycled'],
  disqualified: ['recycled'],
  closed_lost: ['recycled'],
} as const;

export type LeadState = keyof typeof LIFECYCLE_TRANSITIONS;

// Compile-time check that every target in the table is itself a state.
type TransitionTarget = (typeof LIFECYCLE_TRANSITIONS)[LeadState][number];
type MustBeLeadState<T extends LeadState> = T;
export type _TargetsAreStates = MustBeLeadState<TransitionTarget>;

export const LEAD_STATES = Object.keys(LIFECYCLE_TRANSITIONS) as LeadState[];

/** States a round ends in: nothing moves the lead on but a new inquiry, which reopens it (→ recycled). */
export const TERMINAL_STATES: readonly LeadState[] = ['funded', 'disqualified', 'closed_lost'];

/** How an outcome state reads to people (audit summaries, `handoff explain`). */
export const OUTCOME_LABELS: Partial<Record<LeadState, string>> = {
  contacted: 'Contacted',
  appointment_set: 'Appointment set',
  appointment_kept: 'Appointment kept',
  application_started: 'Application started',
  approved: 'Approved',
  funded: 'Funded',
  closed_lost: 'Closed lost',
  disqualified: 'Disqualified',
};

export function isLeadState(value: unknown): value is LeadState {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LIFECYCLE_TRANSITIONS, value);
}

export function nextStates(from: LeadState): readonly LeadState[] {
  return LIFECYCLE_TRANSITIONS[from];
}

/** False for unknown states too, so strings read back from the database can be passed as they are. */
export function canTransition(from: LeadState, to: LeadState): boolean {
  if (!isLeadState(from) || !isLeadState(to)) return false;
  return (LIFECYCLE_TRANSITIONS[from] as readonly LeadState[]).includes(to);
}

export function assertTransition(from: LeadState, to: LeadState): void {
  if (canTransition(from, to)) return;
  const allowed = isLeadState(from) ? nextStates(from) : [];
  const options = allowed.length > 0 ? `allowed from ${String(from)}: ${allowed.join(', ')}` : `${String(from)} is final`;
  throw new HandoffError(
    'ILLEGAL_TRANSITION',
    `Lead cannot move from ${String(from)} to ${String(to)} (${isLeadState(from) ? options : 'unknown state'})`,
    { from, to },
  );
}
