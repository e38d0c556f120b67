/**
 * `handoff demo` (and `handoff start` without credentials): the sandbox with simulated RMs, the
 * daemon built by createDaemon against it, one ScaledClock for both (a working day in minutes,
 * starting at the next working-day morning in New York), embedded PGlite in its own folder
 * (HANDOFF_DATA_DIR/demo, wiped at start). Prospects arrive through the simulated morning; what
 * flows is printed from the audit trail as it is written, with a summary every simulated hour.
 * Runs until the signal aborts or `minutes` pass; then stops the daemon, the sandbox and the db.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { MappingsConfig } from '../config';
import { ScaledClock } from '../domain/clock';
import { HandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import type { Sandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import type { Db } from '../store/db';
import { acquireDirLock } from '../store/lockfile';
import { openDb } from '../store/open';
import { AuditTail, leadLabels } from './audit-tail';
import { DEMO_ZONE, nextWorkdayMorning } from './demo-clock';
import type { ApiCalls, DemoFigures } from './demo-feed';
import { DemoStats, demoLine, summaryTable } from './demo-feed';
import { clockFace } from './names';
import { rosterNames } from './names';
import { createSandboxDaemon } from './sandbox-daemon';

export interface DemoOptions {
  speed: number;
  prospects: number;
  seed: number;
  /** HTTP port of the daemon (webhooks, health, metrics, dashboard); 0 for a free one. */
  port: number;
  /** Real minutes to run; undefined: until the signal. */
  minutes?: number;
  /** HANDOFF_DATA_DIR: the demo's database lives in its `demo/` folder. */
  dataDir: string;
  /** The caller's environment (log level, tier, mappings folder). */
  baseEnv: NodeJS.ProcessEnv;
  logger: Logger;
  /** Where the demo's lines go (stdout in the CLI). */
  out: (line: string) => void;
  signal?: AbortSignal;
  /** Simulated start; default the next working-day 08:30 in New York. */
  start?: Date;
  /** How often the audit trail is read (real ms). Default 500. */
  pollMs?: number;
  /** A database to use instead of the demo folder's (tests). */
  db?: Db;
}

export interface DemoResult {
  simulatedFrom: string;
  simulatedTo: string;
  events: number;
  linesPrinted: number;
  figures: DemoFigures;
  states: Record<string, number>;
  calls: ApiCalls;
}

/** Share of the prospects created at the start; the rest arrive every 15 simulated minutes over 8 hours. */
const FIRST_WAVE = 0.25;
const ARRIVAL_EVERY_MS = 15 * 60_000;
const ARRIVAL_WAVES = 32;

async function openDemoDb(dataDir: string, logger: Logger): Promise<{ db: Db; release: () => void }> {
  const dir = path.resolve(dataDir, 'demo');
  mkdirSync(dir, { recursive: true });
  // The folder's own lock: a second demo must not wipe the database of a running one.
  const lock = acquireDirLock(dir);
  try {
    rmSync(path.join(dir, 'pgdata'), { recursive: true, force: true });
    const db = await openDb({ dataDir: path.join(dir, 'pgdata'), logger });
    return { db, release: () => lock.release() };
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function stateCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM leads GROUP BY state');
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

function apiCalls(sandbox: Sandbox): ApiCalls {
  const c = sandbox.callCounts();
  return { hubspot: c.hubspot.total, salesforce: c.salesforceByActor.integration.total, rms: c.salesforceByActor.rm.total };
}

const waitFor = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const start = o.start ?? nextWorkdayMorning(new Date());
  // Frozen while everything starts (opening the database and migrating take real seconds), so the
  // day begins at 08:30 sharp; it runs at the demo's speed from the first line printed.
  const clock = new ScaledClock(start, 0);
  const opened = o.db ? { db: o.db, release: () => undefined } : await openDemoDb(o.dataDir, o.logger);
  const { db } = opened;
  const releasers: (() => Promise<unknown> | unknown)[] = [() => (o.db ? undefined : db.close()), () => opened.release()];
  const release = async (): Promise<void> => {
    for (const r of releasers) await Promise.resolve(r()).catch((err: unknown) => o.logger.warn('demo: shutdown step failed', { error: (err as Error).message }));
  };
  try {
    const mappingsDir = o.baseEnv.MAPPINGS_DIR?.trim() || undefined;
    const sandbox = await startSandbox({ seed: o.seed, clock, rms: true, webhookUrl: null, logger: o.logger, ...(mappingsDir ? { mappingsDir } : {}) });
    releasers.unshift(() => sandbox.stop());
    // The daemon's clock runs at the demo's speed but its Salesforce polls every 15 real seconds:
    // a breach waits for the next poll in demo time, as it does in real time.
    const options = { breachGraceMs: 20_000 * o.speed };
    const sd = await createSandboxDaemon({ sandbox, db, logger: o.logger, baseEnv: o.baseEnv, http: { port: o.port, host: '127.0.0.1' }, mappings: sandbox.mappings, options, webhookFlushMs: 500 });
    releasers.unshift(() => sd.stop());
    await sd.start().catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      throw new HandoffError('PORT_IN_USE', `port ${o.port} is in use (another handoff?): pass --port P, or --port 0 for a free one`, { port: o.port });
    });
    sandbox.rms.startLoop(1_000);
    clock.setSpeed(o.speed);
    return await watch(o, { sandbox, db, clock, url: sd.daemon.url ?? '', config: sandbox.mappings, stopDaemon: () => sd.stop() });
  } finally {
    await release();
  }
}

interface Running {
  sandbox: Sandbox;
  db: Db;
  clock: ScaledClock;
  url: string;
  config: MappingsConfig;
  /** Stops the daemon (idempotent), so the last summary counts everything it did. */
  stopDaemon: () => Promise<void>;
}

async function watch(o: DemoOptions, r: Running): Promise<DemoResult> {
  const { sandbox, db, clock } = r;
  const ctx = { names: rosterNames(r.config), zone: DEMO_ZONE };
  const stats = new DemoStats();
  const tail = new AuditTail(db);
  const from = clock.now();
  const realEnd = o.minutes !== undefined ? Date.now() + o.minutes * 60_000 : Infinity;
  let lines = 0;
  let events = 0;
  const print = (s: string): void => {
    o.out(s);
    lines++;
  };
  print(`Handoff demo: ${o.prospects} synthetic prospects arrive through a working day at ${o.speed}× real time, from ${clockFace(from, DEMO_ZONE)} ${DEMO_ZONE}.`);
  print(`Daemon ${r.url} (GET /healthz, /metrics, /api/leads/:id) · sandbox admin ${sandbox.adminUrl} · simulated RMs at work. Ctrl-C to stop.`);

  const firstWave = Math.max(1, Math.ceil(o.prospects * FIRST_WAVE));
  let arrived = Math.min(o.prospects, firstWave);
  sandbox.seedProspects(arrived);
  let nextArrival = from.getTime() + ARRIVAL_EVERY_MS;
  const perWave = Math.ceil((o.prospects - arrived) / ARRIVAL_WAVES);
  let hour = Math.floor(from.getTime() / 3_600_000);

  const summary = async (): Promise<{ states: Record<string, number>; calls: ApiCalls }> => {
    const states = await stateCounts(db);
    const calls = apiCalls(sandbox);
    print(summaryTable(clock.now(), DEMO_ZONE, states, stats.figures(), calls));
    return { states, calls };
  };

  /** Prints and counts the audit events written since the last read; how many there were. */
  const follow = async (): Promise<number> => {
    const batch = await tail.next(1_000);
    const labels = await leadLabels(db, batch);
    for (const ev of batch) {
      events++;
      stats.observe(ev);
      const line = demoLine(ev, ev.leadId ? labels.get(ev.leadId) : undefined, ctx);
      if (line) print(line);
    }
    return batch.length;
  };

  while (!o.signal?.aborted && Date.now() < realEnd) {
    const read = await follow();
    const now = clock.now().getTime();
    if (arrived < o.prospects && now >= nextArrival) {
      const n = Math.min(perWave, o.prospects - arrived);
      sandbox.seedProspects(n);
      arrived += n;
      nextArrival += ARRIVAL_EVERY_MS;
    }
    const h = Math.floor(now / 3_600_000);
    if (h !== hour) {
      hour = h;
      await summary();
    }
    if (read < 1_000) await waitFor(o.pollMs ?? 500, o.signal);
  }
  print('Stopping: the daemon finishes what it is doing, then the sandbox and the database close.');
  // Then what it did since the last read, so the last summary's figures agree with the states it counts.
  await r.stopDaemon();
  while ((await follow()) === 1_000);
  const last = await summary();
  return { simulatedFrom: from.toISOString(), simulatedTo: clock.now().toISOString(), events, linesPrinted: lines, figures: stats.figures(), ...last };
}
