/**
 * Engine commands need every migration this version ships: a database a migration short (the
 * pipeline's 0003 missing) is refused with what to do, and a fully migrated one is accepted.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertEngineSchema, engineSchemaVersion } from '../../../src/engine/open';
import { migrationsDir } from '../../../src/paths';
import { migrate } from '../../../src/store/migrate';
import { createTestDb, shippedMigrations } from '../../support/db';
import type { TestDb } from '../../support/db';

let t: TestDb;
let partial: string;
beforeAll(async () => {
  t = await createTestDb('pglite');
  partial = mkdtempSync(path.join(os.tmpdir(), 'handoff-migrations-'));
  const all = shippedMigrations();
  for (const f of all.slice(0, -1)) copyFileSync(path.join(migrationsDir(), f), path.join(partial, f));
});
afterAll(async () => {
  await t?.dispose();
  rmSync(partial, { recursive: true, force: true });
});

it('needs the newest shipped migration', () => {
  expect(engineSchemaVersion()).toBe(shippedMigrations().length);
  expect(engineSchemaVersion()).toBeGreaterThanOrEqual(3);
});

it('refuses a database one migration short, then accepts it migrated', async () => {
  const n = shippedMigrations().length;
  await migrate(t.db, { dir: partial });
  await expect(assertEngineSchema(t.db)).rejects.toMatchObject({
    code: 'DB_NOT_MIGRATED',
    message: `the database is at migration ${n - 1}, and this command needs ${n}: run \`handoff migrate\` first`,
  });
  await migrate(t.db);
  await expect(assertEngineSchema(t.db)).resolves.toBeUndefined();
});
