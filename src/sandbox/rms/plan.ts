/**
 * What a simulated RM plans and reports: the steps a lead goes through, the plan of one lead,
 * the report of each action, and small time helpers. Pure; the simulator runs the plans.
 */
import type { Rng } from '../random';
import type { RmPolicy } from './policy';
import type { RosterUser } from './roster-users';

export type RmAction = 'ignore' | 'accept' | 'return' | 'call' | 'book_meeting' | 'meeting_kept' | 'meeting_missed' | 'convert' | 'approve' | 'fund' | 'close_lost';

export interface ActionReport {
  at: string;
  rmId: string;
  userId: string;
  leadId: string;
  action: RmAction;
  ok: boolean;
  /** What was written: ids, reason, stage, amount… */
  detail: Record<string, string | number | boolean>;
  /** Why it failed (it is tried again on a later tick). */
  error?: string;
}

export type Step = 'answer' | 'call' | 'follow_up' | 'meeting_outcome' | 'convert' | 'approve' | 'fund' | 'done';

export interface Plan {
  leadId: string;
  /** Who acts: the Lead's owner, or the member of its queue who will take it. */
  user: RosterUser;
  /** The Lead's OwnerId the plan follows: the RM's, or the queue's until the member takes the lead. */
  ownerId: string;
  /** The roster queue the lead sat in when the plan was made. */
  queueId?: string;
  /** Handoff_Attempt__c when the plan was made: a new routing attempt is a new plan. */
  attempt: string;
  /** The RM has accepted or returned it. */
  answered: boolean;
  policy: RmPolicy;
  rng: Rng;
  answer: 'accept' | 'return' | 'ignore';
  step: Step;
  dueAt: number;
  calls: number;
  meetingStart?: number;
  eventId?: string;
  opportunityId?: string;
  amount?: number;
}

/** Handoff_Status__c values that mean the RM has not answered yet. */
export const PENDING = new Set([undefined, null, '', 'Pending']);

/** The action a failed step was attempting, for its report. */
export function failedAction(plan: Plan, step: Step): RmAction {
  const byStep: Record<Step, RmAction> = { answer: plan.answer === 'return' ? 'return' : 'accept', call: 'call', follow_up: 'book_meeting', meeting_outcome: 'meeting_kept', convert: 'convert', approve: 'approve', fund: 'fund', done: 'ignore' };
  return byStep[step];
}

/** The local calendar date YYYY-MM-DD at `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `ms` rounded up to a whole number of `minutes` (meetings start on the half hour). */
export function roundUp(ms: number, minutes: number): number {
  const step = minutes * 60_000;
  return Math.ceil(ms / step) * step;
}
