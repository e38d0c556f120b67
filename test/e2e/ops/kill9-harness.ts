/**
 * kill -9 in the middle of a handoff: the sandbox runs in the test process (real-time clock,
 * RMs off, webhooks to the daemon's port); `handoff run` runs as a child process on a store of
 * its own (PGlite folder or a PostgreSQL schema). Contacts are qualified, the child is killed
 * with SIGKILL once some but not all Leads exist, started again, and left to finish. Everything is
 * observed by polling the emulators' state in bounded loops; nothing sleeps a fixed time.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FaultRuleInput, Sandbox } from '../../../src/sandbox';
import { startSandbox } from '../../../src/sandbox';
import { cliPath, repoRoot } from '../../support/cli';
import { contact } from './support';

export const EXT = 'HubSpot_Contact_Id__c';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Daemon {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function spawnRun(env: NodeJS.ProcessEnv): Daemon {
  const child = spawn(process.execPath, [cliPath, 'run'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

async function healthy(port: number): Promise<true | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return res.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

export interface Kill9World {
  sandbox: Sandbox;
  port: number;
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/** The sandbox and the child's environment: the sandbox's variables, the store, the port. */
export async function kill9World(store: { DATABASE_URL?: string }, opts: { faults?: FaultRuleInput[] } = {}): Promise<Kill9World> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handoff-kill9-'));
  const sandbox = await startSandbox({ speed: 1, webhookUrl: `http://127.0.0.1:${port}/webhooks/hubspot`, webhook: { retryBaseMs: 2_000 }, autoRun: { webhookFlushMs: 200 }, ...(opts.faults ? { faults: opts.faults } : {}) });
  const { SANDBOX_ADMIN_URL: _admin, ...daemonVars } = sandbox.env;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HUBSPOT_|SALESFORCE_|HANDOFF_|DATABASE_URL|MAPPINGS_DIR|PORT$|EVENTS_API)/.test(k)));
  const env = { ...inherited, ...daemonVars, ...store, HANDOFF_DATA_DIR: dataDir, PORT: String(port), SALESFORCE_API_SHARE: '1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
  return {
    sandbox,
    port,
    env,
    dispose: async () => {
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startRun(w: Kill9World): Promise<Daemon> {
  const d = spawnRun(w.env);
  await until('the daemon to answer /healthz', async () => ((await healthy(w.port)) ? true : d.child.exitCode !== null ? Promise.reject(new Error(`handoff run exited: ${d.stderr()}`)) : undefined), 60_000, 100);
  return d;
}

/** Contacts (not yet qualified) that will route to branch bankers or loan officers. */
export function createContacts(sandbox: Sandbox, n: number): string[] {
  // Mortgage leads pass readiness.yaml's pre-qualification (papers ready, an income the bank lends against).
  const kinds: Record<string, string>[] = [{ customer_segment: 'small_business', product_interest: 'savings' }, { product_interest: 'mortgage', documents_ready: 'true', income_band: '100k_250k' }];
  return Array.from({ length: n }, (_, i) => sandbox.hubspot.createContact(contact(1000 + i, kinds[i % kinds.length]), { source: 'FORM' }).id);
}

/** Marketing qualifies contacts in waves, as a workflow does through the day: the next wave when its time comes. */
export function waves(sandbox: Sandbox, ids: string[], size: number, everyMs: number): { tick(): void; rest(): void } {
  let next = 0;
  let due = Date.now();
  const qualify = (upTo: number): void => {
    for (; next < Math.min(upTo, ids.length); next++) sandbox.hubspot.updateContact(ids[next]!, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
  };
  return {
    tick: () => {
      if (Date.now() < due) return;
      qualify(next + size);
      due += everyMs;
    },
    rest: () => qualify(ids.length),
  };
}

export function leadsByContact(sandbox: Sandbox): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const l of sandbox.salesforce.records('Lead')) {
    const k = String(l[EXT] ?? '');
    out.set(k, [...(out.get(k) ?? []), l]);
  }
  return out;
}

/** Handoff's Tasks (they carry Handoff_Key__c) per Lead id. */
export function handoffTasksByLead(sandbox: Sandbox): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of sandbox.salesforce.records('Task')) {
    if (!t.Handoff_Key__c) continue;
    const who = String(t.WhoId ?? '');
    out.set(who, (out.get(who) ?? 0) + 1);
  }
  return out;
}

/** Every contact has its Lead, every RM-owned Lead its Task, and every contact its Lead id. */
export function handedOff(sandbox: Sandbox, ids: string[]): boolean {
  const leads = leadsByContact(sandbox);
  const tasks = handoffTasksByLead(sandbox);
  return ids.every((id) => {
    const mine = leads.get(id);
    const lead = mine?.[0];
    if (!lead) return false;
    const toRm = sandbox.roster.byUserId.has(String(lead.OwnerId ?? ''));
    return (!toRm || (tasks.get(String(lead.Id)) ?? 0) >= 1) && sandbox.hubspot.getContact(id)?.properties.salesforce_lead_id === lead.Id;
  });
}
