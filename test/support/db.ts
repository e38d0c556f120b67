import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openDb } from '../../src/store/open';
import { migrationsDir } from '../../src/paths';
import { MEMORY, openPglite } from '../../src/store/pglite';

/**
 * Isolated databases for tests. PGlite runs in memory, always. PostgreSQL runs when
 * TEST_DATABASE_URL is set: each database is a fresh schema with a random name, dropped when the
 * suite ends (set KEEP_TEST_SCHEMA=1 to keep it for inspection).
 *
 * Suites that need PostgreSQL live under a `postgres/` folder or in `*.pg.test.ts` files and use
 * `describeIfPg`; CI fails if they did not run.
 */
export type Backend = 'pglite' | 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** `describe` when TEST_DATABASE_URL is set, `describe.skip` otherwise. */
export const describeIfPg: jest.Describe = TEST_DATABASE_URL ? describe : describe.skip;

export interface TestDb {
  backend: Backend;
  db: Db;
  /** pg only: the suite's schema. */
  schema?: string;
  /** pg only: a DATABASE_URL whose connections use the suite's schema (for spawned CLIs). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/** The same URL with `options=-c search_path=<schema>`, so every connection lands in the schema. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * initdb takes seconds; a copy of a dump takes a fraction of one. Each test file (jest module
 * registry) makes its templates once: an empty database and a migrated one.
 */
const templates = new Map<'empty' | 'migrated', Promise<Blob>>();

function pgliteTemplate(kind: 'empty' | 'migrated'): Promise<Blob> {
  let t = templates.get(kind);
  if (!t) {
    t = (async () => {
      const db = await openPglite({ dataDir: MEMORY });
      try {
        if (kind === 'migrated') await migrate(db);
        return await db.dumpDataDir();
      } finally {
        await db.close();
      }
    })();
    templates.set(kind, t);
  }
  return t;
}

export async function createTestDb(backend: Backend, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  if (backend === 'pglite') {
    const loadDataDir = await pgliteTemplate(opts.migrate ? 'migrated' : 'empty');
    const db = await openPglite({ dataDir: MEMORY, loadDataDir });
    return { backend, db, dispose: () => db.close() };
  }
  const url = TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: this suite needs PostgreSQL (use describeIfPg)');
  const schema = `handoff_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  const db = await openDb({ databaseUrl: url, schema });
  const dispose = async (): Promise<void> => {
    await db.close();
    if (process.env.KEEP_TEST_SCHEMA !== '1') await admin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
  };
  if (opts.migrate) await migrate(db);
  return { backend, db, schema, databaseUrl: withSearchPath(url, schema), dispose };
}

/**
 * One database for the enclosing describe block: created in beforeAll, disposed in afterAll.
 * Returns a getter, since the database exists only once beforeAll has run.
 */
export function useTestDb(backend: Backend, opts: { migrate?: boolean } = {}): () => TestDb {
  let current: TestDb | undefined;
  beforeAll(async () => {
    current = await createTestDb(backend, opts);
  });
  afterAll(async () => {
    await current?.dispose();
  });
  return () => {
    if (!current) throw new Error('the test database is not ready: use it inside a test or hook');
    return current;
  };
}

/** The migration files this version ships, in order (tests compare with it, not with a fixed list). */
export function shippedMigrations(): string[] {
  return readdirSync(migrationsDir()).filter((f) => f.endsWith('.sql')).sort();
}
