import { runCli } from '../../../support/cli';
import type { CliResult } from '../../../support/cli';
import type { TestDb } from '../../../support/db';
import { createTestDb, describeIfPg, shippedMigrations } from '../../../support/db';
import { MIGRATION_LOCK_KEY } from '../../../../src/store/migrate';

/** Waits for a state of another process that announces itself by no event (a lock wait). */
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeIfPg('handoff migrate (PostgreSQL)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pg');
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('two processes racing both succeed, taking turns on the advisory lock, and the schema is applied once', async () => {
    const env = { DATABASE_URL: t.databaseUrl, HANDOFF_DATA_DIR: '', LOG_LEVEL: 'info' };
    const key = BigInt(MIGRATION_LOCK_KEY);
    // Hold the migration lock so that both processes are certain to meet it, then let them go.
    const [a, b] = await t.db.session(async (conn) => {
      await conn.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      const both: Promise<CliResult[]> = Promise.all([runCli(['migrate', '--json'], { env }), runCli(['migrate', '--json'], { env })]);
      await until(async () => {
        const { rows } = await t.db.query<{ n: number }>(
          `SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objid = $2 AND objsubid = 1`,
          [Number(key >> 32n), Number(key & 0xffffffffn)],
        );
        return (rows[0]?.n ?? 0) >= 2;
      });
      await conn.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
      return both;
    });
    expect({ a: a?.code, b: b?.code }).toEqual({ a: 0, b: 0 });
    for (const r of [a, b]) expect(r?.stderr).toContain('another process is migrating this database; waiting for it to finish');
    const results = [a, b].map((r) => JSON.parse(r?.stdout ?? '') as { applied: string[]; skipped: string[] });
    const shipped = shippedMigrations();
    expect(results.flatMap((r) => r.applied)).toEqual(shipped);
    expect(results.flatMap((r) => r.skipped)).toEqual(shipped);
    expect((await t.db.query('SELECT version, name FROM handoff_migrations ORDER BY version')).rows).toEqual(shipped.map((name, i) => ({ version: i + 1, name })));
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'leads'`,
      [t.schema],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
