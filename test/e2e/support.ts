/**
 * End-to-end harness: the sandbox (both emulators on real sockets) and the daemon's pieces
 * (createDaemon) on one ManualClock, with a fresh database. Tests drive cycles with
 * `daemon.syncOnce()` or single steps, and move the clock themselves: nothing sleeps.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliResult } from '../support/cli';
import { runCli } from '../support/cli';
import type { Backend, TestDb } from '../support/db';
import { createTestDb } from '../support/db';
import { DEFAULT_PIPELINE_OPTIONS } from '../../src/engine/pipeline/context';
import { migrationsDir } from '../../src/paths';
import { migrate } from '../../src/store/migrate';
import { MEMORY, openPglite } from '../../src/store/pglite';
import { loadEnv } from '../../src/config';
import { ManualClock } from '../../src/domain/clock';
import type { Daemon, DaemonDeps } from '../../src/engine/daemon';
import { createDaemon } from '../../src/engine/daemon';
import { silentLogger } from '../../src/observability/logger';
import type { Sandbox, SandboxOptions } from '../../src/sandbox';
import { startSandbox } from '../../src/sandbox';
import type { Db, QueryResult } from '../../src/store/db';

/** Tuesday 4 March 2025, 10:00 in New York: branch and queue hours are open. */
export const T0 = '2025-03-04T15:00:00.000Z';

export interface E2E {
  clock: ManualClock;
  sandbox: Sandbox;
  daemon: Daemon;
  db: Db;
  /**
   * Runs the built `handoff` CLI on this test's database, as an operator would (E2EOptions.cli).
   * On PGlite the daemon's handle is closed meanwhile (one process at a time holds the folder).
   */
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

export interface E2EOptions {
  backend?: Backend;
  sandbox?: Omit<SandboxOptions, 'clock'>;
  daemon?: Partial<Omit<DaemonDeps, 'env' | 'db' | 'clock'>>;
  /** Extra environment variables for the daemon (EVENTS_API_TOKEN…). */
  env?: Record<string, string>;
  /** The CLI will be run on the database (E2E.cli): PGlite is kept in a folder, not in memory. */
  cli?: boolean;
}

/**
 * A PGlite in a folder behind a handle that can let go of it: the daemon keeps this handle while
 * a CLI process opens the folder, then it opens the folder again.
 */
class ReopenablePglite implements Db {
  readonly kind = 'pglite' as const;
  constructor(
    private inner: Db,
    readonly dataDir: string,
  ) {}

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    return this.inner.query<T>(sql, params);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.inner.transaction(fn);
  }

  session<T>(fn: (conn: Db) => Promise<T>): Promise<T> {
    return this.inner.session(fn);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async whileClosed<T>(fn: () => Promise<T>): Promise<T> {
    await this.inner.close();
    try {
      return await fn();
    } finally {
      this.inner = await openPglite({ dataDir: this.dataDir });
    }
  }
}

/** The migrated database in a folder of its own (HANDOFF_DATA_DIR/pgdata, as the CLI looks for it). */
async function pgliteInFolder(): Promise<TestDb & { db: ReopenablePglite; home: string }> {
  const dump = await migratedDump();
  const home = mkdtempSync(path.join(tmpdir(), 'handoff-e2e-cli-'));
  const dataDir = path.join(home, 'pgdata');
  const db = new ReopenablePglite(await openPglite({ dataDir, loadDataDir: dump }), dataDir);
  const dispose = async (): Promise<void> => {
    await db.close();
    rmSync(home, { recursive: true, force: true });
  };
  return { backend: 'pglite', db, home, dispose };
}

/**
 * A migrated PGlite, from a dump shared by every e2e file of this checkout (initdb takes seconds;
 * loading a dump a fraction of one). The dump is keyed by the migrations' text, written once
 * through a rename so parallel test workers never read half a file.
 */
async function migratedDump(): Promise<Blob> {
  const dir = migrationsDir();
  const key = createHash('sha256');
  for (const f of readdirSync(dir).sort()) key.update(f).update(readFileSync(path.join(dir, f)));
  const file = path.join(tmpdir(), `handoff-e2e-pglite-${key.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const fresh = await openPglite({ dataDir: MEMORY });
    await migrate(fresh);
    const dump = Buffer.from(await (await fresh.dumpDataDir()).arrayBuffer());
    await fresh.close();
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, dump);
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}

async function migratedPglite(): Promise<TestDb> {
  const db = await openPglite({ dataDir: MEMORY, loadDataDir: await migratedDump() });
  return { backend: 'pglite', db, dispose: () => db.close() };
}

export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const clock = new ManualClock(T0);
  const sandbox = await startSandbox({ clock, webhookUrl: null, ...opts.sandbox });
  const backend = opts.backend ?? 'pglite';
  const folder = backend === 'pglite' && opts.cli ? await pgliteInFolder() : undefined;
  const t: TestDb = folder ?? (backend === 'pglite' ? await migratedPglite() : await createTestDb('pg'));
  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => {
    if (!opts.cli) throw new Error('start the e2e harness with { cli: true } to run the CLI on its database');
    const mappings = opts.env?.MAPPINGS_DIR ? { MAPPINGS_DIR: opts.env.MAPPINGS_DIR } : {};
    if (folder) return folder.db.whileClosed(() => runCli(args, { env: { ...mappings, DATABASE_URL: '', HANDOFF_DATA_DIR: folder.home, ...env } }));
    return runCli(args, { env: { ...mappings, DATABASE_URL: t.databaseUrl ?? '', ...env } });
  };
  try {
    const { env, errors } = loadEnv({ ...sandbox.env, SALESFORCE_API_SHARE: '1', LOG_FORMAT: 'json', ...opts.env });
    if (!env) throw new Error(`sandbox env refused: ${errors.join('; ')}`);
    const daemon = await createDaemon({ env, db: t.db, clock, logger: silentLogger(), http: false, ...opts.daemon });
    return {
      clock,
      sandbox,
      daemon,
      db: t.db,
      cli,
      close: async () => {
        await daemon.stop();
        await sandbox.stop();
        await t.dispose();
      },
    };
  } catch (err) {
    await sandbox.stop();
    await t.dispose();
    throw err;
  }
}

const PLACES = [
  { zip: '10017', city: 'New York', state: 'NY', area: '212' },
  { zip: '60603', city: 'Chicago', state: 'IL', area: '312' },
  { zip: '80202', city: 'Denver', state: 'CO', area: '303' },
  { zip: '90071', city: 'Los Angeles', state: 'CA', area: '213' },
];

/**
 * A contact that passes every readiness gate: a consumer asking for checking, applied online
 * (an application needs no MQL score), with a valid email, a dialable number in the 555-01xx
 * block and a ZIP at a branch. Not yet marketing-qualified: `lifecyclestage` is `lead`.
 */
export function readyContact(i: number, overrides: Record<string, string> = {}): Record<string, string> {
  const p = PLACES[i % PLACES.length]!;
  return {
    email: `prospect${i}@mail.example.com`,
    firstname: `Pat${i}`,
    lastname: `Example${i}`,
    phone: `+1${p.area}55501${String(i % 100).padStart(2, '0')}`,
    address: `${100 + i} Main Street`,
    city: p.city,
    state: p.state,
    zip: p.zip,
    customer_segment: 'consumer',
    product_interest: 'checking',
    lead_kind: 'application',
    hs_analytics_source: 'ORGANIC_SEARCH',
    lifecyclestage: 'lead',
    ...overrides,
  };
}

/** Contacts created as a marketing form would, then qualified by a marketing workflow. */
export function createAndQualify(sandbox: Sandbox, from: number, count: number): string[] {
  const ids: string[] = [];
  for (let i = from; i < from + count; i++) ids.push(sandbox.hubspot.createContact(readyContact(i), { source: 'FORM' }).id);
  for (const id of ids) sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
  return ids;
}

/** Past HubSpot search's lag and the poller's safety margin, so the changes just made are polled. */
export function pastSearchLag(clock: ManualClock): void {
  clock.advance(31_000);
}

export function leadsByContact(sandbox: Sandbox): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const l of sandbox.salesforce.records('Lead')) {
    const key = String(l['HubSpot_Contact_Id__c'] ?? '');
    out.set(key, [...(out.get(key) ?? []), l]);
  }
  return out;
}

/** Calls per system, writes and reads apart, from the emulators' counts. */
export function callSplit(sandbox: Sandbox): { hubspot: { reads: number; writes: number }; salesforce: { reads: number; writes: number }; byRoute: Record<string, number> } {
  const c = sandbox.callCounts();
  const isHubspotWrite = (route: string): boolean => /batch\/(upsert|update|create)|memberships|^POST \/crm\/v3\/lists$|^POST \/communication-preferences\/v3\/(un)?subscribe$|^PATCH|^PUT/.test(route);
  const isSalesforceWrite = (route: string): boolean => /^(PATCH|POST|DELETE|PUT) /.test(route);
  const split = (byRoute: Record<string, number>, isWrite: (r: string) => boolean) => {
    let reads = 0;
    let writes = 0;
    for (const [route, n] of Object.entries(byRoute)) if (isWrite(route)) writes += n; else reads += n;
    return { reads, writes };
  };
  return {
    hubspot: split(c.hubspot.byRoute, isHubspotWrite),
    salesforce: split(c.salesforceByActor.integration.byRoute, isSalesforceWrite),
    byRoute: { ...prefix('hubspot', c.hubspot.byRoute), ...prefix('salesforce', c.salesforceByActor.integration.byRoute) },
  };
}

function prefix(p: string, r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [`${p} ${k}`, v]));
}

/** The pipeline's row for a contact. */
export interface LeadRow {
  id: string;
  state: string;
  owner_id: string | null;
  owner_kind: string | null;
  attempt: number;
  salesforce_lead_id: string | null;
}

export async function leadRowOf(db: Db, contactId: string): Promise<LeadRow> {
  const { rows } = await db.query<LeadRow>('SELECT id, state, owner_id, owner_kind, attempt, salesforce_lead_id FROM leads WHERE hubspot_contact_id = $1', [contactId]);
  if (!rows[0]) throw new Error(`no lead for contact ${contactId}`);
  return rows[0];
}

/** A lead's audit trail, in order. */
export async function trailOf(db: Db, leadId: string): Promise<{ type: string; actor: string; summary: string | null; data: Record<string, unknown> }[]> {
  return (await db.query<{ type: string; actor: string; summary: string | null; data: Record<string, unknown> }>('SELECT type, actor, summary, data FROM audit_events WHERE lead_id = $1 ORDER BY seq', [leadId])).rows;
}

/**
 * Moves the clock a second past the time the lead's pending timer of `kind` fires (a breach, its
 * grace after the deadline), wherever business hours put it; returns when it was due.
 */
export async function pastTimer(e: Pick<E2E, 'db' | 'clock'>, leadId: string, kind: string): Promise<Date> {
  const { rows } = await e.db.query<{ due_at: Date }>(`SELECT due_at FROM timers WHERE lead_id = $1 AND kind = $2 AND status = 'pending'`, [leadId, kind]);
  const due = rows[0]?.due_at;
  if (!due) throw new Error(`lead ${leadId} has no pending ${kind} timer`);
  // A breach fires only after the grace that lets a last-moment answer be read first.
  const grace = /^sla_[a-z_]+_breach$/.test(kind) ? DEFAULT_PIPELINE_OPTIONS.breachGraceMs : 0;
  if (due.getTime() + grace >= e.clock.now().getTime()) e.clock.set(due.getTime() + grace + 1_000);
  return due;
}

/** Handoff's Salesforce Tasks on a Lead, by their key without the lead id (`accept:1`, `breach:accept:1`). */
export function tasksOn(sandbox: Sandbox, salesforceLeadId: string): Map<string, Record<string, unknown>> {
  return new Map(
    sandbox.salesforce
      .records('Task')
      .filter((t) => t['WhoId'] === salesforceLeadId)
      .map((t) => [String(t['Handoff_Key__c']).replace(/^[^:]+:/, ''), t]),
  );
}
