import { HandoffError, isHandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import { migrationsDir } from '../paths';
import type { Db } from './db';
import { sqlState } from './db';
import type { MigrationFile } from './migration-files';
import { locate, readMigrationFiles } from './migration-files';

export interface MigrateOptions {
  /** Folder of numbered SQL files; the package's `migrations/` by default. */
  dir?: string;
  logger?: Logger;
}

export interface MigrateResult {
  /** File names applied by this run, in order. */
  applied: string[];
  /** File names that were already applied. */
  skipped: string[];
}

/**
 * One fixed advisory-lock key ("handoff" in ASCII) serialises every migrate run against a
 * database, whichever process or replica starts it; the others wait, then find nothing to do.
 */
export const MIGRATION_LOCK_KEY = '29380524337227366';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS handoff_migrations (
  version int PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
  applied_at: Date;
}

/** Refuses to go on when the database and the folder disagree about the past. */
function checkHistory(applied: AppliedRow[], files: MigrationFile[], dir: string): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  applied.forEach((row, i) => {
    const file = byVersion.get(row.version);
    if (!file || file.file !== row.name) {
      throw new HandoffError(
        'MIGRATION_MISSING',
        `the database has migration ${row.name} applied, but ${dir} ${file ? `has ${file.file} for version ${row.version}` : 'has no such file'}. ` +
          'Either this handoff is older than the database (upgrade it) or the file was deleted or renamed (restore it).',
        { file: row.name, version: row.version },
      );
    }
    if (file.checksum !== row.checksum) {
      throw new HandoffError(
        'MIGRATION_CHECKSUM_MISMATCH',
        `migration ${file.file} was edited after it was applied on ${row.applied_at.toISOString()} (${file.path}). ` +
          'Applied migrations must not change: restore the file and put the change in a new numbered migration.',
        { file: file.file, path: file.path, recorded: row.checksum, actual: file.checksum },
      );
    }
    if (row.version !== i + 1) {
      const missing = files[i];
      throw new HandoffError('MIGRATION_GAP', `migration ${missing?.file ?? String(i + 1)} was never applied, but the later ${row.name} was`, { file: missing?.file });
    }
  });
}

/** Applies one file in its own transaction; false if someone else applied it first. */
async function apply(conn: Db, f: MigrationFile): Promise<boolean> {
  try {
    return await conn.transaction(async (tx) => {
      // On PGlite the advisory lock is re-entrant (one session), so two runs in one process
      // are told apart here instead.
      const done = await tx.query('SELECT 1 FROM handoff_migrations WHERE version = $1', [f.version]);
      if (done.rowCount > 0) return false;
      await tx.query(f.sql);
      await tx.query('INSERT INTO handoff_migrations (version, name, checksum) VALUES ($1, $2, $3)', [f.version, f.file, f.checksum]);
      return true;
    });
  } catch (err) {
    if (isHandoffError(err) || sqlState(err) === undefined) throw err;
    const position = Number((err as { position?: unknown }).position);
    const where = Number.isFinite(position) && position > 0 ? (({ line, col }) => `:${line}:${col}`)(locate(f.sql, position)) : '';
    throw new HandoffError('MIGRATION_FAILED', `migration ${f.file}${where} failed: ${(err as Error).message} (nothing of it was applied)`, {
      file: f.file,
      path: f.path,
      sqlState: sqlState(err),
    });
  }
}

export async function migrate(db: Db, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const dir = opts.dir ?? migrationsDir();
  const logger = opts.logger ?? silentLogger();
  const files = readMigrationFiles(dir);
  return db.session(async (conn) => {
    const got = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [MIGRATION_LOCK_KEY]);
    if (!got.rows[0]?.ok) {
      logger.info('another process is migrating this database; waiting for it to finish');
      await conn.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
    try {
      await conn.query(CREATE_LEDGER);
      const { rows } = await conn.query<AppliedRow>('SELECT version, name, checksum, applied_at FROM handoff_migrations ORDER BY version');
      checkHistory(rows, files, dir);
      const result: MigrateResult = { applied: [], skipped: files.slice(0, rows.length).map((f) => f.file) };
      for (const f of files.slice(rows.length)) {
        const started = Date.now();
        if (!(await apply(conn, f))) {
          result.skipped.push(f.file);
          continue;
        }
        result.applied.push(f.file);
        logger.info('applied migration', { file: f.file, ms: Date.now() - started });
      }
      return result;
    } finally {
      // pg discards the session's connection anyway; PGlite keeps its only session, so unlock.
      await conn.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}
