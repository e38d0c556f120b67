/**
 * decideHandoffResponse(): the owner answered in Salesforce (Handoff_Status__c). Accepted moves
 * the lead on and stops the accept-by clock; Returned with a Return_Reason__c gives it back (the
 * recycle decision follows); Returned without a usable reason is not a return: the status goes
 * back and the owner gets a Task to give a reason or accept.
 */
import { DateTime } from 'luxon';
import { happenedAt } from '../clock';
import { withStatusWrites, cancel, SLA_TIMERS } from '../decision';
import type { Decision, TaskWrite } from '../decision';
import type { LeadView } from '../lead';
import type { LeadState } from '../lifecycle';
import { rosterIndex } from '../roster-index';
import type { GovernanceConfig } from '../routing/assign';
import { RETURN_REASONS } from '../../config/schemas/recycle';
import { didYouMean, didYouMeanSuffix } from '../../config/suggest';

export interface HandoffChange {
  /** Handoff_Status__c as read from Salesforce: Pending | Accepted | Returned. */
  handoffStatus: string;
  returnReason?: string | null;
  /** The RM (by id) owning the Lead when it changed, if the engine knows. */
  ownerId?: string | null;
  /**
   * When Salesforce says the answer was made (the Lead's LastModifiedDate: its last change, so
   * never before the answer). Deadlines are judged by it, not by when Handoff read it: an answer
   * a poll picks up after the accept-by was still on time if it was made before. A time after
   * `now` (clock skew) counts as now.
   */
  answeredAt?: Date | null;
}

export interface ResponseInput {
  lead: LeadView;
  change: HandoffChange;
  config: GovernanceConfig;
  now: Date;
}

export interface ResponseOutcome {
  kind: 'accepted' | 'returned' | 'needs_reason' | 'ignored';
  decision: Decision;
  /**
   * An answer to a lead waiting for acceptance, accept or return: was it by the accept-by (the
   * breach streak's "met")? Unset for a return of a lead already accepted.
   */
  onTime?: boolean;
  /** Who answered (for streaks and KPIs). */
  ownerId?: string;
  returnReason?: string;
}

const ACCEPTABLE: readonly LeadState[] = ['routed', 'escalated'];
const RETURNABLE: readonly LeadState[] = ['routed', 'escalated', 'accepted', 'contacted', 'appointment_set', 'appointment_kept'];

function ignored(input: ResponseInput, why: string): ResponseOutcome {
  const summary = `Handoff status ${input.change.handoffStatus} ignored: ${why}`;
  return { kind: 'ignored', decision: { leadId: input.lead.id, at: input.now, newState: null, writes: {}, timers: [], audit: { type: 'ignored', explanation: { change: { ...input.change }, why }, summary } } };
}

function minutesBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / 60_000);
}

const byAcceptBy = (lead: LeadView, at: Date): boolean => !lead.timestamps.acceptBy || at.getTime() <= lead.timestamps.acceptBy.getTime();

export function decideHandoffResponse(input: ResponseInput): ResponseOutcome {
  const { lead, change, config, now } = input;
  const answeredAt = happenedAt(change.answeredAt, now);
  const status = change.handoffStatus;
  const owner = lead.owner;
  const answeredBy = change.ownerId ?? (owner?.kind === 'rm' ? owner.id : undefined);
  // A queue's lead is taken by whoever accepts it; a person's lead only by that person.
  if (owner?.kind === 'rm' && change.ownerId && change.ownerId !== owner.id) {
    return ignored(input, `${change.ownerId} answered, but the lead now belongs to ${owner.id}`);
  }

  if (status === 'Accepted') {
    if (!ACCEPTABLE.includes(lead.state)) return ignored(input, `the lead is ${lead.state}, not waiting for acceptance`);
    const acceptBy = lead.timestamps.acceptBy;
    const onTime = byAcceptBy(lead, answeredAt);
    const rm = answeredBy ? rosterIndex(config).rmById.get(answeredBy) : undefined;
    const who = rm?.name ?? answeredBy ?? 'the owner';
    const timing = acceptBy ? (onTime ? `${minutesBetween(answeredAt, acceptBy)} min before the deadline` : `${minutesBetween(acceptBy, answeredAt)} min after the deadline`) : 'with no deadline';
    const takeOver = owner?.kind === 'queue' && rm ? { owner: { kind: 'rm' as const, id: rm.id }, branchId: rm.branch ?? null } : {};
    const summary = `Accepted by ${who}, ${timing}`;
    return {
      kind: 'accepted',
      onTime,
      ...(answeredBy ? { ownerId: answeredBy } : {}),
      decision: {
        leadId: lead.id,
        at: now,
        newState: 'accepted',
        lead: { ...takeOver, timestamps: { acceptedAt: now } },
        writes: withStatusWrites(config.statuses, 'accepted', rm ? { hubspot: { handoff_owner: rm.name } } : {}),
        timers: cancel('sla_accept_warning', 'sla_accept_breach'),
        audit: { type: 'accepted', explanation: { by: answeredBy ?? null, answeredAt: answeredAt.toISOString(), acceptBy: acceptBy?.toISOString() ?? null, onTime, previousState: lead.state }, summary },
      },
    };
  }

  if (status === 'Returned') {
    if (!RETURNABLE.includes(lead.state)) return ignored(input, `the lead is ${lead.state}, which cannot be returned`);
    const reason = change.returnReason?.trim() ?? '';
    if (!RETURN_REASONS.includes(reason)) return needsReason(input, reason);
    const summary = `Returned by ${answeredBy ?? 'the owner'}: ${reason}`;
    // A return is an answer too: given by the accept-by, it counts as meeting the deadline.
    const answered = ACCEPTABLE.includes(lead.state) ? { onTime: byAcceptBy(lead, answeredAt) } : {};
    return {
      kind: 'returned',
      returnReason: reason,
      ...answered,
      ...(answeredBy ? { ownerId: answeredBy } : {}),
      decision: {
        leadId: lead.id,
        at: now,
        newState: 'returned',
        lead: { timestamps: { returnedAt: now } },
        writes: withStatusWrites(config.statuses, 'returned', { hubspot: { handoff_return_reason: reason } }),
        timers: cancel(...SLA_TIMERS),
        audit: { type: 'returned', explanation: { by: answeredBy ?? null, answeredAt: answeredAt.toISOString(), reason, previousState: lead.state }, summary },
      },
    };
  }
  return ignored(input, status === 'Pending' ? 'pending is what Handoff itself writes' : `"${status}" is not a Handoff status`);
}

function needsReason(input: ResponseInput, reason: string): ResponseOutcome {
  const { lead, now, config } = input;
  const owner = lead.owner;
  const index = rosterIndex(config);
  const rm = owner?.kind === 'rm' ? index.rmById.get(owner.id) : undefined;
  // Dated in the owner's branch or queue time zone, as their accept Task is.
  const zone = (rm ? index.homeCalendar(rm)?.timeZone : undefined) ?? 'UTC';
  const suggestion = reason === '' ? undefined : didYouMean(reason, RETURN_REASONS);
  const problem = reason === '' ? 'no Return Reason was given' : `"${reason}" is not a Return Reason${didYouMeanSuffix(suggestion)}`;
  // Put the status back to what it was, so the Lead does not sit as "Returned" while it is not.
  const back = lead.state === 'routed' || lead.state === 'escalated' ? 'Pending' : 'Accepted';
  const task: TaskWrite | null = rm
    ? {
        key: `${lead.id}:return_reason:${lead.attempt}`,
        assignee: { kind: 'rm', id: rm.id, salesforceUsername: rm.salesforce_username },
        subject: 'Give a Return Reason, or accept the lead',
        description: `This lead was set to Returned but ${problem}. Choose a Return Reason (${RETURN_REASONS.join(', ')}) and set Returned again, or set Accepted.`,
        activityDate: DateTime.fromJSDate(now, { zone }).toISODate() as string,
        dueAt: now,
        priority: 'High',
        status: 'Not Started',
      }
    : null;
  const summary = `Return refused: ${problem}; sent back to ${rm?.name ?? 'the owner'} as a Task`;
  return {
    kind: 'needs_reason',
    decision: {
      leadId: lead.id,
      at: now,
      newState: null,
      writes: { salesforce: { Handoff_Status__c: back }, ...(task ? { tasks: [task] } : {}) },
      timers: [],
      audit: { type: 'return_needs_reason', explanation: { given: reason || null, problem, statusSetBackTo: back }, summary },
    },
  };
}
