/**
 * The daemon's periodic work on node-cron schedules, one shape for all (STYLE 11): a name, a
 * schedule, the run, and an error handler. A run never overlaps itself (noOverlap); a leader-only
 * job asks its elector first and skips the run when another replica leads. `stop()` stops the
 * schedules and waits for runs in progress, so shutdown can then release what is left.
 */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { LeaderElector } from '../leadership';
import type { Logger } from '../../observability/logger';

export interface JobSpec {
  name: string;
  /** node-cron expression; six fields, the first is seconds. */
  schedule: string;
  run: (signal: AbortSignal) => Promise<unknown>;
  leader?: LeaderElector;
}

export interface Jobs {
  stop(): Promise<void>;
  /** Runs in progress right now, by name (for /readyz and tests). */
  busy(): string[];
}

export function startJobs(specs: JobSpec[], opts: { logger: Logger; onError: (name: string, err: unknown) => void }): Jobs {
  const controller = new AbortController();
  const inFlight = new Map<string, Promise<void>>();
  const tasks: ScheduledTask[] = [];
  for (const spec of specs) {
    if (!cron.validate(spec.schedule)) throw new Error(`job ${spec.name}: "${spec.schedule}" is not a cron schedule`);
    const once = async (): Promise<void> => {
      if (controller.signal.aborted || inFlight.has(spec.name)) return;
      const run = (async () => {
        if (spec.leader && !(await spec.leader.isLeader())) return;
        await spec.run(controller.signal);
      })()
        .catch((err: unknown) => opts.onError(spec.name, err))
        .finally(() => inFlight.delete(spec.name));
      inFlight.set(spec.name, run);
      await run;
    };
    tasks.push(cron.schedule(spec.schedule, once, { name: spec.name, noOverlap: true }));
  }
  opts.logger.info('jobs scheduled', { jobs: specs.map((s) => `${s.name} (${s.schedule})`) });
  return {
    busy: () => [...inFlight.keys()],
    stop: async () => {
      controller.abort();
      for (const t of tasks) await t.destroy();
      await Promise.all([...inFlight.values()]);
    },
  };
}
