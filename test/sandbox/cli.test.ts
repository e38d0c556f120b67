/** `handoff sandbox` as a real process: the printed environment works, SIGTERM stops it cleanly. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cliPath, repoRoot, runCli } from '../support/cli';

interface Running {
  child: ChildProcessWithoutNullStreams;
  env: Record<string, string>;
  lines: string[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI and resolves once SANDBOX_ADMIN_URL has been printed. */
function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cliPath, 'sandbox', ...args], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'info' } });
  const lines: string[] = [];
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no SANDBOX_ADMIN_URL within 30 s; stderr: ${err}`));
    }, 30_000);
    child.stdout.on('data', (c: Buffer) => {
      buffered += c.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
      if (parts.some((l) => l.startsWith('SANDBOX_ADMIN_URL='))) {
        clearTimeout(timer);
        const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
        resolve({ child, env, lines, stderr: () => err, exit });
      }
    });
    void exit.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`handoff sandbox exited (${code}) before printing its environment; stderr: ${err}`));
    });
  });
}

test('prints exactly the environment a daemon needs; each base URL answers with the printed token; SIGTERM exits 0', async () => {
  const faults = path.join(mkdtempSync(path.join(tmpdir(), 'handoff-sandbox-')), 'faults.yaml');
  writeFileSync(faults, '- { id: slow-upserts, system: salesforce, route: "PATCH /composite/sobjects/*", kind: latency, params: { ms: 50 } }\n');
  const sb = await startCli(['--prospects', '3', '--seed', '5', '--rms', '--speed', '30', '--webhook-url', 'none', '--faults', faults]);
  try {
    const names = sb.lines.map((l) => l.slice(0, l.indexOf('=')));
    expect(names).toEqual(['HUBSPOT_BASE_URL', 'HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_APP_SECRET', 'SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN', 'SANDBOX_ADMIN_URL']);
    // The daemon's own names, as .env.example spells them.
    const example = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
    for (const name of names.slice(0, 5)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    for (const name of ['HUBSPOT_BASE_URL', 'SALESFORCE_INSTANCE_URL', 'SANDBOX_ADMIN_URL']) expect(sb.env[name]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const hs = await fetch(`${sb.env['HUBSPOT_BASE_URL']}/crm/v3/objects/contacts?limit=1`, { headers: { Authorization: `Bearer ${sb.env['HUBSPOT_ACCESS_TOKEN']}` } });
    expect(hs.status).toBe(200);
    expect(((await hs.json()) as { results: unknown[] }).results).toHaveLength(1);
    const sf = await fetch(`${sb.env['SALESFORCE_INSTANCE_URL']}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${sb.env['SALESFORCE_ACCESS_TOKEN']}` } });
    expect(sf.status).toBe(200);
    expect(((await sf.json()) as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max).toBeGreaterThan(0);
    const wrong = await fetch(`${sb.env['HUBSPOT_BASE_URL']}/crm/v3/objects/contacts?limit=1`, { headers: { Authorization: 'Bearer pat-wrong' } });
    expect(wrong.status).toBe(401);

    const rules = (await (await fetch(`${sb.env['SANDBOX_ADMIN_URL']}/faults`)).json()) as { rules: { rule: { id: string } }[] };
    expect(rules.rules.map((r) => r.rule.id)).toEqual(['slow-upserts']);
    const clock = (await (await fetch(`${sb.env['SANDBOX_ADMIN_URL']}/clock`)).json()) as { speed: number };
    expect(clock.speed).toBe(30);
    const summary = (await (await fetch(`${sb.env['SANDBOX_ADMIN_URL']}/summary`)).json()) as { hubspot: { contacts: number } };
    expect(summary.hubspot.contacts).toBe(3);
  } finally {
    sb.child.kill('SIGTERM');
  }
  expect(await sb.exit).toEqual({ code: 0, signal: null });
  expect(sb.stderr()).toMatch(/sandbox: stopped/);
  // Logs never reach stdout, and secrets never reach the logs.
  expect(sb.lines).toHaveLength(6);
  expect(sb.stderr()).not.toContain(sb.env['HUBSPOT_ACCESS_TOKEN']);
  expect(sb.stderr()).not.toContain(sb.env['SALESFORCE_ACCESS_TOKEN']);
});

test('SIGINT stops it too', async () => {
  const sb = await startCli(['--webhook-url', 'none']);
  sb.child.kill('SIGINT');
  expect(await sb.exit).toEqual({ code: 0, signal: null });
});

test('a bad flag is refused with a message and exit code 1', async () => {
  const r = await runCli(['sandbox', '--speed', 'fast']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('handoff: --speed must be a number above 0, got "fast" [SANDBOX_BAD_FLAG]');
});

test('--help names every printed variable', async () => {
  const r = await runCli(['sandbox', '--help']);
  expect(r.code).toBe(0);
  for (const name of ['HUBSPOT_BASE_URL', 'HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_APP_SECRET', 'SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN', 'SANDBOX_ADMIN_URL', '--prospects', '--webhook-url']) {
    expect(r.stdout).toContain(name);
  }
});
