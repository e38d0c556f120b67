/**
 * The daemon pointed at an in-process sandbox: what the demo, the sync benchmark and the ops
 * tests share. The daemon is built by the one composition root (createDaemon) from an
 * environment that names the sandbox's endpoints, exactly as `handoff run` would be from the
 * variables `handoff sandbox` prints; it shares the sandbox's clock, so SLA timers and the
 * simulated RMs agree on the time. Webhooks go to the daemon's own HTTP server once it listens.
 */
import type { Env, MappingsConfig } from '../config';
import { loadEnv } from '../config';
import type { Clock } from '../domain/clock';
import type { Daemon, Schedules } from '../engine/daemon';
import { createDaemon } from '../engine/daemon';
import type { PipelineOptions } from '../engine/pipeline/context';
import { HandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import type { Sandbox } from '../sandbox';
import type { Db } from '../store/db';

/** Variables of the caller's environment the sandbox replaces (credentials and where they point). */
const SANDBOX_OWNS = /^(HUBSPOT_ACCESS_TOKEN|HUBSPOT_APP_SECRET|HUBSPOT_BASE_URL|SALESFORCE_|DATABASE_URL$)/;

/**
 * The environment a daemon needs for `sandbox`: the caller's other variables (log level, tier,
 * mappings, port) plus the sandbox's. The sandbox's org is Handoff's alone, so the daily API
 * share defaults to all of it.
 */
export function sandboxDaemonEnv(sandbox: Pick<Sandbox, 'env'>, base: NodeJS.ProcessEnv = {}): Env {
  const kept = Object.fromEntries(Object.entries(base).filter(([k]) => !SANDBOX_OWNS.test(k)));
  const { SANDBOX_ADMIN_URL: _admin, ...daemonVars } = sandbox.env;
  const source = { ...kept, ...daemonVars, SALESFORCE_API_SHARE: base.SALESFORCE_API_SHARE ?? '1' };
  const { env, errors } = loadEnv(source, { stdoutIsTTY: false });
  if (!env) throw new HandoffError('ENV_INVALID', `the environment has ${errors.length} problem(s):\n  ${errors.join('\n  ')}`);
  return env;
}

export interface SandboxDaemonOptions {
  sandbox: Sandbox;
  db: Db;
  /** Default: the sandbox's clock. */
  clock?: Clock;
  logger?: Logger;
  /** The caller's environment (non-credential variables are kept). */
  baseEnv?: NodeJS.ProcessEnv;
  /** The HTTP server (webhooks are pointed at it); false: none, and no webhooks. Default: a free port on 127.0.0.1. */
  http?: false | { port?: number; host?: string };
  mappings?: MappingsConfig;
  options?: Partial<PipelineOptions>;
  schedules?: Partial<Schedules>;
  /** Webhook delivery interval once the daemon listens (real ms). Default 1000. */
  webhookFlushMs?: number;
}

export interface SandboxDaemon {
  env: Env;
  daemon: Daemon;
  /** Starts the daemon (HTTP and jobs) and points the sandbox's webhooks at it. */
  start(): Promise<void>;
  /** Stops webhook delivery and the daemon (not the sandbox, not the db). */
  stop(): Promise<void>;
}

export async function createSandboxDaemon(o: SandboxDaemonOptions): Promise<SandboxDaemon> {
  const env = sandboxDaemonEnv(o.sandbox, o.baseEnv);
  const http = o.http === false ? false : { host: '127.0.0.1', port: 0, ...o.http };
  const daemon = await createDaemon({
    env,
    db: o.db,
    clock: o.clock ?? o.sandbox.clock,
    logger: o.logger ?? silentLogger(),
    http,
    ...(o.mappings ? { mappings: o.mappings } : {}),
    ...(o.options ? { options: o.options } : {}),
    ...(o.schedules ? { schedules: o.schedules } : {}),
  });
  let delivering = false;
  return {
    env,
    daemon,
    async start() {
      await daemon.start();
      if (daemon.url) {
        o.sandbox.hubspot.configureWebhooks({ url: `${daemon.url}/webhooks/hubspot` });
        o.sandbox.hubspot.startWebhookLoop(o.webhookFlushMs ?? 1_000);
        delivering = true;
      }
    },
    async stop() {
      if (delivering) o.sandbox.hubspot.stopWebhookLoop();
      await daemon.stop();
    },
  };
}
