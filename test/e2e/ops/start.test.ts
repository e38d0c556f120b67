/**
 * `handoff start` (what `npm start` runs) and `handoff demo`: with no credentials it is the demo,
 * which narrates what flows and stops cleanly on Ctrl-C; with credentials it is `handoff run`;
 * with half a set it refuses. The demo's run is also checked in process: events flow from the
 * audit trail to lines, the hourly summary comes, and everything is released at the end.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/observability/logger';
import { runDemo } from '../../../src/ops/demo';
import { startSandbox } from '../../../src/sandbox';
import { MEMORY, openPglite } from '../../../src/store/pglite';
import { cliPath, repoRoot, runCli } from '../../support/cli';
import { freePort, until } from './kill9-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'handoff-start-'));
  dirs.push(d);
  return d;
};

/** The caller's environment without anything that names a system or a store. */
const clean = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HUBSPOT_|SALESFORCE_|HANDOFF_|DATABASE_URL|PORT$|MAPPINGS_DIR)/.test(k)));

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [cliPath, 'start'], { cwd: repoRoot, env: { ...clean(), LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('handoff start', () => {
  it('without credentials runs the demo, and stops cleanly on Ctrl-C', async () => {
    const dir = tmp();
    const s = start({ HANDOFF_DATA_DIR: dir, PORT: '0' });
    await until('the demo to start', () => (s.out.stdout.includes('Handoff demo:') ? true : s.child.exitCode !== null ? Promise.reject(new Error(s.out.stderr)) : undefined), 60_000, 100);
    expect(s.out.stderr).toContain('no HubSpot or Salesforce credentials are set: running the demo against the built-in sandbox');
    expect(existsSync(path.join(dir, 'demo', 'pgdata'))).toBe(true);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.out.stdout).toMatch(/Stopping: the daemon finishes what it is doing, then the sandbox and the database close\.\n── \w{3} \d\d:\d\d America\/New_York ─+\n {2}leads /);
  }, 90_000);

  it('with credentials for one system only, refuses', async () => {
    const res = await runCli(['start'], { env: { ...clean(), HANDOFF_DATA_DIR: tmp(), HUBSPOT_ACCESS_TOKEN: 'pat-test-token' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('handoff: credentials for Salesforce are missing: set both systems\' credentials to run the daemon, or none to run the demo against the built-in sandbox [CREDENTIALS_PARTIAL]');
  });

  it('with credentials runs the daemon as `handoff run` does', async () => {
    const sandbox = await startSandbox({ webhookUrl: null });
    try {
      const port = await freePort();
      const { SANDBOX_ADMIN_URL: _a, ...vars } = sandbox.env;
      const s = start({ ...vars, HANDOFF_DATA_DIR: tmp(), PORT: String(port), SALESFORCE_API_SHARE: '1', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
      const ok = async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) || undefined;
      await until('the daemon to answer /healthz', async () => (s.child.exitCode !== null ? Promise.reject(new Error(s.out.stderr)) : ok()), 60_000, 100);
      expect(s.out.stderr).toContain('handoff is running');
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.out.stderr).toContain('daemon stopped');
    } finally {
      await sandbox.stop();
    }
  }, 90_000);
});

describe('the demo, in process', () => {
  it('narrates the flow from the audit trail with an hourly summary, then releases everything', async () => {
    const db = await openPglite({ dataDir: MEMORY });
    const lines: string[] = [];
    const port = await freePort();
    const r = await runDemo({ speed: 600, prospects: 80, seed: 7, port, minutes: 0.25, dataDir: tmp(), baseEnv: {}, logger: silentLogger(), out: (l) => lines.push(l), db, start: new Date('2026-03-10T13:30:00Z'), pollMs: 100 });
    expect(lines[0]).toBe('Handoff demo: 80 synthetic prospects arrive through a working day at 600× real time, from Tue 09:30 America/New_York.');
    expect(r.events).toBeGreaterThan(0);
    expect(lines.some((l) => /^Tue \d\d:\d\d {2}(routed|blocked) {4}/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('── Tue ')).length).toBeGreaterThanOrEqual(2);
    expect(Object.values(r.states).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(r.calls.hubspot).toBeGreaterThan(0);
    // The last summary counts everything the daemon did: it stopped before the last read.
    const written = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    expect(r.events).toBe(written.rows[0]!.n);
    // The daemon's port is closed again.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await db.close();
  }, 90_000);

  it('says which port is taken and what to do, and starts nothing', async () => {
    const port = await freePort();
    const taken = net.createServer().listen(port, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const err = await runDemo({ speed: 60, prospects: 5, seed: 1, port, minutes: 0.1, dataDir: tmp(), baseEnv: {}, logger: silentLogger(), out: () => undefined }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PORT_IN_USE', message: `port ${port} is in use (another handoff?): pass --port P, or --port 0 for a free one` });
    } finally {
      taken.close();
    }
  }, 60_000);
});
