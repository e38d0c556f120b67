/**
 * Opens the database for engine work (CLI commands, the daemon): the engine's tables must exist,
 * so an unmigrated database fails with what to do instead of a "relation does not exist".
 */
import { HandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import { migrationsDir } from '../paths';
import type { Db } from '../store/db';
import { readMigrationFiles } from '../store/migration-files';
import { openDb } from '../store/open';

/**
 * The migration the engine's queries need: the newest this version ships. The commands read
 * tables and columns of every migration (0003's pipeline columns among them), so a database
 * short of any of them is refused with what to do, never half-read.
 */
export function engineSchemaVersion(dir: string = migrationsDir()): number {
  return readMigrationFiles(dir).at(-1)?.version ?? 0;
}

export async function assertEngineSchema(db: Db, needed: number = engineSchemaVersion()): Promise<void> {
  const { rows } = await db.query<{ ok: boolean }>(`SELECT to_regclass('handoff_migrations') IS NOT NULL AS ok`);
  const applied = rows[0]?.ok
    ? ((await db.query<{ v: number | null }>('SELECT max(version) AS v FROM handoff_migrations')).rows[0]?.v ?? 0)
    : 0;
  if (applied < needed) {
    throw new HandoffError('DB_NOT_MIGRATED', `the database is at migration ${applied}, and this command needs ${needed}: run \`handoff migrate\` first`, { applied, needed });
  }
}

export async function openEngineDb(opts: { databaseUrl?: string; dataDir?: string; logger?: Logger }): Promise<Db> {
  const db = await openDb(opts);
  try {
    await assertEngineSchema(db);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Runs `fn` with an engine database, closing it afterwards whatever happens. */
export async function withEngineDb<T>(opts: { databaseUrl?: string; dataDir?: string; logger?: Logger }, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openEngineDb(opts);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
