/**
 * onSlaWarning(): a deadline is `warn_before` away. The owner's accept-or-return Task is raised
 * to High with the deadline in its subject and its Salesforce reminder set to now, so it pops up
 * for the owner at once (an upsert on the same Task key, so no second Task); for first touch and
 * appointment the owner gets a reminder Task of their own. A queue's lead has no one to remind:
 * the warning is only on the trail. No state changes.
 */
import { DateTime } from 'luxon';
import type { Decision, TaskWrite } from '../decision';
import type { LeadView } from '../lead';
import type { LeadState } from '../lifecycle';
import { rosterIndex } from '../roster-index';
import type { GovernanceConfig } from '../routing/assign';
import { byWhen } from './plan';
import type { Deadline } from './plan';

export interface WarningInput {
  lead: LeadView;
  deadline: Deadline;
  /** The fired timer's payload. */
  timer: { attempt: number; ownerId: string };
  /** When the deadline itself falls (the breach timer's due time). */
  dueAt: Date;
  config: GovernanceConfig;
  now: Date;
}

const LIVE: Record<Deadline, readonly LeadState[]> = {
  accept: ['routed', 'escalated'],
  first_touch: ['routed', 'escalated', 'accepted'],
  appointment: ['routed', 'escalated', 'accepted', 'contacted'],
};

const WHAT: Record<Deadline, string> = { accept: 'Accept or return', first_touch: 'Make first contact', appointment: 'Book an appointment' };

export function onSlaWarning(input: WarningInput): Decision {
  const { lead, deadline, timer, now, dueAt } = input;
  const base = { leadId: lead.id, at: now, newState: null, timers: [] };
  const owner = lead.owner;
  if (!owner || owner.id !== timer.ownerId || lead.attempt !== timer.attempt || !LIVE[deadline].includes(lead.state)) {
    const summary = `SLA warning (${deadline}, attempt ${timer.attempt}) ignored: the lead has moved on`;
    return { ...base, writes: {}, audit: { type: 'ignored', explanation: { deadline, timer }, summary } };
  }
  const rm = owner.kind === 'rm' ? rosterIndex(input.config).rmById.get(owner.id) : undefined;
  const zone = (rm ? rosterIndex(input.config).homeCalendar(rm) : rosterIndex(input.config).queueCalendar(owner.id))?.timeZone ?? 'UTC';
  const minutes = Math.max(0, Math.round((dueAt.getTime() - now.getTime()) / 60_000));
  const summary = `${WHAT[deadline]} is due by ${byWhen(dueAt, now, zone)} (${minutes} min from now, wall time)`;
  const task: TaskWrite | null = rm
    ? {
        // The accept warning updates the owner's existing Task; the others are reminders of their own.
        key: deadline === 'accept' ? `${lead.id}:accept:${timer.attempt}` : `${lead.id}:${deadline}:${timer.attempt}`,
        assignee: { kind: 'rm', id: rm.id, salesforceUsername: rm.salesforce_username },
        subject: `${WHAT[deadline]} by ${byWhen(dueAt, now, zone)}`,
        description: `Due soon: ${WHAT[deadline].toLowerCase()} on this ${lead.product ?? ''} lead by ${byWhen(dueAt, now, zone)}, or it goes to your manager.`,
        activityDate: DateTime.fromJSDate(dueAt, { zone }).toISODate() as string,
        dueAt,
        remindAt: now,
        priority: 'High',
        status: 'Not Started',
      }
    : null;
  return { ...base, writes: task ? { tasks: [task] } : {}, audit: { type: 'sla_warning', explanation: { deadline, owner: owner.id, attempt: timer.attempt, dueAt: dueAt.toISOString() }, summary } };
}
