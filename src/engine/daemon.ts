/**
 * The composition root (STYLE 10): every collaborator of the running daemon is built here, once,
 * from the parsed environment — the database it is given (migrated at start), mappings, clock, logger, metrics,
 * rate limiters, both connectors, the Salesforce owner directory, the pipeline, the HTTP server
 * and the scheduled jobs — and released here in reverse order. Nothing below this file reads
 * process.env. `handoff run` starts it; `handoff sync --once`, the end-to-end tests and the
 * benchmarks use `syncOnce()` and the pipeline's steps.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createRateLimiters, createRecordWriter, rateLimitConfigFromEnv } from '../connectors';
import type { RateLimiters } from '../connectors';
import { HubSpotConnector, hubSpotClient } from '../connectors/hubspot';
import { SalesforceConnector, connectSalesforce } from '../connectors/salesforce';
import { formatConfigError, loadMappings } from '../config';
import type { Env, MappingsConfig } from '../config';
import type { Clock } from '../domain/clock';
import { systemClock } from '../domain/clock';
import { signalNames } from '../domain/scoring';
import { syncContext } from '../domain/sync';
import { HandoffError } from '../errors';
import { createHttpApp } from '../http/app';
import { eventsApiRouter } from '../http/routes/events-api';
import { hubspotWebhookRouter } from '../http/routes/hubspot-webhooks';
import { leadsApiRouter } from '../http/routes/leads-api';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { createMetrics } from '../observability/metrics';
import type { Db } from '../store/db';
import { migrate } from '../store/migrate';
import { LeaderElector } from './leadership';
import { WorkerLiveness } from './liveness';
import { deadLetterCounts } from './dlq';
import { outboxStats } from './outbox';
import { releaseClaims, releaseClaimsOfDeadProcesses } from './pipeline/claims';
import { subscriptionOptOutField } from './pipeline/consent-delivery';
import type { PipelineContext, PipelineOptions } from './pipeline/context';
import { DEFAULT_PIPELINE_OPTIONS } from './pipeline/context';
import type { CycleReport, Pipeline } from './pipeline/cycle';
import { createPipeline, runCycle, step } from './pipeline/cycle';
import { pipelineWriter } from './pipeline/dispatch';
import { trackedFields } from './pipeline/fields';
import { SALESFORCE_OBJECTS } from './pipeline/inbox-handler';
import type { Jobs, JobSpec } from './pipeline/jobs';
import { startJobs } from './pipeline/jobs';
import { loadOwnerDirectory } from './pipeline/owners';
import { effectiveConfig } from './pipeline/roster-source';
import { housekeeping } from './pipeline/sweep';
import { inboxPort } from './pipeline/webhooks';

/** node-cron schedules (seconds first). */
export interface Schedules {
  poll: string;
  inbox: string;
  dispatch: string;
  timers: string;
  reconcile: string;
}

export const DEFAULT_SCHEDULES: Schedules = {
  poll: '*/15 * * * * *',
  inbox: '* * * * * *',
  dispatch: '* * * * * *',
  timers: '*/10 * * * * *',
  reconcile: '0 */15 * * * *',
};

export interface DaemonDeps {
  env: Env;
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
  /** Default: loaded from env.MAPPINGS_DIR (every problem reported at once). */
  mappings?: MappingsConfig;
  /** The store (the CLI opens it with openStore; tests with test/support/db). The caller closes it after stop(). */
  db: Db;
  /** The HTTP server; false for none. Default: env.PORT on all interfaces. */
  http?: false | { port?: number; host?: string };
  /** Job schedules; false runs no jobs (tests drive the steps, start() serves HTTP only). */
  schedules?: Partial<Schedules> | false;
  options?: Partial<PipelineOptions>;
  workerId?: string;
  /** Origins besides Salesforce's the token endpoint may name as instance_url (the sandbox's). */
  allowedInstanceOrigins?: string[];
  /** Secrets the mappings name by variable (prequalification tokens); the CLI reads them from the environment. */
  secret?: (name: string) => string | undefined;
}

export interface Daemon {
  readonly pipeline: Pipeline;
  readonly db: Db;
  readonly metrics: Metrics;
  /** The HTTP server's base URL once started. */
  readonly url: string | undefined;
  /** HTTP server and scheduled jobs. */
  start(): Promise<void>;
  /** Reads the Salesforce Users again (roster.yaml's from_salesforce, then the owner directory), as each reconciliation run does first. */
  refreshOwners(): Promise<void>;
  /** One full cycle now: poll both, resolve webhooks, process the inbox, fire due timers, dispatch until drained. */
  syncOnce(): Promise<CycleReport>;
  /** Stops intake, waits for runs in progress, releases claims, resigns leadership, closes what it opened (not the db). */
  stop(): Promise<void>;
}

/**
 * Leadership is per installation: advisory locks are database-wide, so two installations in
 * separate schemas of one database (or a test suite next to a running daemon) must not share a
 * role. The role names the schema.
 */
export const leaderRole = (role: 'pollers' | 'sweeps', schema: string): string => `${role}@${schema}`;

export function requireCredentials(env: Pick<Env, 'credentials'>): void {
  if (env.credentials === 'both') return;
  const missing = env.credentials === 'none' ? 'HubSpot and Salesforce' : env.credentials === 'hubspot-only' ? 'Salesforce' : 'HubSpot';
  throw new HandoffError(
    'CREDENTIALS_REQUIRED',
    `credentials for ${missing} are needed: set HUBSPOT_ACCESS_TOKEN (and HUBSPOT_BASE_URL), and SALESFORCE_INSTANCE_URL with SALESFORCE_ACCESS_TOKEN or the JWT bearer variables (see .env.example); \`handoff sandbox\` prints a working set`,
    { credentials: env.credentials },
  );
}

function loadConfig(dir: string): MappingsConfig {
  const r = loadMappings(dir);
  if (r.config) return r.config;
  const shown = r.errors.slice(0, 10).map((e) => formatConfigError(e)).join('\n  ');
  throw new HandoffError('MAPPINGS_INVALID', `the mappings in ${dir} have ${r.errors.length} problem(s) (run \`handoff validate\`):\n  ${shown}`);
}

/** Runs `fn`s in order, each even if an earlier one failed; the first failure is rethrown at the end. */
async function releaseAll(steps: (() => Promise<unknown>)[]): Promise<void> {
  let first: unknown;
  for (const s of steps) await s().catch((err: unknown) => (first ??= err));
  if (first !== undefined) throw first;
}

export async function createDaemon(deps: DaemonDeps): Promise<Daemon> {
  const { env } = deps;
  requireCredentials(env);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger();
  const metrics = deps.metrics ?? createMetrics();
  const config = deps.mappings ?? loadConfig(env.MAPPINGS_DIR);
  const workerId = deps.workerId ?? `handoff-${randomUUID().slice(0, 8)}`;
  const releasers: (() => Promise<unknown>)[] = [];
  const db = deps.db;
  let limiters: RateLimiters | undefined;
  try {
    const migrated = await migrate(db, { logger });
    if (migrated.applied.length > 0) logger.info('migrations applied', { applied: migrated.applied });
    limiters = createRateLimiters(rateLimitConfigFromEnv(env), { logger });
    const lim = limiters;
    releasers.unshift(() => lim.close());
    const hubspot = new HubSpotConnector({ client: hubSpotClient({ accessToken: env.HUBSPOT_ACCESS_TOKEN as string, basePath: env.HUBSPOT_BASE_URL }), limiters: lim.hubspot, logger });
    const session = await connectSalesforce({
      auth: env.salesforceAuth!,
      clock,
      version: env.SALESFORCE_API_VERSION,
      logger,
      ...(deps.allowedInstanceOrigins ? { allowedInstanceOrigins: deps.allowedInstanceOrigins } : {}),
    });
    const salesforce = new SalesforceConnector({ session, limiter: lim.salesforce, apiShare: env.SALESFORCE_API_SHARE, logger });
    // The org's real allowance paces the limiter from the first call (until then it assumes the smallest org).
    await salesforce.limits();
    const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    const liveness = new WorkerLiveness(db, schema, workerId, { logger });
    releasers.unshift(() => liveness.release());
    // Routing reads the effective roster: roster.yaml merged with Salesforce Users when from_salesforce is on.
    const effective = await effectiveConfig(salesforce, config, { now: clock.now(), logger, fallback: config, when: 'start' });
    const directory = await loadOwnerDirectory(salesforce, effective.roster, { managers: config.sla.managers, logger });
    const missing = directory.missing();
    if (missing.length > 0) logger.warn('roster entries with no Salesforce user or queue: their leads keep the integration user as owner', { missing });
    const ctx: PipelineContext = {
      db,
      clock,
      logger,
      metrics,
      config: effective,
      sync: syncContext(config),
      fields: trackedFields(config),
      hubspot,
      salesforce,
      directory,
      workerId,
      liveness,
      secret: deps.secret ?? (() => undefined),
      options: { ...DEFAULT_PIPELINE_OPTIONS, ...deps.options },
    };
    const unsubscribeFrom = subscriptionOptOutField(config)?.unsubscribe_from;
    const pipeline = createPipeline(ctx, pipelineWriter(createRecordWriter({ hubspot, salesforce }), hubspot, unsubscribeFrom ? { unsubscribeFrom } : {}));
    return assemble(deps, { ctx, yaml: config, pipeline, releasers, db, metrics, schema });
  } catch (err) {
    await releaseAll(releasers).catch(() => undefined);
    throw err;
  }
}

function assemble(deps: DaemonDeps, parts: { ctx: PipelineContext; yaml: MappingsConfig; pipeline: Pipeline; releasers: (() => Promise<unknown>)[]; db: Db; metrics: Metrics; schema: string }): Daemon {
  const { ctx, pipeline, db, metrics } = parts;
  const { env } = deps;
  const logger = ctx.logger;
  const schedules = { ...DEFAULT_SCHEDULES, ...(deps.schedules || {}) };
  const electors = {
    pollers: new LeaderElector(db, leaderRole('pollers', parts.schema), { logger }),
    sweeps: new LeaderElector(db, leaderRole('sweeps', parts.schema), { logger }),
  };
  let server: Server | undefined;
  let jobs: Jobs | undefined;
  let url: string | undefined;
  let stopped: Promise<void> | undefined;

  /** The queue gauges, read from the database, so every replica reports the same: outbox depth, dead letters. */
  const refreshGauges = async (): Promise<void> => {
    for (const r of await outboxStats(db)) metrics.outboxDepth.set({ system: r.system, status: r.status }, r.count);
    const dead = await deadLetterCounts(db);
    // A class retried or discarded away must not keep its last count.
    metrics.deadLetters.reset();
    for (const r of dead) metrics.deadLetters.set({ queue: r.queue, system: r.system, class: r.code }, r.count);
  };
  const onError = (name: string, err: unknown): void => {
    metrics.pipelineSteps.inc({ step: name });
    logger.error('scheduled job failed', { job: name, error: (err as Error).message });
  };
  const specs = (): JobSpec[] => [
    {
      name: 'poll',
      schedule: schedules.poll,
      leader: electors.pollers,
      run: async () => {
        const errors: { step: string; message: string }[] = [];
        await step(ctx, 'poll:hubspot', errors, () => pipeline.pollHubspot());
        for (const o of SALESFORCE_OBJECTS) await step(ctx, `poll:salesforce:${o}`, errors, () => pipeline.pollSalesforce(o));
      },
    },
    {
      name: 'inbox',
      schedule: schedules.inbox,
      // Dispatches between chunks, so a burst's Leads go out as they are decided.
      run: (signal) => pipeline.drainInbox(signal, () => jobs?.runNow('dispatch') ?? Promise.resolve()),
    },
    {
      name: 'dispatch',
      schedule: schedules.dispatch,
      drivenBy: 'inbox',
      run: async (signal) => {
        await pipeline.dispatch(signal);
        await refreshGauges();
      },
    },
    { name: 'timers', schedule: schedules.timers, leader: electors.sweeps, run: () => pipeline.sweepTimers() },
    {
      name: 'reconcile',
      schedule: schedules.reconcile,
      leader: electors.sweeps,
      run: async () => {
        await refreshOwners(ctx, parts.yaml);
        await pipeline.reconcile();
        const pruned = await housekeeping(ctx);
        if (Object.values(pruned).some((n) => n > 0)) logger.info('housekeeping', pruned);
      },
    },
  ];

  const daemon: Daemon = {
    pipeline,
    db,
    metrics,
    get url() {
      return url;
    },
    async start() {
      await ctx.liveness.ensure();
      const orphans = await releaseClaimsOfDeadProcesses(db, ctx.liveness, ctx.clock.now(), { atStart: true, maxAttempts: ctx.options.maxWriteAttempts });
      if (orphans.outbox + orphans.timers + orphans.dead > 0) logger.warn('released claims left by a process that died', orphans);
      if (deps.http !== false) {
        const routes = [
          eventsApiRouter({ token: env.EVENTS_API_TOKEN, inbox: inboxPort(db, ctx.clock), metrics, signalNames: () => signalNames(ctx.config.scoring), productIds: () => ctx.config.products.products.map((p) => p.id) }),
          leadsApiRouter({ db, token: env.EVENTS_API_TOKEN }),
        ];
        if (env.HUBSPOT_APP_SECRET) {
          routes.unshift(hubspotWebhookRouter({ appSecret: env.HUBSPOT_APP_SECRET, clock: ctx.clock, inbox: inboxPort(db, ctx.clock), logger, metrics, ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL } : {}) }));
        } else {
          logger.warn('HUBSPOT_APP_SECRET is not set: webhooks are refused; polling alone finds changes');
        }
        const app = createHttpApp({ logger, metrics, trustProxy: env.TRUST_PROXY, readiness: [{ name: 'database', check: async () => void (await db.query('SELECT 1')) }], routes });
        const port = deps.http?.port ?? env.PORT;
        const host = deps.http?.host ?? '0.0.0.0';
        server = await new Promise<Server>((resolve, reject) => {
          const s = app.listen(port, host);
          s.once('error', reject);
          s.once('listening', () => resolve(s));
        });
        const addr = server.address() as AddressInfo;
        url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
        logger.info('http server listening', { url });
      }
      if (deps.schedules !== false) jobs = startJobs(specs(), { logger, onError });
    },
    refreshOwners: () => refreshOwners(ctx, parts.yaml),
    syncOnce: async () => {
      const report = await runCycle(pipeline);
      await step(ctx, 'gauges', report.errors, refreshGauges);
      return report;
    },
    stop() {
      stopped ??= (async () => {
        await releaseAll([
          async () => {
            if (!server) return;
            const s = server;
            await new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeIdleConnections();
              setTimeout(() => s.closeAllConnections(), 5_000).unref();
            });
          },
          async () => jobs?.stop(),
          async () => {
            const released = await releaseClaims(db, ctx.workerId, ctx.clock.now());
            if (released.outbox + released.timers > 0) logger.info('released claims at shutdown', released);
          },
          () => electors.pollers.resign(),
          () => electors.sweeps.resign(),
          ...parts.releasers,
        ]);
        logger.info('daemon stopped');
      })();
      return stopped;
    },
  };
  return daemon;
}

async function refreshOwners(ctx: PipelineContext, yaml: MappingsConfig): Promise<void> {
  ctx.config = await effectiveConfig(ctx.salesforce, yaml, { now: ctx.clock.now(), logger: ctx.logger, fallback: ctx.config, when: 'refresh' });
  ctx.directory = await loadOwnerDirectoryFor(ctx);
}

async function loadOwnerDirectoryFor(ctx: PipelineContext) {
  try {
    return await loadOwnerDirectory(ctx.salesforce, ctx.config.roster, { managers: ctx.config.sla.managers, logger: ctx.logger });
  } catch (err) {
    ctx.logger.warn('could not refresh the Salesforce owner directory; keeping the last one', { error: (err as Error).message });
    return ctx.directory;
  }
}
