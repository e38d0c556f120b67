import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli';
import { shippedMigrations } from '../../support/db';

/** A port nothing listens on: bound by us, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Each step starts PGlite (WASM PostgreSQL) in a fresh process; a loaded 2-core CI machine is slow at that.
jest.setTimeout(120_000);

describe('handoff migrate (embedded PGlite)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'handoff-cli-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('applies the migrations into HANDOFF_DATA_DIR, then says it is up to date', async () => {
    const env = { DATABASE_URL: '', HANDOFF_DATA_DIR: path.join(root, 'data') };
    // PGlite keeps its files in pgdata/ under HANDOFF_DATA_DIR.
    const first = await runCli(['migrate'], { env });
    const shipped = shippedMigrations();
    expect(first).toMatchObject({ code: 0, stdout: shipped.map((f) => `applied ${f}\n`).join('') });
    const second = await runCli(['migrate'], { env });
    expect(second).toMatchObject({ code: 0, stdout: `up to date (${shipped.length} migrations applied earlier)\n` });
    const json = await runCli(['migrate', '--json'], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ applied: [], skipped: shipped });
  });

  it('defaults to ./.handoff/pgdata under the working directory', async () => {
    const cwd = path.join(root, 'project');
    mkdirSync(cwd);
    const res = await runCli(['migrate', '--json'], { cwd, env: { DATABASE_URL: '', HANDOFF_DATA_DIR: '' } });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ applied: shippedMigrations(), skipped: [] });
    expect(existsSync(path.join(cwd, '.handoff/pgdata/PG_VERSION'))).toBe(true);
  });

  it('exits 1 naming host:port, never the password, when PostgreSQL is unreachable', async () => {
    const port = await closedPort();
    const res = await runCli(['migrate'], { env: { DATABASE_URL: `postgres://bob:s3cret-pw@127.0.0.1:${port}/handoff` } });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `handoff: cannot connect to PostgreSQL at bob@127.0.0.1:${port}/handoff: connection refused (is the server running and listening there?) [STORE_UNREACHABLE]\n`,
    );
    expect(res.stdout + res.stderr).not.toContain('s3cret');
  });

  it('answers errors as JSON too with --json', async () => {
    const port = await closedPort();
    const res = await runCli(['migrate', '--json'], { env: { DATABASE_URL: `postgres://bob:s3cret-pw@127.0.0.1:${port}/handoff` } });
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toEqual({ error: { code: 'STORE_UNREACHABLE', message: expect.stringContaining(`127.0.0.1:${port}`) } });
  });

  it('documents its environment in --help', async () => {
    const res = await runCli(['migrate', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: handoff migrate [options]');
    expect(res.stdout).toContain('DATABASE_URL');
    expect(res.stdout).toContain('HANDOFF_DATA_DIR');
  });
});
