/**
 * `handoff sync --once` and `handoff run` as real processes against an in-process sandbox (on a
 * clock two minutes behind real time, so what it writes now is already past HubSpot search's lag
 * for the daemon on the real clock).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Sandbox } from '../../src/sandbox';
import { startSandbox } from '../../src/sandbox';
import { cliPath, repoRoot, runCli } from '../support/cli';
import { describeCycle } from '../../src/cli/commands/sync';
import type { CycleReport } from '../../src/engine/pipeline/cycle';
import { leadsByContact, readyContact } from './support';

const NO_CREDENTIALS = {
  HUBSPOT_ACCESS_TOKEN: '',
  HUBSPOT_APP_SECRET: '',
  SALESFORCE_INSTANCE_URL: '',
  SALESFORCE_ACCESS_TOKEN: '',
  SALESFORCE_CLIENT_ID: '',
  SALESFORCE_USERNAME: '',
  SALESFORCE_PRIVATE_KEY: '',
  SALESFORCE_PRIVATE_KEY_FILE: '',
  DATABASE_URL: '',
};
const dataDir = (): string => mkdtempSync(path.join(tmpdir(), 'handoff-e2e-'));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ start: Date.now() - 120_000, webhookUrl: null });
});
afterAll(async () => sandbox?.stop());

const daemonEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...NO_CREDENTIALS,
  ...Object.fromEntries(Object.entries(sandbox.env).filter(([k]) => k !== 'SANDBOX_ADMIN_URL')),
  HANDOFF_DATA_DIR: dataDir(),
  SALESFORCE_API_SHARE: '1',
  ...extra,
});

function qualify(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => sandbox.hubspot.createContact(readyContact(from + i, { lifecyclestage: 'marketingqualifiedlead' }), { source: 'FORM' }).id);
}

test.each([['sync', '--once'], ['run']])('handoff %s says credentials are needed when none are set', async (...args) => {
  const r = await runCli(args, { env: { ...NO_CREDENTIALS, HANDOFF_DATA_DIR: dataDir() } });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('handoff: credentials for HubSpot and Salesforce are needed');
  expect(r.stderr).toContain('[CREDENTIALS_REQUIRED]');
});

test('handoff sync without --once says what to run instead', async () => {
  const r = await runCli(['sync'], { env: daemonEnv() });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('`handoff sync` runs one cycle: pass --once (the daemon that keeps syncing is `handoff run`) [SYNC_NEEDS_ONCE]');
});

test('handoff sync --once runs one cycle, prints what each step did, and exits 0', async () => {
  const ids = qualify(100, 5);
  const env = daemonEnv();
  const r = await runCli(['sync', '--once', '--json'], { env });
  expect(r.stderr).not.toContain(sandbox.env.HUBSPOT_ACCESS_TOKEN);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as { errors: unknown[]; polled: { hubspot: { read: number } }; inbox: { applied: number }; dispatch: { succeeded: number; dead: number } };
  expect(report.errors).toEqual([]);
  expect(report.polled.hubspot.read).toBeGreaterThanOrEqual(5);
  expect(report.inbox.applied).toBe(5);
  expect(report.dispatch.dead).toBe(0);
  const leads = leadsByContact(sandbox);
  expect(ids.map((id) => leads.get(id)?.length)).toEqual([1, 1, 1, 1, 1]);
  // Without --json the same report is printed in words, a line per step.
  const words = describeCycle(report as unknown as CycleReport);
  expect(words[0]).toMatch(/^polled HubSpot contacts: \d+ pages?, \d+ changes? read, \d+ new$/);
  expect(words).toContain('inbox: 5 handled (5 applied, 0 no change, 0 to retry, 0 dead)');
  expect(words.find((l) => l.startsWith('dispatch: '))).toMatch(/^dispatch: \d+ records sent in \d+ rounds \(\d+ written, 0 to retry, 0 dead\)$/);
}, 60_000);

test('handoff run serves health, metrics, webhooks and the leads API, and stops cleanly on SIGTERM', async () => {
  const token = 'e2e-events-token-0123456789';
  const child = spawn(process.execPath, [cliPath, 'run'], { cwd: repoRoot, env: { ...process.env, ...daemonEnv({ PORT: '0', EVENTS_API_TOKEN: token, LOG_LEVEL: 'info', LOG_FORMAT: 'json' }) } });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  try {
    const url = await waitFor(() => /"message":"handoff is running".*?"url":"(http:[^"]+)"/.exec(stderr)?.[1], 30_000, () => stderr);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('handoff_inbox_received_total');

    // A qualified contact arrives by webhook; the daemon's jobs hand it off on their own.
    sandbox.hubspot.configureWebhooks({ url: `${url}/webhooks/hubspot` });
    const [id] = qualify(200, 1) as [string];
    await sandbox.hubspot.flushWebhooks();
    const lead = await waitFor(() => leadsByContact(sandbox).get(id)?.[0], 20_000, () => stderr);
    expect(lead['HubSpot_Contact_Id__c']).toBe(id);

    const unauthorised = await fetch(`${url}/api/leads/${id}`);
    expect(unauthorised.status).toBe(401);
    const found = (await (await fetch(`${url}/api/leads/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { lead: { state: string; hubspotContactId: string }; audit: { type: string }[] };
    expect(found.lead).toMatchObject({ state: 'routed', hubspotContactId: id });
    expect(found.audit.map((a) => a.type)).toEqual(['readiness_passed', 'routed']);
  } finally {
    sandbox.hubspot.configureWebhooks(undefined);
    child.kill('SIGTERM');
  }
  expect(await exit).toEqual({ code: 0, signal: null });
  expect(stderr).toContain('"message":"daemon stopped"');
  expect(stderr).not.toContain(sandbox.env.HUBSPOT_ACCESS_TOKEN);
}, 90_000);

/** Waits for a condition a separate process brings about (the only waiting these tests do). */
async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, context: () => string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out; daemon stderr:\n${context().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
