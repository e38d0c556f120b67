/**
 * The sandbox, assembled in one place: one clock, the HubSpot and Salesforce emulators on
 * 127.0.0.1, the roster as Salesforce users and queues, fault injection on both, simulated RMs,
 * synthetic prospects, and the admin API. `handoff sandbox`, the demo, end-to-end tests and
 * benchmarks all start it through `startSandbox`.
 */
import { randomBytes } from 'node:crypto';
import type { MappingsConfig } from '../config';
import { formatConfigError, loadMappings } from '../config';
import type { Clock } from '../domain/clock';
import { ScaledClock } from '../domain/clock';
import { HandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import { defaultMappingsDir } from '../paths';
import type { CountsByActor } from './actors';
import { ActorCounts } from './actors';
import { startAdminServer } from './admin/app';
import { generateProspects } from './data/prospects';
import type { CustomerSeed, SeedReport, SeededCustomer } from './data/seed';
import { seedCustomers, seedProspects } from './data/seed';
import { installHubSpotFaults } from './faults/hubspot';
import { FaultInjector } from './faults/injector';
import type { Actor, FaultRuleInput } from './faults/rules';
import { installSalesforceFaults } from './faults/salesforce';
import type { CallCounts, HubSpotEmulator, HubSpotEmulatorOptions, ListeningEmulator, WebhookOptions } from './hubspot';
import { createHubSpotEmulator } from './hubspot';
import type { RmPolicyOverrides } from './rms/policy';
import type { RosterOrg } from './rms/roster-users';
import { createRosterUsers } from './rms/roster-users';
import { RmSimulator } from './rms/simulator';
import type { SalesforceEmulator, SalesforceEmulatorOptions } from './salesforce';
import { createSalesforceEmulator } from './salesforce';
import type { SandboxSummary } from './summary';
import { summarize } from './summary';

/** The sandbox's one clock: a ScaledClock normally, a ManualClock in tests. */
export interface SandboxClock extends Clock {
  advance(ms: number): Date;
  setSpeed?(speed: number): void;
  getSpeed?(): number;
}

export const DEFAULT_WEBHOOK_URL = 'http://127.0.0.1:8080/webhooks/hubspot';

export interface SandboxOptions {
  /** Seeds data, faults and RM behaviour. Default 1. */
  seed?: number;
  /** Default: a ScaledClock starting at `start` (default now) running `speed` times real time (default 1). */
  clock?: SandboxClock;
  start?: Date | string | number;
  speed?: number;
  host?: string;
  /** HubSpot listens on it, Salesforce on port+1, the admin API on port+2. Default: free ports. */
  port?: number;
  mappingsDir?: string;
  /** Synthetic prospects created in HubSpot at start. */
  prospects?: number;
  /** Share of new prospects who already bank with us (Salesforce Account + Contact owned by an RM). Default 0.05. */
  existingCustomerShare?: number;
  /** Let the simulated RMs act on their own (with autoRun). They can always be ticked by hand. */
  rms?: boolean;
  rmPolicies?: { defaults?: RmPolicyOverrides; byRm?: Record<string, RmPolicyOverrides> };
  /** Where webhooks go; null: none. Default http://127.0.0.1:8080/webhooks/hubspot. */
  webhookUrl?: string | null;
  webhook?: Omit<WebhookOptions, 'url'>;
  faults?: FaultRuleInput[];
  /** Run the loops on real timers: webhook delivery, and the RMs when `rms`. Default false (tests drive it). */
  autoRun?: boolean | { rmTickMs?: number; webhookFlushMs?: number };
  hubspotAccessToken?: string;
  appSecret?: string;
  hubspot?: Partial<Omit<HubSpotEmulatorOptions, 'clock'>>;
  salesforce?: Partial<Omit<SalesforceEmulatorOptions, 'clock'>>;
  logger?: Logger;
}

/** What a daemon needs to talk to the sandbox: the names of .env.example, plus the admin API. */
export interface SandboxEnv {
  HUBSPOT_BASE_URL: string;
  HUBSPOT_ACCESS_TOKEN: string;
  HUBSPOT_APP_SECRET: string;
  SALESFORCE_INSTANCE_URL: string;
  SALESFORCE_ACCESS_TOKEN: string;
  SANDBOX_ADMIN_URL: string;
}

export const ENV_NAMES = ['HUBSPOT_BASE_URL', 'HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_APP_SECRET', 'SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN', 'SANDBOX_ADMIN_URL'] as const;

export interface SandboxCallCounts {
  hubspot: CallCounts;
  salesforce: CallCounts;
  salesforceByActor: CountsByActor;
}

export interface Sandbox {
  readonly env: SandboxEnv;
  readonly adminUrl: string;
  readonly seed: number;
  readonly clock: SandboxClock;
  readonly mappings: MappingsConfig;
  readonly hubspot: HubSpotEmulator;
  readonly salesforce: SalesforceEmulator;
  readonly roster: RosterOrg;
  readonly rms: RmSimulator;
  readonly faults: FaultInjector;
  /** Creates `count` more synthetic prospects; each call brings new people (seed defaults to the sandbox's). */
  seedProspects(count: number, opts?: ProspectSeedOptions): SeedReport;
  /** Makes these emails existing customers: an Account and a Contact owned by the RM's User. */
  seedCustomers(customers: readonly CustomerSeed[]): SeededCustomer[];
  callCounts(): SandboxCallCounts;
  resetCounts(): void;
  summary(): SandboxSummary;
  stop(): Promise<void>;
}

export interface ProspectSeedOptions {
  seed?: number;
  /** Overrides the sandbox's share of existing customers for this batch. */
  existingCustomerShare?: number;
}

function loadConfig(dir: string): MappingsConfig {
  const r = loadMappings(dir);
  if (!r.config) {
    const shown = r.errors.slice(0, 5).map((e) => formatConfigError(e)).join('; ');
    throw new HandoffError('SANDBOX_MAPPINGS', `the sandbox needs valid mappings; ${r.errors.length} problem(s): ${shown}`);
  }
  return r.config;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const logger = opts.logger ?? silentLogger();
  const seed = opts.seed ?? 1;
  const host = opts.host ?? '127.0.0.1';
  const clock: SandboxClock = opts.clock ?? new ScaledClock(opts.start ?? Date.now(), opts.speed ?? 1);
  const mappings = loadConfig(opts.mappingsDir ?? defaultMappingsDir());
  const accessToken = opts.hubspotAccessToken ?? `pat-sandbox-${randomBytes(12).toString('hex')}`;
  const appSecret = opts.appSecret ?? randomBytes(16).toString('hex');
  const webhookUrl = opts.webhookUrl === undefined ? DEFAULT_WEBHOOK_URL : opts.webhookUrl;
  const port = (offset: number) => (opts.port !== undefined && opts.port > 0 ? opts.port + offset : 0);

  const hubspot = createHubSpotEmulator({
    logger,
    ...opts.hubspot,
    clock,
    accessTokens: [accessToken, ...(opts.hubspot?.accessTokens ?? [])],
    appSecret,
    ...(webhookUrl ? { webhook: { ...opts.webhook, url: webhookUrl } } : {}),
  });
  const salesforce = createSalesforceEmulator({ ...opts.salesforce, clock });
  const roster = createRosterUsers(salesforce, mappings.roster, mappings.sla.managers);
  for (const u of roster.users) salesforce.exemptFromApiLimit(u.userId);
  const actorOf = (userId: string | undefined): Actor =>
    userId === salesforce.integrationUserId ? 'integration' : userId !== undefined && roster.byUserId.has(userId) ? 'rm' : 'other';

  const faults = new FaultInjector(clock, seed);
  if (opts.faults?.length) faults.add(opts.faults);
  const actorCounts = new ActorCounts(actorOf);
  actorCounts.install(salesforce);
  installHubSpotFaults(hubspot, faults);
  installSalesforceFaults(salesforce, faults, actorOf);

  const servers: ListeningEmulator[] = [];
  const closeAll = async () => {
    for (const s of servers.reverse()) await s.close().catch(() => undefined);
  };
  try {
    const hs = await hubspot.listen(port(0), host);
    servers.push(hs);
    const sf = await salesforce.listen(port(1), host);
    servers.push(sf);

    const rms = new RmSimulator({
      salesforce,
      instanceUrl: sf.url,
      org: roster,
      clock,
      seed,
      products: mappings.products,
      ...(opts.rmPolicies?.defaults ? { defaults: opts.rmPolicies.defaults } : {}),
      ...(opts.rmPolicies?.byRm ? { policies: opts.rmPolicies.byRm } : {}),
      logger,
    });

    let batch = 0;
    const rmUserIds = new Set(roster.users.map((u) => u.userId));
    const sandboxCore = {
      seed,
      clock,
      mappings,
      hubspot,
      salesforce,
      roster,
      rms,
      faults,
      seedProspects: (count: number, o: ProspectSeedOptions = {}): SeedReport => {
        const taken = new Set([...hubspot.contacts.list(), ...hubspot.contacts.list({ archived: true })].map((c) => (c.properties['email'] ?? '').toLowerCase()));
        const share = o.existingCustomerShare ?? opts.existingCustomerShare;
        const prospects = generateProspects(mappings, { seed: o.seed ?? seed, count, batch: batch++, now: clock.now(), taken, ...(share !== undefined ? { existingCustomerShare: share } : {}) });
        const report = seedProspects(hubspot, salesforce, roster, prospects);
        logger.info('sandbox: prospects created', { created: report.created, existingCustomers: report.existingCustomers, withFlaws: report.withFlaws });
        return report;
      },
      seedCustomers: (customers: readonly CustomerSeed[]): SeededCustomer[] => {
        const seeded = seedCustomers(salesforce, roster, customers);
        logger.info('sandbox: existing customers created', { created: seeded.length });
        return seeded;
      },
      callCounts: (): SandboxCallCounts => ({ hubspot: hubspot.callCounts(), salesforce: salesforce.callCounts(), salesforceByActor: actorCounts.snapshot() }),
      resetCounts: () => {
        hubspot.resetCounts();
        salesforce.resetCounts();
        actorCounts.reset();
      },
      summary: () => summarize(hubspot, salesforce, rmUserIds, clock.now()),
    };
    const admin = await startAdminServer(sandboxCore, { host, port: port(2), env: () => env, logger });
    servers.push(admin);

    const env: SandboxEnv = {
      HUBSPOT_BASE_URL: hs.url,
      HUBSPOT_ACCESS_TOKEN: accessToken,
      HUBSPOT_APP_SECRET: appSecret,
      SALESFORCE_INSTANCE_URL: sf.url,
      SALESFORCE_ACCESS_TOKEN: salesforce.integrationToken,
      SANDBOX_ADMIN_URL: admin.url,
    };
    if (opts.prospects) sandboxCore.seedProspects(opts.prospects);

    const loops = opts.autoRun === true ? {} : opts.autoRun || undefined;
    if (loops) {
      if (webhookUrl) hubspot.startWebhookLoop(loops.webhookFlushMs ?? 1_000);
      if (opts.rms) rms.startLoop(loops.rmTickMs ?? 1_000);
    }
    let stopped = false;
    return {
      ...sandboxCore,
      env,
      adminUrl: admin.url,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        hubspot.stopWebhookLoop();
        await rms.stopLoop();
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
