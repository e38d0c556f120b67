/**
 * The timer sweep (DESIGN "The pipeline", step 5): due timers are claimed with a lease, and each
 * firing is decided and applied in one transaction that marks the timer fired first (a timer
 * cancelled or re-armed meanwhile is not applied). A breach goes to onSlaBreach, a warning to
 * onSlaWarning (the owner is reminded), a recycle cooldown to onRecycleCooldown. A firing that
 * fails stays claimed; its lease runs out and the next sweep tries it again.
 */
import type { Deadline } from '../../domain/sla';
import { yieldToEventLoop } from '../loop';
import { markFired, claimDue } from '../timers';
import type { Timer } from '../timers';
import { pruneLedger } from '../ledger';
import type { PipelineContext } from './context';
import { handleBreach, handleCooldown, handleWarning } from './govern';
import { withConflictRetry } from './inbox-handler';
import { findLead } from './lead-record';

export interface SweepResult {
  fired: number;
  breaches: number;
  warnings: number;
  cooldowns: number;
  skipped: number;
  failed: number;
}

const SLA = /^sla_(accept|first_touch|appointment)_(warning|breach)$/;

async function fire(ctx: PipelineContext, t: Timer, result: SweepResult): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await markFired(tx, t.id, ctx.workerId))) {
      result.skipped++;
      return;
    }
    await withConflictRetry(tx, async (sp) => {
      const lead = await findLead(sp, { id: t.leadId });
      if (!lead) return;
      const sla = SLA.exec(t.kind);
      if (sla) {
        const deadline = sla[1] as Deadline;
        const timer = { attempt: Number(t.payload.attempt ?? 0), ownerId: String(t.payload.ownerId ?? '') };
        if (sla[2] === 'breach') {
          const r = await handleBreach(sp, ctx, lead, deadline, timer);
          ctx.metrics.slaEvents.inc({ kind: r.action === 'ignore' ? 'breach_ignored' : `breach_${r.action}` });
          result.breaches++;
        } else {
          // The deadline's own time rides in the payload; a timer armed without it is dated by itself.
          const at = new Date(String(t.payload.deadlineAt ?? ''));
          const r = await handleWarning(sp, ctx, lead, deadline, timer, Number.isNaN(at.getTime()) ? t.dueAt : at);
          if (r.warned) ctx.metrics.slaEvents.inc({ kind: 'warning' });
          result.warnings++;
        }
      } else if (t.kind === 'recycle_cooldown') {
        await handleCooldown(sp, ctx, lead);
        result.cooldowns++;
      } else {
        ctx.logger.warn('timer of an unknown kind fired; nothing done', { kind: t.kind, leadId: t.leadId });
      }
    });
    result.fired++;
  });
}

export async function sweepTimers(ctx: PipelineContext, opts: { limit?: number; leaseMs?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { fired: 0, breaches: 0, warnings: 0, cooldowns: 0, skipped: 0, failed: 0 };
  await ctx.liveness.ensure();
  const due = await claimDue(ctx.db, ctx.clock, { workerId: ctx.workerId, limit: opts.limit ?? 500, leaseMs: opts.leaseMs ?? ctx.options.leaseMs, breachGraceMs: ctx.options.breachGraceMs });
  for (const t of due) {
    await yieldToEventLoop();
    try {
      await fire(ctx, t, result);
    } catch (err) {
      result.failed++;
      ctx.logger.error('timer firing failed; it is tried again when its lease ends', { timerId: t.id, kind: t.kind, leadId: t.leadId, error: (err as Error).message });
    }
  }
  return result;
}

/** How long handled inbox rows are kept: past every redelivery window (HubSpot retries for about a day). */
export const INBOX_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * How long finished work is kept: sent outbox rows and fired or cancelled timers. The audit trail
 * is the record of what happened; these are work queues, and left to grow they slow every count
 * and scan of them (the outbox status gauge reads the whole table).
 */
export const FINISHED_WORK_RETENTION_MS = 30 * 24 * 3600_000;

export interface Pruned {
  ledger: number;
  inbox: number;
  outbox: number;
  timers: number;
}

/**
 * Housekeeping for a leader's slow job: expired write-ledger entries; inbox rows handled (or
 * discarded by an operator) longer ago than the inbox retention; outbox rows sent, and timers
 * fired or cancelled (by their due time), longer ago than the finished-work retention. Dead and
 * held rows stay until someone retries or discards them (`handoff dlq`), discarded outbox rows
 * stay as the operator's record. At most `limit` rows of each table a run, so one run never
 * holds a table for long.
 */
export async function housekeeping(ctx: PipelineContext, limit = 10_000): Promise<Pruned> {
  const now = ctx.clock.now();
  const before = (ms: number): string => new Date(now.getTime() - ms).toISOString();
  const ledger = await pruneLedger(ctx.db, now);
  const inbox = await ctx.db.query(
    `DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE processed_at < $1 AND outcome IN ('applied', 'ignored', 'discarded') ORDER BY id LIMIT $2)`,
    [before(INBOX_RETENTION_MS), limit],
  );
  // A ledger entry still pointing at a row keeps it (the entry expires first in all but a long outage).
  const outbox = await ctx.db.query(
    `DELETE FROM outbox WHERE id IN (
       SELECT o.id FROM outbox o WHERE o.status = 'done' AND o.finished_at < $1
          AND NOT EXISTS (SELECT 1 FROM write_ledger w WHERE w.outbox_id = o.id)
        ORDER BY o.id LIMIT $2)`,
    [before(FINISHED_WORK_RETENTION_MS), limit],
  );
  const timers = await ctx.db.query(
    `DELETE FROM timers WHERE id IN (SELECT id FROM timers WHERE status IN ('fired', 'cancelled') AND due_at < $1 ORDER BY id LIMIT $2)`,
    [before(FINISHED_WORK_RETENTION_MS), limit],
  );
  return { ledger, inbox: inbox.rowCount, outbox: outbox.rowCount, timers: timers.rowCount };
}
