/**
 * Simulated RMs. Each Lead owned by a roster user, or by a roster queue (one of its members,
 * drawn from the seed, takes it: roster-users.ts `queueMembers`), and pending an answer gets a plan drawn
 * from its own seeded stream (so one lead's fate never depends on another's timing): answer
 * (accept / return / ignore) after some working minutes, then calls, a meeting kept or missed,
 * conversion, and the opportunity through Application Started → Approved → Funded. `tick()` does
 * whatever is due on the sandbox clock while the RM's calendar is open; nothing sleeps.
 * Leads are found by reading the org directly (an RM sees their list view for free); every write
 * goes through the REST API as the RM.
 */
import type { ProductsConfig } from '../../config';
import type { Clock } from '../../domain/clock';
import { addBusinessDuration, isOpen } from '../../domain/calendar';
import type { Logger } from '../../observability/logger';
import { silentLogger } from '../../observability/logger';
import { Rng } from '../random';
import type { SalesforceEmulator, SfRecord } from '../salesforce';
import { RmSession } from './actions';
import { drawAmount, productOfLead } from './amounts';
import type { ActionReport, Plan, RmAction, Step } from './plan';
import { PENDING, failedAction, localDate, roundUp } from './plan';
import type { MinutesRange, RmPolicy, RmPolicyOverrides } from './policy';
import { policyFor } from './policy';
import type { RosterOrg, RosterUser } from './roster-users';

export interface RmSimulatorOptions {
  salesforce: SalesforceEmulator;
  /** The Salesforce emulator's listening URL (the RMs' jsforce instance URL). */
  instanceUrl: string;
  org: RosterOrg;
  clock: Clock;
  seed: number;
  products: ProductsConfig;
  /** Applied to every RM's seeded policy. */
  defaults?: RmPolicyOverrides;
  /** Per RM (roster id), applied last. */
  policies?: Record<string, RmPolicyOverrides>;
  logger?: Logger;
}


export class RmSimulator {
  private readonly plans = new Map<string, Plan>();
  /** Plans made per lead so far, so a lead routed again draws afresh. */
  private readonly rounds = new Map<string, number>();
  private readonly sessions = new Map<string, RmSession>();
  private readonly policyByRm = new Map<string, RmPolicy>();
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly opts: RmSimulatorOptions) {
    this.logger = opts.logger ?? silentLogger();
    for (const u of opts.org.users) this.policyByRm.set(u.rm.id, policyFor(opts.seed, u.rm.id, opts.defaults, opts.policies?.[u.rm.id]));
  }

  /** Each RM's policy, by roster id. */
  policies(): Record<string, RmPolicy> {
    return Object.fromEntries(this.policyByRm);
  }

  /** Leads the RMs are working, by step. */
  workload(): Record<Step, number> {
    const out: Record<Step, number> = { answer: 0, call: 0, follow_up: 0, meeting_outcome: 0, convert: 0, approve: 0, fund: 0, done: 0 };
    for (const p of this.plans.values()) out[p.step]++;
    return out;
  }

  /** Does everything due by the sandbox clock now, in due order; steps that fail are retried next time. */
  async tick(): Promise<ActionReport[]> {
    const now = this.opts.clock.now();
    const reports: ActionReport[] = [];
    this.discover(now, reports);
    // A step may make the next one due at once (a connected call → its follow-up): run rounds until
    // nothing is due; a plan whose step failed waits for the next tick.
    const failed = new Set<Plan>();
    for (let round = 0; round < 10; round++) {
      const due = [...this.plans.values()]
        .filter((p) => !failed.has(p) && p.step !== 'done' && p.dueAt <= now.getTime() && isOpen(p.user.calendar, now))
        .sort((a, b) => a.dueAt - b.dueAt || a.leadId.localeCompare(b.leadId));
      if (due.length === 0) break;
      for (const plan of due) {
        const step = plan.step;
        try {
          await this.run(plan, now, reports);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          this.logger.warn('sandbox RM: action failed', { rm: plan.user.rm.id, step, error: message });
          reports.push(this.report(plan, now, failedAction(plan, step), false, {}, message));
          failed.add(plan);
        }
      }
    }
    return reports;
  }

  startLoop(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((err: unknown) => this.logger.warn('sandbox RM: tick failed', { error: String(err) }))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stopLoop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** New plans for leads that reached an RM, a new RM, or a queue, and wait for an answer. */
  private discover(now: Date, reports: ActionReport[]): void {
    for (const lead of this.opts.salesforce.records('Lead')) {
      const leadId = String(lead.Id);
      const ownerId = String(lead.OwnerId);
      const attempt = String(lead.Handoff_Attempt__c ?? 1);
      const pending = PENDING.has(lead.Handoff_Status__c as string | null | undefined);
      const plan = this.plans.get(leadId);
      if (plan) {
        // Same owner, same routing attempt: the plan stands, unless an answered lead came back pending (recycled, routed again).
        const same = plan.ownerId === ownerId && plan.attempt === attempt;
        if (same && !(plan.answered && pending)) continue;
        if (plan.step !== 'answer' && plan.step !== 'done') continue; // accepted work stays with who accepted it
        this.plans.delete(leadId);
      }
      if (lead.IsConverted === true || !pending) continue;
      const next = this.newPlan(lead, ownerId, attempt, now, reports);
      if (next) this.plans.set(leadId, next);
    }
  }

  /** The plan of a pending lead owned by an active RM or by a queue with members; none otherwise. */
  private newPlan(lead: SfRecord, ownerId: string, attempt: string, now: Date, reports: ActionReport[]): Plan | undefined {
    const leadId = String(lead.Id);
    const queueId = this.opts.org.queueByGroupId.get(ownerId);
    const members = queueId !== undefined ? (this.opts.org.queueMembers[queueId] ?? []) : [];
    const owner = this.opts.org.byUserId.get(ownerId);
    if (queueId === undefined ? !owner?.rm.active : members.length === 0) return undefined;
    const round = (this.rounds.get(leadId) ?? 0) + 1;
    this.rounds.set(leadId, round);
    // Which member takes a queue's lead is drawn from a stream of its own, so it never shifts the answer's draws.
    const user = owner ?? Rng.derive(this.opts.seed, 'queue-lead', leadId, ownerId, attempt, round).pick(members);
    const policy = this.policyByRm.get(user.rm.id) ?? policyFor(this.opts.seed, user.rm.id);
    const rng = Rng.derive(this.opts.seed, 'lead', leadId, user.userId, attempt, round);
    const answer = rng.weighted([['accept', policy.accept], ['return', policy.return], ['ignore', policy.ignore]] as const);
    const plan: Plan = {
      leadId, user, ownerId, ...(queueId !== undefined ? { queueId } : {}), attempt, answered: false, policy, rng, answer, step: 'answer', dueAt: this.after(user, now, policy.answerMinutes, rng), calls: 0,
    };
    if (answer === 'ignore') {
      plan.step = 'done';
      reports.push(this.report(plan, now, 'ignore', true, this.fromQueue(plan)));
    }
    return plan;
  }

  private async run(plan: Plan, now: Date, reports: ActionReport[]): Promise<void> {
    const { policy, rng, user } = plan;
    const session = this.session(user);
    const lead = this.opts.salesforce.get('Lead', plan.leadId);
    switch (plan.step) {
      case 'answer': {
        // The daemon may have moved the lead on (SLA reassignment) before the RM got to it.
        if (!lead || String(lead.OwnerId) !== plan.ownerId || lead.IsConverted === true || !PENDING.has(lead.Handoff_Status__c as string | null | undefined)) {
          plan.step = 'done';
          return;
        }
        if (plan.answer === 'return') {
          const reason = rng.weighted(Object.entries(policy.returnReasons));
          await session.returnLead(plan.leadId, reason);
          plan.answered = true;
          plan.step = 'done';
          reports.push(this.report(plan, now, 'return', true, { reason, ...this.fromQueue(plan) }));
          return;
        }
        // A queue's lead is the member's once they take it; a return leaves it in the queue for Handoff to recycle.
        if (plan.queueId !== undefined) await session.takeAndAcceptLead(plan.leadId, user.userId);
        else await session.acceptLead(plan.leadId);
        plan.answered = true;
        plan.ownerId = user.userId;
        reports.push(this.report(plan, now, 'accept', true, this.fromQueue(plan)));
        this.next(plan, rng.chance(policy.call) ? 'call' : 'done', now, policy.callMinutes);
        return;
      }
      case 'call': {
        const connected = rng.chance(policy.connect);
        const attempt = plan.calls + 1;
        const taskId = await session.logCall({
          leadId: plan.leadId,
          connected,
          attempt,
          activityDate: localDate(now, user.calendar.timeZone),
          durationSeconds: connected ? rng.int(180, 1500) : rng.int(20, 60),
        });
        plan.calls = attempt;
        reports.push(this.report(plan, now, 'call', true, { taskId, connected, attempt }));
        if (connected) {
          // Status and booking right after the call, as their own step so a failure there never logs the call twice.
          plan.step = 'follow_up';
          plan.dueAt = now.getTime();
        } else {
          this.next(plan, attempt < policy.callAttempts ? 'call' : 'done', now, policy.callMinutes);
        }
        return;
      }
      case 'follow_up': {
        if (lead && lead.IsConverted !== true && lead.Status === 'Open - Not Contacted') await session.markContacted(plan.leadId);
        if (plan.meetingStart === undefined) {
          if (!rng.chance(policy.meeting)) {
            plan.step = 'done';
            return;
          }
          plan.meetingStart = roundUp(this.after(user, now, policy.meetingLeadMinutes, rng), 30);
        }
        const start = plan.meetingStart;
        plan.eventId = await session.bookMeeting({ leadId: plan.leadId, start: new Date(start), durationMinutes: policy.meetingDurationMinutes, location: this.location(user) });
        reports.push(this.report(plan, now, 'book_meeting', true, { eventId: plan.eventId, start: new Date(start).toISOString() }));
        plan.step = 'meeting_outcome';
        plan.dueAt = start + policy.meetingDurationMinutes * 60_000;
        return;
      }
      case 'meeting_outcome': {
        const kept = rng.chance(policy.meetingKept);
        await session.recordMeetingOutcome(plan.eventId ?? '', kept);
        reports.push(this.report(plan, now, kept ? 'meeting_kept' : 'meeting_missed', true, { eventId: plan.eventId ?? '' }));
        this.next(plan, kept && rng.chance(policy.convert) ? 'convert' : 'done', now, policy.convertMinutes);
        return;
      }
      case 'convert': {
        const product = productOfLead(this.opts.products, lead?.Product_Interest__c);
        plan.amount = drawAmount(rng, product);
        const name = `${String(lead?.Company ?? lead?.LastName ?? 'Prospect')} - ${product?.label ?? 'New business'}`.slice(0, 120);
        const closeDate = localDate(new Date(now.getTime() + 30 * 86_400_000), user.calendar.timeZone);
        const r = await session.convertLead({ leadId: plan.leadId, opportunityName: name, amount: plan.amount, closeDate });
        plan.opportunityId = r.opportunityId;
        reports.push(this.report(plan, now, 'convert', true, { opportunityId: r.opportunityId, accountId: r.accountId, contactId: r.contactId, amount: plan.amount }));
        this.next(plan, 'approve', now, policy.approveMinutes);
        return;
      }
      case 'approve':
      case 'fund': {
        const opportunityId = plan.opportunityId ?? '';
        const approveStep = plan.step === 'approve';
        if (!rng.chance(approveStep ? policy.approve : policy.fund)) {
          await session.setStage(opportunityId, 'Closed Lost', { CloseDate: localDate(now, user.calendar.timeZone) });
          plan.step = 'done';
          reports.push(this.report(plan, now, 'close_lost', true, { opportunityId, stage: 'Closed Lost' }));
          return;
        }
        if (approveStep) {
          await session.setStage(opportunityId, 'Approved');
          reports.push(this.report(plan, now, 'approve', true, { opportunityId, stage: 'Approved' }));
          this.next(plan, 'fund', now, policy.fundMinutes);
          return;
        }
        const amount = plan.amount ?? 0;
        await session.setStage(opportunityId, 'Funded', { Amount: amount, CloseDate: localDate(now, user.calendar.timeZone) });
        plan.step = 'done';
        reports.push(this.report(plan, now, 'fund', true, { opportunityId, stage: 'Funded', amount }));
        return;
      }
      case 'done':
        return;
    }
  }

  private next(plan: Plan, step: Step, now: Date, range: MinutesRange): void {
    plan.step = step;
    if (step !== 'done') plan.dueAt = this.after(plan.user, now, range, plan.rng);
  }

  /** `now` plus a drawn number of the RM's working minutes. */
  private after(user: RosterUser, now: Date, [lo, hi]: MinutesRange, rng: Rng): number {
    return addBusinessDuration(user.calendar, now, rng.int(lo, Math.max(lo, hi))).getTime();
  }

  private session(user: RosterUser): RmSession {
    let s = this.sessions.get(user.userId);
    if (!s) {
      s = new RmSession(this.opts.instanceUrl, this.opts.salesforce.issueToken(user.userId));
      this.sessions.set(user.userId, s);
    }
    return s;
  }

  private fromQueue(plan: Plan): ActionReport['detail'] {
    return plan.queueId !== undefined ? { queue: plan.queueId } : {};
  }

  private location(user: RosterUser): string {
    return user.rm.branch ? `Branch: ${user.rm.branch}` : 'Video call';
  }

  private report(plan: Plan, now: Date, action: RmAction, ok: boolean, detail: ActionReport['detail'], error?: string): ActionReport {
    return { at: now.toISOString(), rmId: plan.user.rm.id, userId: plan.user.userId, leadId: plan.leadId, action, ok, detail, ...(error !== undefined ? { error } : {}) };
  }
}
