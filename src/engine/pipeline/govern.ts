/**
 * The governance decisions in the order the lifecycle needs them, each applied as it is made so
 * the next one reads the lead it left: readiness, then routing with its SLA plan when the lead is
 * ready; the owner's answer, then what a return leads to; an SLA breach; a recycle cooldown. The
 * routing inputs (pool pointers, open leads, streaks) are read in the same transaction.
 */
import { decideHandoffResponse } from '../../domain/acceptance';
import type { HandoffChange } from '../../domain/acceptance';
import type { Deadline } from '../../domain/sla';
import { onSlaBreach, onSlaWarning, recordBreachStreak, takenOutOfRotation } from '../../domain/sla';
import type { StreakResult } from '../../domain/sla';
import { decideReadiness, planPrequal } from '../../domain/readiness';
import type { PrequalOutcome } from '../../domain/readiness';
import type { LeadView } from '../../domain/lead';
import { callPrequal } from '../../connectors/prequal';
import { decideAfterReturn, onRecycleCooldown } from '../../domain/recycle';
import { decideRouting } from '../../domain/routing';
import type { LeadState } from '../../domain/lifecycle';
import type { Db } from '../../store/db';
import type { ApplyDecisionOptions } from './apply-decision';
import { applyDecision } from './apply-decision';
import type { PipelineContext } from './context';
import type { LeadRecord } from './lead-record';
import { loadRoutingState, loadStreak, saveStreak } from './routing-state';
import { leadView } from './view';

/** States in which a lead is marketing's: readiness decides whether it may be handed off. */
export const QUALIFYING_STATES: readonly LeadState[] = ['captured', 'blocked', 'ready', 'recycled'];

export async function routeLead(tx: Db, ctx: PipelineContext, lead: LeadRecord, opts: ApplyDecisionOptions = {}): Promise<LeadRecord> {
  const rs = await loadRoutingState(tx);
  const r = decideRouting({ lead: leadView(lead, ctx.config), config: ctx.config, now: ctx.clock.now(), ...rs });
  return applyDecision(tx, ctx, lead, r.decision, opts);
}

/**
 * The bank's prequalification services the lead's gates call (readiness.yaml `prequal.http`),
 * by gate. Each call is bounded by its gate's timeout; an error is an outcome (readiness fails
 * closed), never a throw.
 */
async function prequalify(ctx: PipelineContext, view: LeadView, now: Date): Promise<Record<string, PrequalOutcome>> {
  const out: Record<string, PrequalOutcome> = {};
  for (const req of planPrequal({ lead: view, config: ctx.config, now })) {
    const token = req.tokenEnv ? ctx.secret(req.tokenEnv) : undefined;
    out[req.gate] = await callPrequal(req, token ? { token } : {});
  }
  return out;
}

/** Readiness, and routing at once when the lead is (or becomes) ready. */
export async function qualifyAndRoute(tx: Db, ctx: PipelineContext, lead: LeadRecord, opts: ApplyDecisionOptions = {}): Promise<LeadRecord> {
  const now = ctx.clock.now();
  const view = leadView(lead, ctx.config);
  const { result, decision } = decideReadiness({ lead: view, config: ctx.config, now, prequal: await prequalify(ctx, view, now) });
  const current = await applyDecision(tx, ctx, lead, decision, { ...opts, hold: result.ready });
  return result.ready && current.state === 'ready' ? routeLead(tx, ctx, current, opts.lane ? { lane: opts.lane } : {}) : current;
}

async function streak(tx: Db, ctx: PipelineContext, ownerId: string, event: 'breached' | 'met', limit: number): Promise<StreakResult> {
  const now = ctx.clock.now();
  const r = recordBreachStreak({ current: await loadStreak(tx, ownerId), ownerId, event, limit, now });
  await saveStreak(tx, r.streak, now);
  if (r.takenOut) ctx.logger.warn('owner taken out of rotation after a breach streak', { owner: ownerId, consecutive: r.streak.consecutive });
  return r;
}

/** The owner answered (Handoff_Status__c): accepted, returned (then recycled, re-routed or ended), or asked for a reason. */
export async function handleAnswer(tx: Db, ctx: PipelineContext, lead: LeadRecord, change: HandoffChange, opts: ApplyDecisionOptions = {}): Promise<LeadRecord> {
  const now = ctx.clock.now();
  const out = decideHandoffResponse({ lead: leadView(lead, ctx.config), change, config: ctx.config, now });
  let current = await applyDecision(tx, ctx, lead, out.decision, opts);
  // An answer by the accept-by, an acceptance or a return, ends the owner's breach streak.
  if ((out.kind === 'accepted' || out.kind === 'returned') && out.onTime && out.ownerId) await streak(tx, ctx, out.ownerId, 'met', 1);
  if (out.kind === 'returned' && out.returnReason) {
    const rs = await loadRoutingState(tx);
    const after = decideAfterReturn({ lead: leadView(current, ctx.config), reason: out.returnReason, config: ctx.config, now, ...rs });
    current = await applyDecision(tx, ctx, current, after.decision);
  }
  return current;
}

/**
 * A deadline passed: notify, reassign, escalate or hold (onSlaBreach), and count the owner's
 * streak. The breach that takes them out of rotation also tells their manager, in a Task on
 * this lead, with an event of its own on the lead's trail.
 */
export async function handleBreach(tx: Db, ctx: PipelineContext, lead: LeadRecord, deadline: Deadline, timer: { attempt: number; ownerId: string }): Promise<{ lead: LeadRecord; action: string }> {
  const rs = await loadRoutingState(tx);
  const out = onSlaBreach({ lead: leadView(lead, ctx.config), deadline, timer, config: ctx.config, now: ctx.clock.now(), ...rs });
  let current = await applyDecision(tx, ctx, lead, out.decision);
  if (out.breachedBy && deadline === 'accept' && out.action !== 'ignore') {
    const limit = out.streakLimit ?? Number.MAX_SAFE_INTEGER;
    const s = await streak(tx, ctx, out.breachedBy, 'breached', limit);
    if (s.takenOut) {
      const notice = takenOutOfRotation({ lead: leadView(current, ctx.config), streak: s.streak, limit, attempt: timer.attempt, config: ctx.config, now: ctx.clock.now() });
      current = await applyDecision(tx, ctx, current, notice);
    }
  }
  return { lead: current, action: out.action };
}

/**
 * A deadline is near: the owner is reminded (onSlaWarning). A warning for an assignment that has
 * moved on writes nothing and leaves no trail, as it did before the owner was told.
 */
export async function handleWarning(tx: Db, ctx: PipelineContext, lead: LeadRecord, deadline: Deadline, timer: { attempt: number; ownerId: string }, dueAt: Date): Promise<{ lead: LeadRecord; warned: boolean }> {
  const d = onSlaWarning({ lead: leadView(lead, ctx.config), deadline, timer, dueAt, config: ctx.config, now: ctx.clock.now() });
  if (d.audit.type === 'ignored') return { lead, warned: false };
  return { lead: await applyDecision(tx, ctx, lead, d), warned: true };
}

/** The recycle cooldown ended: readiness again, and routing when the lead still qualifies. */
export async function handleCooldown(tx: Db, ctx: PipelineContext, lead: LeadRecord): Promise<LeadRecord> {
  const { result, decision } = onRecycleCooldown({ lead: leadView(lead, ctx.config), config: ctx.config, now: ctx.clock.now() });
  const current = await applyDecision(tx, ctx, lead, decision, { hold: result?.ready === true });
  return result?.ready && current.state === 'ready' ? routeLead(tx, ctx, current) : current;
}
