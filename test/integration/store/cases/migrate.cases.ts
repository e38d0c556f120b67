import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Backend, TestDb } from '../../../support/db';
import { TEST_DATABASE_URL, createTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { migrate } from '../../../../src/store/migrate';
import { openDb } from '../../../../src/store/open';
import { migrationsDir } from '../../../../src/paths';
import type { HandoffError } from '../../../../src/errors';

const PIPELINE_TABLES = ['audit_events', 'cursors', 'handoff_migrations', 'inbox', 'leads', 'outbox', 'timers', 'write_ledger'];

/** A scratch copy of the shipped migrations, to edit, extend or break. */
/** The migrations this version ships, in order. */
const SHIPPED = readdirSync(migrationsDir()).filter((f) => f.endsWith('.sql')).sort();

/** A scratch folder holding only the first shipped migration, so tests can number their own after it. */
function copyMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-migrations-'));
  copyFileSync(path.join(migrationsDir(), '0001_initial.sql'), path.join(dir, '0001_initial.sql'));
  return dir;
}

async function tables(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function failure(p: Promise<unknown>): Promise<HandoffError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: HandoffError) => err,
  );
}

/** The migration runner's contract, run the same on PGlite and PostgreSQL. */
export function migrateCases(backend: Backend): void {
  let t: TestDb;
  const dirs: string[] = [];
  beforeEach(async () => {
    t = await createTestDb(backend);
  });
  afterEach(async () => {
    await t.dispose();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const scratch = (): string => {
    const d = copyMigrations();
    dirs.push(d);
    return d;
  };

  it('applies the shipped migrations once; running again changes nothing', async () => {
    expect(await migrate(t.db)).toEqual({ applied: SHIPPED, skipped: [] });
    // Later migrations add tables; the ones the pipeline starts with must all be there.
    expect(await tables(t.db)).toEqual(expect.arrayContaining(PIPELINE_TABLES));
    const before = (await t.db.query('SELECT * FROM handoff_migrations')).rows;

    expect(await migrate(t.db)).toEqual({ applied: [], skipped: SHIPPED });
    expect((await t.db.query('SELECT * FROM handoff_migrations')).rows).toEqual(before);
    const sha = (f: string) => createHash('sha256').update(readFileSync(path.join(migrationsDir(), f), 'utf8')).digest('hex');
    expect(before).toEqual(SHIPPED.map((f, i) => ({ version: i + 1, name: f, checksum: sha(f), applied_at: expect.any(Date) })));
  });

  it('refuses an applied migration whose file was edited, naming the file', async () => {
    const dir = scratch();
    await migrate(t.db, { dir });
    appendFileSync(path.join(dir, '0001_initial.sql'), '\nCREATE TABLE sneaky (id int);\n');
    const err = await failure(migrate(t.db, { dir }));
    expect(err.code).toBe('MIGRATION_CHECKSUM_MISMATCH');
    expect(err.message).toContain('migration 0001_initial.sql was edited after it was applied');
    expect(err.message).toContain(path.join(dir, '0001_initial.sql'));
    expect(await tables(t.db)).not.toContain('sneaky');
  });

  it('takes line-ending changes for no edit', async () => {
    const dir = scratch();
    await migrate(t.db, { dir });
    const file = path.join(dir, '0001_initial.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(await migrate(t.db, { dir })).toEqual({ applied: [], skipped: ['0001_initial.sql'] });
  });

  it('applies each new file in its own transaction; a failing one leaves no trace and names file:line:col', async () => {
    const dir = scratch();
    await migrate(t.db, { dir });
    writeFileSync(path.join(dir, '0002_extra.sql'), 'CREATE TABLE extra (id int PRIMARY KEY);\n');
    writeFileSync(path.join(dir, '0003_broken.sql'), 'CREATE TABLE half_done (id int);\n\nINSERT INTO nowhere VALUES (1);\n');
    const err = await failure(migrate(t.db, { dir }));
    expect(err.code).toBe('MIGRATION_FAILED');
    expect(err.message).toMatch(/^migration 0003_broken\.sql:3:13 failed: relation "nowhere" does not exist \(nothing of it was applied\)$/);
    const { rows } = await t.db.query<{ name: string }>('SELECT name FROM handoff_migrations ORDER BY version');
    expect(rows.map((r) => r.name)).toEqual(['0001_initial.sql', '0002_extra.sql']);
    expect(await tables(t.db)).toContain('extra');
    expect(await tables(t.db)).not.toContain('half_done');

    writeFileSync(path.join(dir, '0003_broken.sql'), 'CREATE TABLE half_done (id int);\n');
    expect(await migrate(t.db, { dir })).toEqual({ applied: ['0003_broken.sql'], skipped: ['0001_initial.sql', '0002_extra.sql'] });
  });

  it('refuses a folder with a gap in its numbering', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, '0003_later.sql'), 'SELECT 1;\n');
    const err = await failure(migrate(t.db, { dir }));
    expect(err.code).toBe('MIGRATION_GAP');
    expect(err.message).toContain('0003_later.sql');
    expect(await tables(t.db)).toEqual([]);
  });

  it('refuses a database with a migration applied that the folder no longer has', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, '0002_extra.sql'), 'CREATE TABLE extra (id int);\n');
    await migrate(t.db, { dir });
    rmSync(path.join(dir, '0002_extra.sql'));
    const err = await failure(migrate(t.db, { dir }));
    expect(err.code).toBe('MIGRATION_MISSING');
    expect(err.message).toContain('the database has migration 0002_extra.sql applied');
  });

  it('refuses a misnamed migration file', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, '2_extra.sql'), 'SELECT 1;\n');
    const err = await failure(migrate(t.db, { dir }));
    expect(err.code).toBe('MIGRATION_BAD_NAME');
    expect(err.message).toContain('2_extra.sql');
  });

  it('applies once when two runs race on the same database', async () => {
    const other = backend === 'pg' ? await openDb({ databaseUrl: TEST_DATABASE_URL, schema: t.schema }) : t.db;
    try {
      const results = await Promise.all([migrate(t.db), migrate(other)]);
      expect(results.flatMap((r) => r.applied)).toEqual(SHIPPED);
      expect(results.flatMap((r) => r.skipped)).toEqual(SHIPPED);
      expect((await t.db.query('SELECT count(*) AS n FROM handoff_migrations')).rows).toEqual([{ n: SHIPPED.length }]);
    } finally {
      if (other !== t.db) await other.close();
    }
  });
}
