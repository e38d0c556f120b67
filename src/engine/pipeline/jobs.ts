/**
 * The daemon's periodic work on node-cron schedules, one shape for all (STYLE 11): a name, a
 * schedule, the run, and an error handler. A run never overlaps itself (noOverlap); a leader-only
 * job asks its elector first and skips the run when another replica leads. `stop()` stops the
 * schedules and waits for runs in progress, so shutdown can then release what is left.
 *
 * node-cron's own messages go to our logger, not the console: a tick that finds the job still
 * running is how noOverlap works (debug); ticks missed because the process was busy are counted
 * and reported at most once a minute per job (warn).
 */
import cron from 'node-cron';
import type { ScheduledTask, TaskOptions } from 'node-cron';
import type { LeaderElector } from '../leadership';
import type { Logger } from '../../observability/logger';

export interface JobSpec {
  name: string;
  /** node-cron expression; six fields, the first is seconds. */
  schedule: string;
  run: (signal: AbortSignal) => Promise<unknown>;
  leader?: LeaderElector;
  /**
   * A job that runs this one itself (through runNow) while it runs: the schedule's ticks are
   * skipped meanwhile, so this job's runs come between the other's steps, not amid them.
   */
  drivenBy?: string;
}

export interface Jobs {
  stop(): Promise<void>;
  /** Runs in progress right now, by name (for /readyz and tests). */
  busy(): string[];
  /** Runs the job now, after its run in progress if there is one; resolves when that run ends. */
  runNow(name: string): Promise<void>;
}

type CronLogger = NonNullable<TaskOptions['logger']>;

/** node-cron's logger interface onto ours, for one job. */
export function cronLogger(job: string, logger: Logger, opts: { now?: () => number } = {}): { logger: CronLogger; missed: () => void } {
  const now = opts.now ?? Date.now;
  let missed = 0;
  let reported: number | undefined;
  const text = (m: string | Error): string => (m instanceof Error ? m.message : m);
  return {
    logger: {
      info: (m) => logger.debug('node-cron', { job, detail: m }),
      // Its only warnings: the overlap guard doing its job, and a missed tick (which we count instead).
      warn: (m) => logger.debug('node-cron', { job, detail: m }),
      error: (m, err) => logger.error('node-cron', { job, detail: text(m), ...(err ? { error: err.message } : {}) }),
      debug: (m) => logger.debug('node-cron', { job, detail: text(m) }),
    },
    missed: () => {
      missed++;
      const t = now();
      if (reported !== undefined && t - reported < 60_000) return;
      logger.warn('job missed scheduled runs: the process was too busy to start them on time', { job, missed, ...(reported === undefined ? {} : { sinceMs: t - reported }) });
      missed = 0;
      reported = t;
    },
  };
}

export function startJobs(specs: JobSpec[], opts: { logger: Logger; onError: (name: string, err: unknown) => void }): Jobs {
  const controller = new AbortController();
  const inFlight = new Map<string, Promise<void>>();
  const tasks: ScheduledTask[] = [];
  const byName = new Map<string, () => Promise<void>>();
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
    byName.set(spec.name, once);
    const tick = async (): Promise<void> => {
      if (spec.drivenBy !== undefined && inFlight.has(spec.drivenBy)) return;
      await once();
    };
    const log = cronLogger(spec.name, opts.logger);
    const task = cron.schedule(spec.schedule, tick, { name: spec.name, noOverlap: true, logger: log.logger });
    task.on('execution:missed', log.missed);
    tasks.push(task);
  }
  opts.logger.info('jobs scheduled', { jobs: specs.map((s) => `${s.name} (${s.schedule})`) });
  return {
    busy: () => [...inFlight.keys()],
    runNow: async (name) => {
      const once = byName.get(name);
      if (!once) throw new Error(`no job named ${name}`);
      // A run already going may have claimed before the work that asks for this one existed.
      while (inFlight.has(name)) await inFlight.get(name);
      await once();
    },
    stop: async () => {
      controller.abort();
      for (const t of tasks) await t.destroy();
      await Promise.all([...inFlight.values()]);
    },
  };
}
