/**
 * `handoff doctor`: reads what it needs from the environment, the database, the org and the
 * portal, and turns each reading into one check (doctor-checks). A check whose inputs could not
 * be read (the sign-in failed, the mappings are invalid) is reported as not checked, with the
 * failure that stopped it already on its own line. Nothing is written anywhere.
 */
import { existsSync } from 'node:fs';
import type { Env, MappingsConfig } from '../config';
import { formatConfigError, loadEnv, loadMappings } from '../config';
import { ApiError } from '../connectors/api-failure';
import type { HubSpotConnector } from '../connectors/hubspot';
import type { SalesforceConnector } from '../connectors/salesforce';
import type { Clock } from '../domain/clock';
import { listDead } from '../engine/dlq';
import { outboxStats } from '../engine/outbox';
import { loadOwnerDirectory } from '../engine/pipeline/owners';
import { listOutOfRotation } from '../engine/pipeline/routing-state';
import { isHandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import type { Db } from '../store/db';
import { readMigrationFiles } from '../store/migration-files';
import { openDb } from '../store/open';
import { migrationsDir } from '../paths';
import path from 'node:path';
import type { Check, SkewThresholds } from './doctor-checks';
import { DEFAULT_SKEW, budgetCheck, outboxCheck, rosterCheck, rotationCheck, schemaCheck, skewCheck } from './doctor-checks';
import type { DescribedField } from './install-plan';
import { mappedStandardNames, neededSchema, planHubSpot, planSalesforce } from './install-plan';
import { hubspotFromEnv, salesforceFromEnv } from './install-systems';

export interface DoctorOptions {
  /** The environment to check (process.env from the CLI). */
  source: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** An open store to use instead of the one the environment names (tests). */
  db?: Db;
  /** Origins besides Salesforce's the token endpoint may name (the sandbox's). */
  allowedInstanceOrigins?: string[];
  skew?: SkewThresholds;
}

const why = (err: unknown): string => (isHandoffError(err) ? `${err.message} [${err.code}]` : err instanceof Error ? err.message : String(err));
const notChecked = (id: string, what: string, because: string): Check => ({ id, status: 'warn', message: `${what}: not checked (${because})` });

function envCheck(source: NodeJS.ProcessEnv): { check: Check; env?: Env } {
  const { env, errors } = loadEnv(source);
  if (!env) return { check: { id: 'env', status: 'fail', message: `environment: ${errors.length} problem(s): ${errors.join('; ')}`, fix: 'see .env.example for every variable' } };
  if (env.credentials !== 'both') {
    const missing = env.credentials === 'none' ? 'HubSpot and Salesforce' : env.credentials === 'hubspot-only' ? 'Salesforce' : 'HubSpot';
    return { env, check: { id: 'env', status: 'fail', message: `environment: no credentials for ${missing}`, fix: 'set HUBSPOT_ACCESS_TOKEN, and the SALESFORCE_* JWT bearer variables or SALESFORCE_INSTANCE_URL with SALESFORCE_ACCESS_TOKEN (.env.example)' } };
  }
  const flow = env.salesforceAuth?.flow === 'jwt' ? 'JWT bearer' : 'access token';
  return { env, check: { id: 'env', status: 'ok', message: `environment: valid (Salesforce by ${flow}, HubSpot ${env.HUBSPOT_TIER} tier, ${env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})` } };
}

function mappingsCheck(env: Env): { check: Check; config?: MappingsConfig } {
  const r = loadMappings(env.MAPPINGS_DIR);
  if (!r.config) {
    const first = r.errors[0];
    return { check: { id: 'mappings', status: 'fail', message: `mappings: ${r.errors.length} problem(s)${first ? `, first ${formatConfigError(first)}` : ''}`, fix: 'run `handoff validate`' } };
  }
  return { config: r.config, check: { id: 'mappings', status: 'ok', message: `mappings: valid (${r.config.fields.fields.length} field mappings, ${r.config.roster.rms.length} RMs)` } };
}

async function databaseCheck(env: Env, o: DoctorOptions): Promise<{ check: Check; db?: Db; owned: boolean }> {
  let db = o.db;
  const owned = db === undefined;
  try {
    if (!db) {
      const dataDir = path.resolve(env.HANDOFF_DATA_DIR, 'pgdata');
      if (!env.DATABASE_URL && !existsSync(dataDir)) {
        return { owned, check: { id: 'database', status: 'fail', message: `database: no embedded database at ${dataDir} yet`, fix: 'set DATABASE_URL to PostgreSQL for production, then run `handoff migrate`' } };
      }
      db = await openDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir, logger: o.logger });
    }
    const files = readMigrationFiles(migrationsDir());
    const ledger = await db.query<{ n: string | null }>(`SELECT to_regclass('handoff_migrations')::text AS n`);
    const applied = ledger.rows[0]?.n ? Number((await db.query<{ c: number }>('SELECT count(*)::int AS c FROM handoff_migrations')).rows[0]?.c ?? 0) : 0;
    const where = env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
    if (applied < files.length) {
      return { db, owned, check: { id: 'database', status: 'fail', message: `database: ${where} reachable; ${files.length - applied} of ${files.length} migrations not applied`, fix: 'run `handoff migrate`' } };
    }
    return { db, owned, check: { id: 'database', status: 'ok', message: `database: ${where} reachable, all ${files.length} migrations applied` } };
  } catch (err) {
    return { db, owned, check: { id: 'database', status: 'fail', message: `database: cannot be used: ${why(err)}`, fix: 'check DATABASE_URL and that the server accepts connections from this host' } };
  }
}

async function salesforceAuthCheck(env: Env, o: DoctorOptions): Promise<{ check: Check; sf?: SalesforceConnector }> {
  const flow = env.salesforceAuth?.flow === 'jwt' ? 'JWT bearer' : 'access token';
  try {
    const sf = await salesforceFromEnv(env, o.clock, o.logger, o.allowedInstanceOrigins);
    const me = await sf.identity();
    if (!me.active) return { sf, check: { id: 'salesforce-auth', status: 'fail', message: `Salesforce: signed in by ${flow}, but the integration user ${me.userId} is inactive`, fix: 'activate the integration user' } };
    return { sf, check: { id: 'salesforce-auth', status: 'ok', message: `Salesforce: signed in by ${flow} as the integration user ${me.userId} (org ${me.orgId})` } };
  } catch (err) {
    const fix =
      env.salesforceAuth?.flow === 'jwt'
        ? "check the connected app's consumer key (SALESFORCE_CLIENT_ID), its certificate against SALESFORCE_PRIVATE_KEY, that the user is pre-authorized (Admin approved users), and SALESFORCE_LOGIN_URL"
        : 'the access token is refused or expired: get a new one, or use the JWT bearer flow (it renews itself)';
    return { check: { id: 'salesforce-auth', status: 'fail', message: `Salesforce: cannot sign in: ${why(err)}`, fix } };
  }
}

async function hubspotAuthCheck(env: Env, o: DoctorOptions): Promise<{ check: Check; hs?: HubSpotConnector }> {
  const hs = hubspotFromEnv(env, o.logger);
  try {
    await hs.listProperties();
    await hs.getContact('0', ['email']);
    return {
      hs,
      check: { id: 'hubspot-auth', status: 'ok', message: 'HubSpot: token accepted; it reads contact properties and contacts (write scopes show at the first write: install, or the daemon)' },
    };
  } catch (err) {
    const scope = err instanceof ApiError && err.failure.status === 403;
    return {
      check: {
        id: 'hubspot-auth',
        status: 'fail',
        message: `HubSpot: ${scope ? 'the token lacks a scope' : 'the token is refused'}: ${why(err)}`,
        fix: scope
          ? 'give the private app crm.objects.contacts.read and .write, crm.schemas.contacts.read and .write, and crm.lists.read and .write'
          : 'check HUBSPOT_ACCESS_TOKEN (a private app token) and HUBSPOT_BASE_URL',
      },
    };
  }
}

async function salesforceFieldsCheck(sf: SalesforceConnector, config: MappingsConfig): Promise<Check> {
  const needs = neededSchema(config);
  const standard = mappedStandardNames(config).salesforce;
  const objects = [...new Set(['Lead', ...needs.salesforce.map((f) => f.object)])];
  const described = new Map<string, DescribedField[]>();
  for (const object of objects) described.set(object, (await sf.describe(object)).fields as DescribedField[]);
  const lead = new Set((described.get('Lead') ?? []).map((f) => f.name.toLowerCase()));
  const standardMissing = standard.filter((n) => !lead.has(n.toLowerCase())).map((n) => `Lead.${n}`);
  return schemaCheck('salesforce-fields', 'Salesforce', planSalesforce(needs.salesforce, described), standardMissing);
}

async function hubspotPropertiesCheck(hs: HubSpotConnector, config: MappingsConfig): Promise<Check> {
  const properties = await hs.listProperties();
  const names = new Set(properties.map((p) => p.name));
  const standardMissing = mappedStandardNames(config).hubspot.filter((n) => !names.has(n)).map((n) => `contacts.${n}`);
  return schemaCheck('hubspot-properties', 'HubSpot', planHubSpot(neededSchema(config).hubspot, properties), standardMissing);
}

/** A check that throws is a failed check, never a crashed doctor. */
async function guarded(id: string, what: string, run: () => Promise<Check>): Promise<Check> {
  try {
    return await run();
  } catch (err) {
    return { id, status: 'fail', message: `${what}: could not be read: ${why(err)}` };
  }
}

export async function runDoctor(o: DoctorOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const e = envCheck(o.source);
  checks.push(e.check);
  const env = e.env;
  if (!env) return checks;
  const m = mappingsCheck(env);
  checks.push(m.check);
  const config = m.config;
  const database = await databaseCheck(env, o);
  checks.push(database.check);
  try {
    const creds = env.credentials === 'both';
    const sf = creds ? await salesforceAuthCheck(env, o) : undefined;
    const hs = creds ? await hubspotAuthCheck(env, o) : undefined;
    if (sf) checks.push(sf.check);
    if (hs) checks.push(hs.check);
    const sfConn = sf?.sf;
    const hsConn = hs?.hs;
    const sfWhy = !creds ? 'no credentials' : 'Salesforce sign-in failed';
    const cfgWhy = 'the mappings are invalid';
    checks.push(
      !sfConn ? notChecked('salesforce-fields', 'Salesforce fields', sfWhy) : !config ? notChecked('salesforce-fields', 'Salesforce fields', cfgWhy) : await guarded('salesforce-fields', 'Salesforce fields', () => salesforceFieldsCheck(sfConn, config)),
      !hsConn ? notChecked('hubspot-properties', 'HubSpot properties', !creds ? 'no credentials' : 'HubSpot sign-in failed') : !config ? notChecked('hubspot-properties', 'HubSpot properties', cfgWhy) : await guarded('hubspot-properties', 'HubSpot properties', () => hubspotPropertiesCheck(hsConn, config)),
      !sfConn
        ? notChecked('roster', 'roster', sfWhy)
        : !config
          ? notChecked('roster', 'roster', cfgWhy)
          : await guarded('roster', 'roster', async () => rosterCheck(await loadOwnerDirectory(sfConn, config.roster), config.roster, config.sla.managers)),
      !sfConn
        ? notChecked('api-budget', 'Salesforce daily API', sfWhy)
        : await guarded('api-budget', 'Salesforce daily API', async () => {
            const l = await sfConn.limits();
            return budgetCheck(l.dailyMax, l.dailyRemaining, env.SALESFORCE_API_SHARE);
          }),
      !sfConn ? notChecked('clock', 'clock', sfWhy) : await guarded('clock', 'clock', async () => skewCheck(await sfConn.serverDate(), o.clock.now(), o.skew ?? DEFAULT_SKEW)),
    );
    const db = database.db;
    const dbReady = db !== undefined && database.check.status !== 'fail';
    checks.push(
      !dbReady
        ? notChecked('outbox', 'outbox', 'the database is not ready')
        : await guarded('outbox', 'outbox', async () => outboxCheck({ byStatus: await outboxStats(db), deadClasses: await listDead(db, { examples: 0 }) })),
      !dbReady ? notChecked('rotation', 'rotation', 'the database is not ready') : await guarded('rotation', 'rotation', async () => rotationCheck(await listOutOfRotation(db))),
    );
  } finally {
    if (database.owned) await database.db?.close().catch(() => undefined);
  }
  return checks;
}
