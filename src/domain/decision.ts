/**
 * A decision is plain data: everything the engine's apply step writes in one transaction (the
 * lead's new state and fields, outbox rows for both systems, timers armed and cancelled, pool
 * pointers, one audit event). Decide functions return it; none of them performs it.
 */
import type { StatusesMapping } from '../config/mappings-config';
import type { LeadTimestamps, OwnerRef } from './lead';
import { assertTransition } from './lifecycle';
import type { LeadState } from './lifecycle';
import type { Owner, PoolState } from './routing/types';

export const TIMER_KINDS = [
  'sla_accept_warning',
  'sla_accept_breach',
  'sla_first_touch_warning',
  'sla_first_touch_breach',
  'sla_appointment_warning',
  'sla_appointment_breach',
  'recycle_cooldown',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** Arming a kind replaces that kind's pending timer (the timers table keeps one pending per lead and kind). */
export type TimerInstruction =
  | { op: 'arm'; kind: TimerKind; dueAt: Date; payload: Record<string, string | number> }
  | { op: 'cancel'; kind: TimerKind };

/** A Salesforce Task, upserted on Handoff_Key__c = key so a retry never makes a second one. */
export interface TaskWrite {
  key: string;
  assignee: { kind: 'rm'; id: string; salesforceUsername: string } | { kind: 'manager'; name: string; salesforceUsername: string };
  subject: string;
  description: string;
  /** Task.ActivityDate: the due date in the assignee's time zone. */
  activityDate: string;
  /** The due instant (ReminderDateTime; Accept_By__c on the Lead). */
  dueAt: Date;
  /** When Salesforce reminds the assignee, if not at dueAt: a warning reminds them at once. */
  remindAt?: Date;
  priority: 'High' | 'Normal' | 'Low';
  status: 'Not Started';
}

/** Columns of the lead row to change; a key left out stays as it is. */
export interface LeadPatch {
  owner?: OwnerRef | null;
  branchId?: string | null;
  attempt?: number;
  ownersSoFar?: string[];
  recycleCount?: number;
  score?: number;
  /** Timestamps to set (acceptBy, acceptedAt, cooldownUntil…); null clears one. */
  timestamps?: { [K in keyof LeadTimestamps]?: LeadTimestamps[K] | null };
}

export interface DecisionWrites {
  /** Contact properties. */
  hubspot?: Record<string, string>;
  /** Lead fields (the owner goes in Decision.owner: the engine maps it to a User or Queue id). */
  salesforce?: Record<string, unknown>;
  tasks?: TaskWrite[];
  /** HubSpot lists (nurture programs) by name. */
  hubspotLists?: { add: string[] };
  /** Properties to clear before writing: HubSpot only moves a lifecycle stage backwards from blank. */
  hubspotClearFirst?: string[];
}

export const AUDIT_TYPES = [
  'readiness_passed',
  'readiness_blocked',
  'routed',
  'held_for_owner',
  'sla_warning',
  'sla_breach_reassigned',
  'sla_breach_escalated',
  'sla_breach_held',
  'sla_breach_notified',
  'taken_out_of_rotation',
  'accepted',
  'returned',
  'return_needs_reason',
  'recycled',
  'rerouted_after_return',
  'ended_after_return',
  'recycle_cap_reached',
  'reinquiry',
  'reopened',
  'ignored',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface Decision {
  leadId: string;
  at: Date;
  /** null: the lead stays in its state (a hold, a request to give a reason, an ignored change). */
  newState: LeadState | null;
  /** States passed through on the way to newState, in order (an SLA reassignment goes via `reassigned`). */
  via?: LeadState[];
  /** The new owner; null clears it (recycled leads belong to marketing). */
  owner?: Owner | null;
  lead?: LeadPatch;
  writes: DecisionWrites;
  timers: TimerInstruction[];
  /** Pool pointers to persist, by pool key (the rule name). */
  poolStates?: Record<string, PoolState>;
  audit: { type: AuditType; explanation: Record<string, unknown>; summary: string };
}

/** States in which the Lead does not exist in Salesforce yet: nothing is written there. */
const BEFORE_SALESFORCE: readonly LeadState[] = ['captured', 'blocked', 'ready'];

/** What statuses.yaml says to write when a lead enters `state`. */
export function outboundWrites(statuses: Pick<StatusesMapping, 'outbound'>, state: LeadState): { hubspot: Record<string, string>; salesforce: Record<string, unknown> } {
  const out = statuses.outbound[state];
  const hubspot: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.hubspot)) if (typeof v === 'string') hubspot[k] = v;
  const salesforce: Record<string, unknown> = BEFORE_SALESFORCE.includes(state) ? {} : { ...out.salesforce };
  return { hubspot, salesforce };
}

/** statuses.yaml's writes for the state underneath the decision's own (the decision's keys win). */
export function withStatusWrites(statuses: Pick<StatusesMapping, 'outbound'>, state: LeadState | null, writes: DecisionWrites): DecisionWrites {
  if (state === null) return writes;
  const base = outboundWrites(statuses, state);
  const hubspot = { ...base.hubspot, ...writes.hubspot };
  const salesforce = { ...base.salesforce, ...writes.salesforce };
  return {
    ...writes,
    ...(Object.keys(hubspot).length > 0 ? { hubspot } : {}),
    ...(Object.keys(salesforce).length > 0 ? { salesforce } : {}),
  };
}

/** Throws ILLEGAL_TRANSITION when the decision's path is not allowed from `from`. */
export function assertDecision(from: LeadState, d: Pick<Decision, 'newState' | 'via'>): void {
  if (d.newState === null) return;
  let at = from;
  for (const next of [...(d.via ?? []), d.newState]) {
    assertTransition(at, next);
    at = next;
  }
}

export const cancel = (...kinds: TimerKind[]): TimerInstruction[] => kinds.map((kind) => ({ op: 'cancel', kind }));

export const SLA_TIMERS: readonly TimerKind[] = TIMER_KINDS.filter((k) => k.startsWith('sla_'));
