import type { TestDb } from '../../../support/db';
import { TEST_DATABASE_URL, createTestDb, describeIfPg } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { openDb } from '../../../../src/store/open';
import { isHandoffError } from '../../../../src/errors';
import type { HandoffError } from '../../../../src/errors';

/** What only PostgreSQL can show: several connections, replicas, lost connections. */
describeIfPg('Db on PostgreSQL: connections and replicas', () => {
  let t: TestDb;
  let replica: Db;
  beforeAll(async () => {
    t = await createTestDb('pg', { migrate: true });
    replica = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: t.schema });
  });
  afterAll(async () => {
    await replica.close();
    await t.dispose();
  });

  it('lets two replicas claim disjoint outbox rows with FOR UPDATE SKIP LOCKED', async () => {
    await t.db.query(`INSERT INTO leads (id, state) VALUES ('L1', 'routed')`);
    await t.db.query(
      `INSERT INTO outbox (lead_id, system, object, operation, record_key, payload)
       SELECT 'L1', 'salesforce', 'Lead', 'upsert', 'k' || g, '{}' FROM generate_series(1, 4) g`,
    );
    const claim = (db: Db): Promise<string[]> =>
      db
        .query<{ record_key: string }>(
          `SELECT record_key FROM outbox WHERE status = 'pending' ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED`,
        )
        .then((r) => r.rows.map((x) => x.record_key));
    const [first, second] = await t.db.transaction(async (tx) => {
      const mine = await claim(tx);
      const theirs = await replica.transaction((rtx) => claim(rtx));
      return [mine, theirs];
    });
    expect(first).toEqual(['k1', 'k2']);
    expect(second).toEqual(['k3', 'k4']);
  });

  it('holds a session advisory lock until the session ends, and never leaks it to the pool', async () => {
    const tryLock = async (): Promise<boolean> => {
      const { rows } = await replica.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(4242) AS ok');
      if (rows[0]?.ok) await replica.query('SELECT pg_advisory_unlock(4242)');
      return rows[0]?.ok ?? false;
    };
    await t.db.session(async (conn) => {
      await conn.query('SELECT pg_advisory_lock(4242)');
      expect(await tryLock()).toBe(false);
    });
    // No unlock was issued: the session's connection was discarded, and the lock with it.
    expect(await tryLock()).toBe(true);
  });

  it('reports a connection killed under a session as STORE_CONNECTION_LOST, and keeps serving', async () => {
    const err = await t.db
      .session(async (conn) => {
        const pid = (await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
        await replica.query('SELECT pg_terminate_backend($1)', [pid]);
        await conn.query('SELECT 1');
      })
      .catch((e: unknown) => e);
    expect(isHandoffError(err) && err.code).toBe('STORE_CONNECTION_LOST');
    expect((err as HandoffError).message).toMatch(/^lost the connection to PostgreSQL at \S+@127\.0\.0\.1:5432\//);
    expect((await t.db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('names a missing schema or database as such', async () => {
    const schema = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: 'no_such_schema_here' }).catch((e: HandoffError) => e);
    expect(schema).toMatchObject({ code: 'STORE_SCHEMA_MISSING', message: expect.stringContaining('schema "no_such_schema_here" does not exist') });
    const url = new URL(TEST_DATABASE_URL as string);
    url.pathname = '/handoff_no_such_db';
    const db = await openDb({ databaseUrl: url.toString() }).catch((e: HandoffError) => e);
    expect(db).toMatchObject({ code: 'STORE_DATABASE_MISSING', message: expect.stringContaining('database "handoff_no_such_db" does not exist on') });
  });
});
