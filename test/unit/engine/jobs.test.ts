/**
 * The daemon's jobs: node-cron's own messages reach our logger (never the console), missed ticks
 * are reported at most once a minute per job with their count, and runNow runs a job at once,
 * after the run in progress.
 */
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../src/observability/logger';
import { cronLogger, startJobs } from '../../../src/engine/pipeline/jobs';

function capture(level = 'debug') {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (c: Buffer) => {
    for (const l of c.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  return { logger: createLogger({ level, format: 'json', stream }), lines, flush: () => new Promise((r) => setImmediate(r)) };
}

const NEVER = '0 0 0 1 1 *'; // once a year: the schedule never fires during a test

describe('node-cron through our logger', () => {
  it('logs the overlap guard at debug, and missed ticks as one warning a minute with their count', async () => {
    const out = capture();
    let now = 0;
    const log = cronLogger('inbox', out.logger, { now: () => now });
    log.logger.warn('task still running, new execution blocked by overlap prevention!');
    log.missed();
    for (let i = 0; i < 30; i++) {
      now += 1_000;
      log.missed();
    }
    now = 61_000;
    log.missed();
    await out.flush();
    expect(out.lines.map((l) => [l.level, l.message, l.job, l.missed, l.sinceMs])).toEqual([
      ['debug', 'node-cron', 'inbox', undefined, undefined],
      ['warn', 'job missed scheduled runs: the process was too busy to start them on time', 'inbox', 1, undefined],
      ['warn', 'job missed scheduled runs: the process was too busy to start them on time', 'inbox', 31, 61_000],
    ]);
  });
});

describe('runNow', () => {
  it('runs the job at once, and again after a run in progress rather than skipping', async () => {
    const out = capture('error');
    const order: string[] = [];
    let release!: () => void;
    let runs = 0;
    const jobs = startJobs(
      [
        {
          name: 'dispatch',
          schedule: NEVER,
          run: async () => {
            const n = ++runs;
            order.push(`start ${n}`);
            if (n === 1) await new Promise<void>((r) => (release = r));
            order.push(`end ${n}`);
          },
        },
      ],
      { logger: out.logger, onError: () => undefined },
    );
    const first = jobs.runNow('dispatch');
    await new Promise((r) => setImmediate(r));
    expect(jobs.busy()).toEqual(['dispatch']);
    const second = jobs.runNow('dispatch');
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    await jobs.stop();
    await expect(jobs.runNow('nothing')).rejects.toThrow('no job named nothing');
  });
});
