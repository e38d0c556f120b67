import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, repoRoot } from '../../support/cli';
import { migrate } from '../../../src/store/migrate';
import { openPglite } from '../../../src/store/pglite';
import { LOCK_FILE } from '../../../src/store/lockfile';
import type { HandoffError } from '../../../src/errors';

/** Another process holding a data folder open, as a second daemon would. */
interface Holder {
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const HOLD = `
const { openPglite } = require(process.argv[1]);
openPglite({ dataDir: process.argv[2] }).then(
  (db) => { process.stdout.write('ready\\n'); process.stdin.resume(); process.stdin.on('end', () => db.close().then(() => process.exit(0))); },
  (err) => { process.stderr.write(String(err.code) + ': ' + err.message); process.exit(3); },
);`;

function hold(dir: string): Promise<Holder> {
  const child = spawn(process.execPath, ['-e', HOLD, path.join(repoRoot, 'dist/src/store/pglite.js'), dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) resolve({ pid: child.pid as number, child, exited });
    });
    void exited.then((code) => reject(new Error(`holder exited (${code}) before it was ready: ${stderr}`)));
  });
}

async function refusal(p: Promise<unknown>): Promise<HandoffError> {
  return p.then(
    () => {
      throw new Error('expected the open to be refused');
    },
    (err: HandoffError) => err,
  );
}

// Each step starts PGlite (WASM PostgreSQL) in a fresh process; a loaded 2-core CI machine is slow at that.
jest.setTimeout(120_000);

describe('PGlite data folder lock', () => {
  let root: string;
  let template: string;
  let n = 0;
  const freshDir = (): string => {
    const dir = path.join(root, `db${++n}`);
    cpSync(template, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'handoff-lock-'));
    template = path.join(root, 'template');
    const db = await openPglite({ dataDir: template });
    await migrate(db);
    await db.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes who holds it, and removes the lock on close', async () => {
    const dir = freshDir();
    const db = await openPglite({ dataDir: dir });
    const lock = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(lock).toEqual({ pid: process.pid, hostname: os.hostname(), startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    await db.close();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a second open in this process while the first is open', async () => {
    const dir = freshDir();
    const db = await openPglite({ dataDir: dir });
    try {
      const err = await refusal(openPglite({ dataDir: dir }));
      expect(err.code).toBe('STORE_LOCKED');
      expect(err.message).toContain(`pid ${process.pid} on host ${os.hostname()}`);
    } finally {
      await db.close();
    }
  });

  it('refuses a second process, naming the holder: `handoff migrate` against a folder this test holds', async () => {
    const dir = path.join(root, 'cli-data', 'pgdata');
    cpSync(template, dir, { recursive: true });
    const db = await openPglite({ dataDir: dir });
    try {
      // HANDOFF_DATA_DIR is Handoff's folder; PGlite lives in its pgdata/.
      const res = await runCli(['migrate'], { env: { DATABASE_URL: '', HANDOFF_DATA_DIR: path.dirname(dir) } });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`handoff: the data directory ${dir} is in use by another handoff process (pid ${process.pid} on host ${os.hostname()}, since `);
      expect(res.stderr).toContain('[STORE_LOCKED]');
    } finally {
      await db.close();
    }
  });

  it('refuses this process while another process holds the folder, naming its pid', async () => {
    const dir = freshDir();
    const holder = await hold(dir);
    try {
      const err = await refusal(openPglite({ dataDir: dir }));
      expect(err.code).toBe('STORE_LOCKED');
      expect(err.details).toMatchObject({ pid: holder.pid, hostname: os.hostname() });
      expect(err.message).toContain(`pid ${holder.pid} on host`);
    } finally {
      holder.child.stdin?.end();
      await holder.exited;
    }
    // A holder that closed cleanly leaves the folder free.
    const db = await openPglite({ dataDir: dir });
    await db.close();
  });

  it('takes over the lock of a process that was killed, and the data is intact', async () => {
    const dir = freshDir();
    const holder = await hold(dir);
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: holder.pid });

    const db = await openPglite({ dataDir: dir });
    try {
      expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
      // The data survived the kill: what was applied before is still recorded.
      expect((await migrate(db)).skipped).toContain('0001_initial.sql');
    } finally {
      await db.close();
    }
  });

  it('refuses a lock held from another host, since it cannot tell whether that process lives', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, hostname: 'replica-b', startedAt: '2026-01-01T00:00:00.000Z' }));
    const err = await refusal(openPglite({ dataDir: dir }));
    expect(err.code).toBe('STORE_LOCKED');
    expect(err.message).toContain('(pid 4242 on host replica-b, since 2026-01-01T00:00:00.000Z)');
  });

  it('refuses a folder that holds other files and no database', async () => {
    const dir = path.join(root, 'not-a-db');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const err = await refusal(openPglite({ dataDir: dir }));
    expect(err.code).toBe('STORE_DATA_DIR_INVALID');
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});
