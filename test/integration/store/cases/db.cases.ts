import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import { SQLSTATE, isUniqueViolation, sqlState } from '../../../../src/store/db';

/** The Db port's contract, run the same on PGlite and PostgreSQL. */
export function dbCases(backend: Backend): void {
  const t = useTestDb(backend);

  beforeAll(async () => {
    await t().db.query(`CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL UNIQUE, meta jsonb)`);
  });
  beforeEach(async () => {
    await t().db.query('DELETE FROM notes');
  });

  const bodies = async (): Promise<string[]> =>
    (await t().db.query<{ body: string }>('SELECT body FROM notes ORDER BY body')).rows.map((r) => r.body);

  it('reports its kind', () => {
    expect(t().db.kind).toBe(backend);
  });

  it('returns the same JS values on both backends', async () => {
    const { rows } = await t().db.query(
      `SELECT 42::int8 AS big, count(*) AS n, 1.50::numeric AS num, '2024-02-29'::date AS day,
              '2024-02-29T12:00:00Z'::timestamptz AS at, $1::jsonb AS doc, $2::text[] AS tags, true AS yes, NULL::text AS nothing
         FROM (VALUES (1), (2)) v(x)`,
      [JSON.stringify({ a: [1, 'two'], b: null }), ['x', 'y']],
    );
    expect(rows).toEqual([
      {
        big: 42,
        n: 2,
        num: '1.50',
        day: '2024-02-29',
        at: new Date('2024-02-29T12:00:00Z'),
        doc: { a: [1, 'two'], b: null },
        tags: ['x', 'y'],
        yes: true,
        nothing: null,
      },
    ]);
  });

  it('keeps int8 values beyond 2^53 exact, as strings', async () => {
    const { rows } = await t().db.query<{ v: unknown }>(`SELECT 9007199254740993::int8 AS v`);
    expect(rows[0]?.v).toBe('9007199254740993');
  });

  it('counts changed rows, and runs a parameterless script returning the last result', async () => {
    const script = await t().db.query<{ n: number }>(
      `INSERT INTO notes (body) VALUES ('a'), ('b'), ('c'); SELECT count(*) AS n FROM notes`,
    );
    expect(script.rows).toEqual([{ n: 3 }]);
    const upd = await t().db.query(`UPDATE notes SET meta = $1 WHERE body <> $2`, [JSON.stringify({ seen: true }), 'c']);
    expect(upd.rowCount).toBe(2);
    const sel = await t().db.query('SELECT * FROM notes');
    expect(sel.rowCount).toBe(3);
  });

  it('commits a transaction and returns its value', async () => {
    const out = await t().db.transaction(async (tx) => {
      await tx.query(`INSERT INTO notes (body) VALUES ('kept')`);
      return (await tx.query<{ n: number }>('SELECT count(*) AS n FROM notes')).rows[0]?.n;
    });
    expect(out).toBe(1);
    expect(await bodies()).toEqual(['kept']);
  });

  it('rolls a transaction back when its callback throws, and rethrows the error', async () => {
    const boom = new Error('boom');
    await expect(
      t().db.transaction(async (tx) => {
        await tx.query(`INSERT INTO notes (body) VALUES ('lost')`);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await bodies()).toEqual([]);
  });

  it('nests transactions as savepoints: a caught inner failure keeps the outer work', async () => {
    await t().db.transaction(async (tx) => {
      await tx.query(`INSERT INTO notes (body) VALUES ('outer')`);
      await tx.transaction(async (inner) => {
        await inner.query(`INSERT INTO notes (body) VALUES ('inner-ok')`);
      });
      const dup = await tx
        .transaction(async (inner) => {
          await inner.query(`INSERT INTO notes (body) VALUES ('inner-undone')`);
          await inner.query(`INSERT INTO notes (body) VALUES ('outer')`); // unique violation
        })
        .catch((err: unknown) => err);
      expect(isUniqueViolation(dup)).toBe(true);
      await tx.query(`INSERT INTO notes (body) VALUES ('after')`);
    });
    expect(await bodies()).toEqual(['after', 'inner-ok', 'outer']);
  });

  it('never reports a transaction as committed after a caught error aborted it', async () => {
    await expect(
      t().db.transaction(async (tx) => {
        await tx.query(`INSERT INTO notes (body) VALUES ('x')`);
        await tx.query(`INSERT INTO notes (body) VALUES ('x')`).catch(() => undefined);
        return 'done';
      }),
    ).rejects.toThrow(/transaction rolled back: a statement inside it failed/);
    expect(await bodies()).toEqual([]);
  });

  it('refuses the outer handle inside its own transaction, and a handle used after its callback', async () => {
    const db = t().db;
    let leaked: typeof db | undefined;
    await expect(
      db.transaction(async (tx) => {
        leaked = tx;
        await db.query('SELECT 1');
      }),
    ).rejects.toThrow(/query\(\) called on the outer Db inside its own transaction/);
    await expect(leaked?.query('SELECT 1')).rejects.toThrow(/used after its callback returned/);
    // Work that outlives the callback may use the outer handle again.
    await expect(db.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('runs a session on one connection, with its own transactions', async () => {
    const pids = await t().db.session(async (conn) => {
      const a = (await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      await conn.transaction(async (tx) => {
        await tx.query(`INSERT INTO notes (body) VALUES ('in-session')`);
      });
      const b = (await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      return [a, b];
    });
    expect(pids[0]).toBe(pids[1]);
    expect(await bodies()).toEqual(['in-session']);
  });

  it('leaves SQL errors as they are, with their SQLSTATE', async () => {
    await t().db.query(`INSERT INTO notes (body) VALUES ('one')`);
    const err = await t().db.query(`INSERT INTO notes (body) VALUES ('one')`).catch((e: unknown) => e);
    expect(sqlState(err)).toBe(SQLSTATE.uniqueViolation);
    const missing = await t().db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(sqlState(missing)).toBe('42P01');
    expect((missing as Error).message).toMatch(/no_such_table/);
  });
}
