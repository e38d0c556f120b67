/**
 * The SLA a backfilled lead starts with. A Lead already owned in Salesforce and not yet answered
 * (recorded as routed or escalated) is an open handoff: left without timers it would never be
 * chased, and timed from its Salesforce CreatedDate it would breach, and be reassigned, the
 * moment Handoff goes live. A bank expects neither: the owner gets the full accept window of
 * the lead's policy, counted from the backfill on the owner's calendar (so a Saturday backfill
 * starts on Monday morning), and first-touch and appointment deadlines as a fresh routing would.
 * Leads already answered keep no accept clock; an owner outside the roster has no calendar to
 * count on, so nothing is armed and the audit says so. Pure: the caller supplies the time.
 */
import type { MappingsConfig } from '../config/mappings-config';
import type { LeadView } from '../domain/lead';
import type { LeadState } from '../domain/lifecycle';
import { rosterIndex } from '../domain/roster-index';
import { queueOwner, rmOwner } from '../domain/routing/route';
import type { Owner } from '../domain/routing/types';
import { byWhen, planAssignment } from '../domain/sla/plan';
import type { TimerSpec } from '../engine/timers';

/** States in which the owner has not answered yet: the accept deadline applies. */
export const AWAITING_ANSWER: readonly LeadState[] = ['routed', 'escalated'];

export type BackfillSla =
  | { armed: true; timers: TimerSpec[]; acceptBy: Date; calendar: string; policy: string; note: string }
  | { armed: false; note: string | null };

export function backfillSla(input: { lead: LeadView; config: MappingsConfig; now: Date }): BackfillSla {
  const { lead, config, now } = input;
  if (!AWAITING_ANSWER.includes(lead.state)) return { armed: false, note: null };
  const owner = ownerOf(lead, config);
  if (!owner) return { armed: false, note: 'no SLA timers: the Salesforce owner is not in the roster, so there is no calendar to count on' };
  const plan = planAssignment({ lead, owner, config, now, attempt: lead.attempt });
  const timers = plan.timers.flatMap((t) => (t.op === 'arm' ? [{ kind: t.kind, dueAt: t.dueAt, payload: t.payload }] : []));
  return {
    armed: true,
    timers,
    acceptBy: plan.acceptBy,
    calendar: plan.calendar,
    policy: plan.policy.name,
    note: `accept by ${byWhen(plan.acceptBy, now, plan.timeZone)} (${plan.policy.name} policy, counted from the backfill on ${plan.calendar})`,
  };
}

function ownerOf(lead: LeadView, config: MappingsConfig): Owner | null {
  if (!lead.owner) return null;
  const index = rosterIndex(config);
  if (lead.owner.kind === 'rm') {
    const rm = index.rmById.get(lead.owner.id);
    return rm ? rmOwner(rm) : null;
  }
  return index.queueById.has(lead.owner.id) ? queueOwner(index, lead.owner.id) : null;
}
