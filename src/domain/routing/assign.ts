/**
 * A routing result turned into a Decision: the owner, the SLA plan's deadlines and timers, the
 * owner's Task, the Lead and contact fields that show the handoff, and the audit event. Used for
 * a first routing, a re-route after a return, and an SLA reassignment or escalation alike.
 */
import type { MappingsConfig } from '../../config/mappings-config';
import { withStatusWrites } from '../decision';
import type { AuditType, Decision, TimerInstruction } from '../decision';
import { leadFacts } from '../facts';
import type { LeadView } from '../lead';
import type { LeadState } from '../lifecycle';
import { planAssignment } from '../sla/plan';
import type { SlaPlan } from '../sla/plan';
import type { RouteResult } from './types';

export type GovernanceConfig = MappingsConfig;

export interface AssignmentDecisionInput {
  lead: LeadView;
  route: RouteResult;
  config: GovernanceConfig;
  now: Date;
  newState: LeadState;
  via?: LeadState[];
  auditType: AuditType;
  /** Put before the routing summary, e.g. "Not accepted in time by X." */
  preface?: string;
  /** Added to the audit explanation (the breach that caused a reassignment…). */
  context?: Record<string, unknown>;
  /** Timers to cancel as well (the previous assignment's). */
  cancel?: TimerInstruction[];
}

export function slaExplanation(plan: SlaPlan): Record<string, unknown> {
  return {
    policy: plan.policy.name,
    priority: plan.policy.priority,
    clock: plan.policy.clock,
    calendar: plan.calendar,
    start: plan.start.toISOString(),
    acceptBy: plan.acceptBy.toISOString(),
    firstTouchBy: plan.firstTouchBy.toISOString(),
    appointmentBy: plan.appointmentBy.toISOString(),
    warningAt: plan.warningAt?.toISOString() ?? null,
  };
}

export function assignmentDecision(input: AssignmentDecisionInput): { decision: Decision; plan: SlaPlan } {
  const { lead, route, config, now } = input;
  const owner = route.owner;
  const plan = planAssignment({ lead, owner, config, now, attempt: route.attempt, ...(route.heldUntil ? { startAt: route.heldUntil } : {}) });
  const score = leadFacts(lead, config, now).score()?.total;
  const ownersSoFar = owner.kind === 'rm' && !lead.ownersSoFar.includes(owner.id) ? [...lead.ownersSoFar, owner.id] : [...lead.ownersSoFar];
  const summary = input.preface ? `${input.preface} ${route.summary}` : route.summary;
  const writes = withStatusWrites(config.statuses, input.newState, {
    hubspot: {
      handoff_owner: owner.name,
      handoff_accept_by: plan.acceptBy.toISOString(),
      handoff_sla_breached: 'false',
    },
    salesforce: {
      Accept_By__c: plan.acceptBy.toISOString(),
      Handoff_Attempt__c: route.attempt,
      Branch_Id__c: owner.kind === 'rm' ? owner.branchId : null,
      Routing_Reason__c: summary,
      ...(score !== undefined ? { Handoff_Score__c: score } : {}),
    },
    ...(plan.task ? { tasks: [plan.task] } : {}),
  });
  const decision: Decision = {
    leadId: lead.id,
    at: now,
    newState: input.newState,
    ...(input.via && input.via.length > 0 ? { via: input.via } : {}),
    owner,
    lead: {
      owner: { kind: owner.kind, id: owner.id },
      branchId: owner.kind === 'rm' ? owner.branchId : null,
      attempt: route.attempt,
      ownersSoFar,
      timestamps: { acceptBy: plan.acceptBy, routedAt: now },
      ...(score !== undefined ? { score } : {}),
    },
    writes,
    timers: [...(input.cancel ?? []), ...plan.timers],
    ...(route.poolStateUpdate ? { poolStates: { [route.poolStateUpdate.key]: route.poolStateUpdate.state } } : {}),
    audit: {
      type: input.auditType,
      explanation: { ...input.context, routing: route.explanation, sla: slaExplanation(plan) },
      summary: `${summary}. Accept by ${plan.acceptBy.toISOString()} (${plan.policy.name}, ${plan.calendar}).`,
    },
  };
  return { decision, plan };
}
