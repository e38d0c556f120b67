/**
 * A second inquiry from someone who already has a lead (marketing qualifies them again, or a
 * second contact with the same email turns up) is a new handoff event on that lead, never a
 * second Salesforce Lead: a Task for the owner while the lead is with someone; readiness and a
 * new routing when the last round is over (recycled, blocked); a note in the trail when the lead
 * is closed for good.
 */
import { DateTime } from 'luxon';
import type { TaskWrite } from '../../domain/decision';
import { TERMINAL_STATES } from '../../domain/lifecycle';
import type { Db } from '../../store/db';
import { applyDecision, noteDecision } from './apply-decision';
import type { ApplyDecisionOptions } from './apply-decision';
import type { PipelineContext } from './context';
import { QUALIFYING_STATES, qualifyAndRoute } from './govern';
import type { LeadRecord } from './lead-record';

export async function repeatInquiry(tx: Db, ctx: PipelineContext, lead: LeadRecord, cause: Record<string, unknown>, opts: ApplyDecisionOptions = {}): Promise<LeadRecord> {
  const now = ctx.clock.now();
  if (QUALIFYING_STATES.includes(lead.state)) return qualifyAndRoute(tx, ctx, lead, { ...opts, auditData: { ...opts.auditData, repeatInquiry: cause } });
  if (TERMINAL_STATES.includes(lead.state)) {
    const d = noteDecision(lead, now, 'repeat_inquiry', `New inquiry recorded; the lead is ${lead.state}, so it is not handed off again`, { cause, state: lead.state });
    return applyDecision(tx, ctx, lead, d, opts);
  }
  const n = (lead.data.inquiries ?? 0) + 1;
  const rm = lead.ownerKind === 'rm' && lead.ownerId ? ctx.config.roster.rms.find((r) => r.id === lead.ownerId) : undefined;
  const task: TaskWrite | null = rm
    ? {
        key: `${lead.id}:inquiry:${n}`,
        assignee: { kind: 'rm', id: rm.id, salesforceUsername: rm.salesforce_username },
        subject: 'New inquiry from a lead you own',
        description: 'This person asked again through marketing. Contact them about this inquiry; no new Lead was created.',
        activityDate: DateTime.fromJSDate(now, { zone: 'UTC' }).toISODate() as string,
        dueAt: now,
        priority: 'High',
        status: 'Not Started',
      }
    : null;
  const who = rm?.name ?? lead.ownerId ?? 'nobody';
  const d = noteDecision(lead, now, 'repeat_inquiry', `New inquiry on a lead with ${who}: ${task ? 'a Task was sent to the owner' : 'recorded'}`, { cause, owner: lead.ownerId, inquiry: n }, task ? { tasks: [task] } : {});
  return applyDecision(tx, ctx, lead, d, { ...opts, data: { ...(opts.data ?? lead.data), inquiries: n } });
}
