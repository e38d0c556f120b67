/**
 * decideReinquiry(): what a new inquiry does to a lead the person already has (a second form, a
 * branch referral). Never a second Lead; never a lost update:
 * - still marketing's (captured, blocked, ready, recycled): decided again, readiness then routing,
 *   as any change would (the engine does it; the inquiry rides in the audit cause);
 * - with an owner: a Task for them, "New inquiry: <product>", due by the SLA policy's first-touch
 *   deadline on their calendar, keyed by the inquiry so a replay upserts the same Task;
 * - closed (funded, closed_lost, disqualified): reopened as a new handoff round, back with
 *   marketing, so readiness (a recycle cooldown still running included) and routing decide it as
 *   they would a fresh lead. Reopening a lost lead counts as a recycle, so max_recycles bounds it;
 *   a funded customer's new inquiry is new business and is not counted;
 * - the same inquiry seen again: nothing.
 */
import { DateTime } from 'luxon';
import type { MappingsConfig } from '../../config/mappings-config';
import { withStatusWrites } from '../decision';
import type { Decision, TaskWrite, TimerInstruction } from '../decision';
import type { LeadView } from '../lead';
import { TERMINAL_STATES } from '../lifecycle';
import type { LeadState } from '../lifecycle';
import { rosterIndex } from '../roster-index';
import { rmOwner } from '../routing/route';
import { byWhen, planAssignment } from '../sla/plan';
import type { Inquiry } from './detect';

/** States in which the lead is marketing's: readiness decides whether it may be handed off. */
export const MARKETING_STATES: readonly LeadState[] = ['captured', 'blocked', 'ready', 'recycled'];

export interface ReinquiryInput {
  /** The lead as it is with the inquiry's own changes (a form's new product) already read. */
  lead: LeadView;
  inquiry: Inquiry;
  config: MappingsConfig;
  now: Date;
  /** Ids of the inquiries already handled on this lead. */
  seen: readonly string[];
  /** The product the lead had before this inquiry, when the inquiry changed it. */
  previousProduct?: string | null;
}

export type ReinquiryAction =
  /** Seen before: nothing to do. */
  | 'duplicate'
  /** Marketing's lead: readiness and routing decide it again. */
  | 'decide_again'
  /** A Task for the owner. */
  | 'task'
  /** The owner is a queue, or no longer in the roster: no one to give a Task; the trail has it. */
  | 'noted'
  /** A closed lead back with marketing for a new round; readiness and routing follow. */
  | 'reopen'
  /** A closed lead at the recycle cap: not handed off again; the trail has it. */
  | 'refused';

export interface ReinquiryOutcome {
  action: ReinquiryAction;
  /** What to apply; null for `duplicate` and `decide_again`. */
  decision: Decision | null;
}

const productLabel = (config: MappingsConfig, id: string | null): string =>
  id ? (config.products.products.find((p) => p.id === id)?.label ?? id) : 'no product named';

/** What came in, for summaries: "form Rate alert sign-up", "referral from branch evanston". */
function cameIn(i: Inquiry): string {
  if (i.source === 'hubspot.contact') return i.what ? `form "${i.what}"` : 'a HubSpot form';
  const by = i.source.startsWith('events:') ? i.source.slice(7) : i.source;
  return `${i.what ?? 'inquiry'} from ${i.branchId ? `branch ${i.branchId}` : by}`;
}

/** The inquiry as the audit trail keeps it: ids, names and codes, no personal data. */
export function inquiryExplanation(i: Inquiry, product: string | null, previousProduct: string | null | undefined): Record<string, unknown> {
  return {
    id: i.id,
    source: i.source,
    ...(i.what ? { what: i.what } : {}),
    product,
    ...(previousProduct !== undefined && previousProduct !== product ? { previousProduct } : {}),
    ...(i.branchId ? { branchId: i.branchId } : {}),
    ...(i.at ? { at: i.at.toISOString() } : {}),
  };
}

export function decideReinquiry(input: ReinquiryInput): ReinquiryOutcome {
  const { inquiry, config, now } = input;
  if (input.seen.includes(inquiry.id)) return { action: 'duplicate', decision: null };
  const lead: LeadView = inquiry.product ? { ...input.lead, product: inquiry.product } : input.lead;
  if (MARKETING_STATES.includes(lead.state)) return { action: 'decide_again', decision: null };
  const explanation = { inquiry: inquiryExplanation(inquiry, lead.product, input.previousProduct), state: lead.state };
  const base = { leadId: lead.id, at: now, timers: [] as TimerInstruction[] };
  const what = `New inquiry (${cameIn(inquiry)}) for ${productLabel(config, lead.product)}`;

  if (TERMINAL_STATES.includes(lead.state)) {
    const counted = lead.state !== 'funded';
    const max = config.recycle.max_recycles;
    if (counted && lead.recycleCount >= max) {
      const summary = `${what}: the lead is ${lead.state} after ${lead.recycleCount} recycle(s), the most allowed (${max}), so it is not handed off again`;
      return { action: 'refused', decision: { ...base, newState: null, writes: {}, audit: { type: 'reinquiry', explanation: { ...explanation, recycleCount: lead.recycleCount, maxRecycles: max }, summary } } };
    }
    const recycleCount = counted ? lead.recycleCount + 1 : lead.recycleCount;
    const cooldown = lead.timestamps.cooldownUntil && lead.timestamps.cooldownUntil > now ? lead.timestamps.cooldownUntil : null;
    const summary = `${what}: reopened from ${lead.state} for a new handoff${counted ? `, recycle ${recycleCount} of ${max}` : ''}`;
    return {
      action: 'reopen',
      decision: {
        ...base,
        newState: 'recycled',
        lead: { owner: null, branchId: null, attempt: 0, ownersSoFar: [], recycleCount, timestamps: { recycledAt: now, acceptBy: null } },
        // HubSpot shows it back with marketing; the Salesforce Lead keeps its closed status until
        // the new routing writes its own (a status written now would be undone by it anyway).
        writes: { hubspot: { ...withStatusWrites(config.statuses, 'recycled', {}).hubspot } },
        // A cooldown still running holds the new round back (readiness says so); its timer decides it again.
        timers: cooldown ? [{ op: 'arm', kind: 'recycle_cooldown', dueAt: cooldown, payload: { recycleCount } }] : [],
        audit: {
          type: 'reopened',
          explanation: { ...explanation, recycleCount, maxRecycles: max, countedAsRecycle: counted, ...(cooldown ? { cooldownUntil: cooldown.toISOString() } : {}) },
          summary,
        },
      },
    };
  }

  const rm = lead.owner?.kind === 'rm' ? rosterIndex(config).rmById.get(lead.owner.id) : undefined;
  if (!rm) {
    const who = lead.owner ? `${lead.owner.kind} ${lead.owner.id}` : 'no owner';
    const summary = `${what}: recorded; the lead is with ${who}, which a Task cannot be given to`;
    return { action: 'noted', decision: { ...base, newState: null, writes: {}, audit: { type: 'reinquiry', explanation: { ...explanation, owner: lead.owner?.id ?? null }, summary } } };
  }
  const plan = planAssignment({ lead, owner: rmOwner(rm), config, now, attempt: Math.max(lead.attempt, 1) });
  const due = plan.firstTouchBy;
  const when = byWhen(due, now, plan.timeZone);
  const changed = input.previousProduct !== undefined && input.previousProduct !== lead.product;
  const task: TaskWrite = {
    key: `${lead.id}:inquiry:${inquiry.id}`,
    assignee: { kind: 'rm', id: rm.id, salesforceUsername: rm.salesforce_username },
    subject: `New inquiry: ${productLabel(config, lead.product)}`,
    description:
      `A new inquiry on this lead (${cameIn(inquiry)})` +
      `${changed ? `; they now ask about ${productLabel(config, lead.product)}, before ${productLabel(config, input.previousProduct ?? null)}` : ''}. ` +
      `Contact them about it by ${when}. No new Lead was made; if someone else should take it, return it with reason Wrong_Product.`,
    activityDate: DateTime.fromJSDate(due, { zone: plan.timeZone }).toISODate() as string,
    dueAt: due,
    priority: plan.policy.taskPriority,
    status: 'Not Started',
  };
  const summary = `${what}: a Task for ${rm.name}, due by ${when}`;
  return {
    action: 'task',
    decision: {
      ...base,
      newState: null,
      writes: { tasks: [task] },
      audit: { type: 'reinquiry', explanation: { ...explanation, owner: rm.id, dueAt: due.toISOString(), policy: plan.policy.name, taskKey: task.key }, summary },
    },
  };
}
