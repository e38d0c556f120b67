/**
 * The pipeline's steps as one object, and one full cycle of them (`handoff sync --once`, tests,
 * benchmarks): poll both systems, resolve webhooks, decide and apply everything in the inbox,
 * fire due timers, then dispatch until nothing is left to send now. A step that fails is reported
 * with its error and the cycle goes on with the next: what it did not finish is still stored and
 * is picked up by the next cycle.
 */
import type { RecordWriter } from '../dispatcher';
import type { InboxHandler, ProcessInboxResult } from '../inbox';
import { processInbox } from '../inbox';
import type { PipelineContext } from './context';
import type { DrainResult } from './dispatch';
import { dispatchUntilDrained } from './dispatch';
import { SALESFORCE_OBJECTS, inboxHandler } from './inbox-handler';
import type { SalesforceObject } from './inbox-handler';
import type { PollResult } from './pollers';
import { pollHubspot, pollSalesforce } from './pollers';
import type { ReconcileReport } from './reconcile';
import { reconcileOnce } from './reconcile';
import type { SweepResult } from './sweep';
import { sweepTimers } from './sweep';
import type { ResolveResult } from './webhooks';
import { WEBHOOK_KINDS, resolveWebhooks } from './webhooks';

export interface Pipeline {
  readonly ctx: PipelineContext;
  readonly writer: RecordWriter;
  readonly handler: InboxHandler;
  pollHubspot(): Promise<PollResult>;
  pollSalesforce(object: SalesforceObject): Promise<PollResult>;
  resolveWebhooks(): Promise<ResolveResult>;
  processInbox(): Promise<ProcessInboxResult>;
  /**
   * The inbox job: resolve webhooks and decide, a chunk at a time, until nothing is waiting (or
   * `inboxBatch` items are done); `between` runs after each chunk that found work (the daemon
   * dispatches there), so a burst's first Leads go out while the rest is decided, in batches
   * as full as a chunk.
   */
  drainInbox(signal?: AbortSignal, between?: () => Promise<unknown>): Promise<InboxRun>;
  sweepTimers(): Promise<SweepResult>;
  dispatch(signal?: AbortSignal): Promise<DrainResult>;
  reconcile(): Promise<ReconcileReport>;
}

export interface InboxRun {
  chunks: number;
  webhooks: number;
  processed: number;
  applied: number;
}

export function createPipeline(ctx: PipelineContext, writer: RecordWriter): Pipeline {
  const handler = inboxHandler(ctx);
  const inbox = (limit: number): Promise<ProcessInboxResult> => processInbox(ctx.db, ctx.clock, handler, { limit, logger: ctx.logger, excludeKinds: WEBHOOK_KINDS });
  return {
    ctx,
    writer,
    handler,
    pollHubspot: () => pollHubspot(ctx),
    pollSalesforce: (object) => pollSalesforce(ctx, object),
    resolveWebhooks: () => resolveWebhooks(ctx),
    processInbox: () => inbox(ctx.options.inboxBatch),
    drainInbox: async (signal, between) => {
      const run: InboxRun = { chunks: 0, webhooks: 0, processed: 0, applied: 0 };
      // Webhooks that cannot be resolved now (HubSpot failing) wait for the next run; what is
      // already in the inbox is decided meanwhile.
      let resolving = true;
      while (!signal?.aborted && run.processed < ctx.options.inboxBatch) {
        const hooks = resolving ? await step(ctx, 'webhooks', [], () => resolveWebhooks(ctx)) : undefined;
        if (!hooks) resolving = false;
        const events = hooks?.events ?? 0;
        const limit = Math.min(ctx.options.inboxChunk, ctx.options.inboxBatch - run.processed);
        const r = await inbox(limit);
        run.chunks++;
        run.webhooks += events;
        run.processed += r.processed;
        run.applied += r.applied;
        if (r.processed + events > 0 && between) await between();
        if (r.processed < limit && events === 0) break;
      }
      return run;
    },
    sweepTimers: () => sweepTimers(ctx),
    dispatch: (signal) => dispatchUntilDrained(ctx, writer, 50, signal),
    reconcile: () => reconcileOnce(ctx),
  };
}

export interface StepError {
  step: string;
  code?: string;
  message: string;
}

export interface CycleReport {
  polled: { hubspot?: PollResult; salesforce: Partial<Record<SalesforceObject, PollResult>> };
  webhooks?: ResolveResult;
  inbox?: ProcessInboxResult;
  timers?: SweepResult;
  dispatch?: DrainResult;
  errors: StepError[];
  durationMs: number;
  /** Wall time per step. */
  stepMs: Record<string, number>;
}

/** Runs a step; a failure is reported (and counted), not thrown. */
export async function step<T>(ctx: PipelineContext, name: string, errors: StepError[], fn: () => Promise<T>, timings?: Record<string, number>): Promise<T | undefined> {
  const started = Date.now();
  try {
    return await fn();
  } catch (err) {
    const e = err as Error & { code?: unknown };
    errors.push({ step: name, ...(typeof e.code === 'string' ? { code: e.code } : {}), message: e.message });
    ctx.metrics.pipelineSteps.inc({ step: name });
    ctx.logger.error('pipeline step failed', { step: name, error: e.message });
    return undefined;
  } finally {
    if (timings) timings[name] = Date.now() - started;
  }
}

export async function runCycle(p: Pipeline): Promise<CycleReport> {
  const started = Date.now();
  const errors: StepError[] = [];
  const stepMs: Record<string, number> = {};
  const report: CycleReport = { polled: { salesforce: {} }, errors, durationMs: 0, stepMs };
  const ctx = p.ctx;
  report.polled.hubspot = await step(ctx, 'poll:hubspot', errors, () => p.pollHubspot(), stepMs);
  for (const object of SALESFORCE_OBJECTS) {
    const r = await step(ctx, `poll:salesforce:${object}`, errors, () => p.pollSalesforce(object), stepMs);
    if (r) report.polled.salesforce[object] = r;
  }
  report.webhooks = await step(ctx, 'webhooks', errors, () => p.resolveWebhooks(), stepMs);
  report.inbox = await step(ctx, 'inbox', errors, () => p.processInbox(), stepMs);
  report.timers = await step(ctx, 'timers', errors, () => p.sweepTimers(), stepMs);
  report.dispatch = await step(ctx, 'dispatch', errors, () => p.dispatch(), stepMs);
  report.durationMs = Date.now() - started;
  return report;
}
