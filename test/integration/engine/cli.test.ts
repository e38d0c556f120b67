import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { runCli } from '../../support/cli';
import { shippedMigrations } from '../../support/db';
import { cliCases } from './cases/cli.cases';

describe('handoff dlq and audit on PGlite', () => {
  cliCases('pglite');

  it('every command has --help', async () => {
    for (const args of [['dlq', 'list'], ['dlq', 'retry'], ['dlq', 'discard'], ['audit', 'verify'], ['audit', 'export']]) {
      const help = await runCli([...args, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: handoff ${args.join(' ')} [options]`);
      expect(help.stdout).toContain('DATABASE_URL');
    }
  });

  it('asks for `handoff migrate` on a database that is not migrated', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-engine-cli-empty-'));
    try {
      const r = await runCli(['dlq', 'list'], { env: { DATABASE_URL: '', HANDOFF_DATA_DIR: dir } });
      expect(r).toMatchObject({ code: 1, stderr: `handoff: the database is at migration 0, and this command needs ${shippedMigrations().length}: run \`handoff migrate\` first [DB_NOT_MIGRATED]\n` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
