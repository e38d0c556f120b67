/**
 * onSlaBreach(): a deadline passed. The manager hears about it (a Salesforce Task, the contact's
 * handoff_sla_breached). A missed accept-by also moves the lead: to the next eligible owner,
 * never one who already had it; after the policy's number of reassignments, or when nobody else
 * is eligible, to the fallback queue; or, when the owner is away, nobody else can take it and
 * the policy says so, it waits for them. A missed first touch or appointment only notifies:
 * an accepted lead is the owner's to work.
 */
import { DateTime } from 'luxon';
import { SLA_TIMERS, cancel } from '../decision';
import type { Decision, TaskWrite } from '../decision';
import { leadFacts } from '../facts';
import type { LeadView } from '../lead';
import type { LeadState } from '../lifecycle';
import { rosterIndex } from '../roster-index';
import { assignmentDecision, slaExplanation } from '../routing/assign';
import type { GovernanceConfig } from '../routing/assign';
import { availability } from '../routing/availability';
import { fallbackRoute, route } from '../routing/route';
import type { PoolState, RouteResult } from '../routing/types';
import { managerFor } from './manager';
import { byWhen, planAssignment } from './plan';
import type { Deadline, SlaPlan } from './plan';
import { resolvePolicy } from './policy';

export interface BreachInput {
  lead: LeadView;
  deadline: Deadline;
  /** The fired timer's payload: the assignment it belonged to. */
  timer: { attempt: number; ownerId: string };
  config: GovernanceConfig;
  now: Date;
  poolStates: Readonly<Record<string, PoolState>>;
  openLeadCounts: Readonly<Record<string, number>>;
  outOfRotation?: readonly string[];
}

export type BreachAction = 'reassign' | 'escalate' | 'hold' | 'notify' | 'ignore';

export interface BreachOutcome {
  action: BreachAction;
  decision: Decision;
  /** The RM who let it breach, for recordBreachStreak (null for a queue or an ignored timer). */
  breachedBy: string | null;
  /** The policy's breach_streak_limit, for recordBreachStreak. */
  streakLimit?: number;
  route?: RouteResult;
  plan?: SlaPlan;
  summary: string;
}

const LIVE: Record<Deadline, readonly LeadState[]> = {
  accept: ['routed', 'escalated'],
  first_touch: ['routed', 'escalated', 'accepted'],
  appointment: ['routed', 'escalated', 'accepted', 'contacted'],
};

const WHAT: Record<Deadline, string> = { accept: 'accept or return', first_touch: 'first contact', appointment: 'appointment' };

function managerTask(input: BreachInput, ownerName: string, zone: string): TaskWrite {
  const m = managerFor(input.config, input.lead.owner);
  const { lead, deadline, now, timer } = input;
  return {
    key: `${lead.id}:breach:${deadline}:${timer.attempt}`,
    assignee: { kind: 'manager', name: m.name, salesforceUsername: m.salesforce_username },
    subject: `SLA missed: ${WHAT[deadline]} by ${ownerName}`,
    description: `${ownerName} missed the ${WHAT[deadline]} deadline on a ${lead.product ?? ''} lead (attempt ${timer.attempt}) at ${byWhen(now, now, zone)}.`,
    // The owner's local date: a breach at 19:00 in Chicago is today's, not tomorrow's (UTC) Task.
    activityDate: DateTime.fromJSDate(now, { zone }).toISODate() as string,
    dueAt: now,
    priority: 'High',
    status: 'Not Started',
  };
}

function ignore(input: BreachInput, why: string): BreachOutcome {
  const summary = `SLA timer (${input.deadline}, attempt ${input.timer.attempt}) ignored: ${why}`;
  return {
    action: 'ignore',
    breachedBy: null,
    summary,
    decision: { leadId: input.lead.id, at: input.now, newState: null, writes: {}, timers: [], audit: { type: 'ignored', explanation: { deadline: input.deadline, timer: input.timer, why }, summary } },
  };
}

export function onSlaBreach(input: BreachInput): BreachOutcome {
  const { lead, deadline, config, now, timer } = input;
  const owner = lead.owner;
  if (!owner || owner.id !== timer.ownerId || lead.attempt !== timer.attempt) return ignore(input, 'the lead has moved to another assignment since');
  if (!LIVE[deadline].includes(lead.state)) return ignore(input, `the lead is ${lead.state}, so the ${WHAT[deadline]} deadline no longer applies`);

  const index = rosterIndex(config);
  const policy = resolvePolicy(config.sla, leadFacts(lead, config, now, { attempt: lead.attempt })).policy;
  const rm = owner.kind === 'rm' ? index.rmById.get(owner.id) : undefined;
  const ownerName = rm?.name ?? index.queueById.get(owner.id)?.name ?? owner.id;
  const zone = (rm ? index.homeCalendar(rm) : index.queueCalendar(owner.id))?.timeZone ?? 'UTC';
  const breach = { deadline, owner: owner.id, attempt: timer.attempt, policy: policy.name, reassignmentsSoFar: lead.attempt - 1, maxReassignments: policy.maxReassignments };
  const notify = {
    tasks: policy.notifyManager ? [managerTask(input, ownerName, zone)] : [],
    hubspot: { handoff_sla_breached: 'true' },
  };
  const breachedBy = owner.kind === 'rm' ? owner.id : null;
  const missed = `${ownerName} missed the ${WHAT[deadline]} deadline.`;

  const notifyOnly = (why: string): BreachOutcome => {
    const summary = `${missed} ${why}`;
    return {
      action: 'notify',
      breachedBy,
      streakLimit: policy.breachStreakLimit,
      summary,
      decision: { leadId: lead.id, at: now, newState: null, writes: notify, timers: [], audit: { type: 'sla_breach_notified', explanation: { breach, why }, summary } },
    };
  };
  if (deadline !== 'accept') return notifyOnly('The manager is notified; an accepted lead stays with its owner.');
  if (lead.state === 'escalated') return notifyOnly('The lead is already with the fallback queue; the manager is notified.');

  const withNotice = (d: Decision): Decision => ({
    ...d,
    writes: { ...d.writes, hubspot: { ...d.writes.hubspot, ...notify.hubspot }, tasks: [...notify.tasks, ...(d.writes.tasks ?? [])] },
  });
  // Never back to whoever let it lapse: an RM, or a queue (its rules are skipped; only the fallback queue may take it again).
  const excludedOwners = [...new Set([...lead.ownersSoFar, owner.id])];
  const escalate = (reason: string): BreachOutcome => {
    const r = fallbackRoute({ lead, config, now, excludedOwners, attempt: lead.attempt + 1, reason });
    const { decision, plan } = assignmentDecision({ lead, route: r, config, now, newState: 'escalated', auditType: 'sla_breach_escalated', preface: missed, context: { breach }, cancel: cancel(...SLA_TIMERS) });
    return { action: 'escalate', breachedBy, streakLimit: policy.breachStreakLimit, route: r, plan, summary: decision.audit.summary, decision: withNotice(decision) };
  };

  if (lead.attempt - 1 >= policy.maxReassignments) {
    return escalate(`${lead.attempt - 1} reassignment(s) already, the most policy ${policy.name} allows`);
  }
  const next = route({ lead, config, now, poolStates: input.poolStates, openLeadCounts: input.openLeadCounts, outOfRotation: input.outOfRotation ?? [], excludedOwners, attempt: lead.attempt + 1 });
  if (next.outcome !== 'fallback') {
    const { decision, plan } = assignmentDecision({ lead, route: next, config, now, newState: 'routed', via: ['reassigned'], auditType: 'sla_breach_reassigned', preface: missed, context: { breach }, cancel: cancel(...SLA_TIMERS) });
    return { action: 'reassign', breachedBy, streakLimit: policy.breachStreakLimit, route: next, plan, summary: decision.audit.summary, decision: withNotice(decision) };
  }

  const away = rm ? availability(rm, index, now, config.routing.availability.grace_minutes, new Map()) : null;
  if (rm && away && !away.available && away.nextWorks && policy.whenOwnerAway === 'hold') {
    const plan = planAssignment({ lead, owner: { kind: 'rm', id: rm.id, name: rm.name, branchId: rm.branch ?? null, queueId: rm.queue ?? null, salesforceUsername: rm.salesforce_username }, config, now, attempt: lead.attempt, startAt: away.nextWorks });
    const summary = `${missed} Nobody else is eligible and policy ${policy.name} holds leads for an away owner: held for ${ownerName} (${away.message}); accept by ${plan.acceptBy.toISOString()}.`;
    const writes = {
      hubspot: { ...notify.hubspot, handoff_accept_by: plan.acceptBy.toISOString() },
      salesforce: { Accept_By__c: plan.acceptBy.toISOString() },
      tasks: [...notify.tasks, ...(plan.task ? [plan.task] : [])],
    };
    return {
      action: 'hold',
      breachedBy,
      streakLimit: policy.breachStreakLimit,
      plan,
      summary,
      decision: { leadId: lead.id, at: now, newState: null, lead: { timestamps: { acceptBy: plan.acceptBy } }, writes, timers: [...cancel(...SLA_TIMERS), ...plan.timers], audit: { type: 'sla_breach_held', explanation: { breach, routing: next.explanation, sla: slaExplanation(plan) }, summary } },
    };
  }
  return escalate('no other eligible owner');
}
