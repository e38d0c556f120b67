import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, TransactionAbortedError } from '@electric-sql/pglite';
import type { Results, Transaction } from '@electric-sql/pglite';
import { HandoffError } from '../errors';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import type { Db, QueryResult } from './db';
import { parseInt8 } from './db';
import type { RawResult, RunSql } from './connection-db';
import { ConnectionDb, TX_ABORTED_MESSAGE, TxGuard } from './connection-db';
import type { DirLock } from './lockfile';
import { LOCK_FILE, acquireDirLock } from './lockfile';

export interface PgliteDbOptions {
  /** A folder on disk (created if missing), or `memory://` for a throwaway database. */
  dataDir: string;
  /** Created if missing and put first on search_path; lets tests mirror the pg setup. */
  schema?: string;
  /**
   * Start from a dump (`PgliteDb.dumpDataDir()`) instead of running initdb: an in-memory copy
   * of a template database opens in a fraction of a second, which is what test suites need.
   */
  loadDataDir?: Blob;
  logger?: Logger;
}

export const MEMORY = 'memory://';

// Same values on both backends (see db.ts).
const parsers = { 20: parseInt8, 1082: (v: string) => v };

function toRaw(r: Results | undefined): RawResult {
  if (!r) return { rows: [], rowCount: 0 };
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length, command: r.command };
}

/** Parameterless SQL goes through the simple protocol, like pg, so a whole script can run. */
function runner(target: PGlite | Transaction): RunSql {
  return async (sql, params) => {
    if (params && params.length > 0) return toRaw(await target.query(sql, params));
    const all = await target.exec(sql);
    return toRaw(all[all.length - 1]);
  };
}

export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private readonly guard = new TxGuard();
  private readonly run: RunSql;
  private closed = false;

  constructor(
    private readonly pg: PGlite,
    private readonly lock: DirLock | undefined,
  ) {
    this.run = runner(pg);
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    this.guard.assertOutside('query()');
    const r = await this.run(sql, params);
    return { rows: r.rows as T[], rowCount: r.rowCount };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.guard.assertOutside('transaction()');
    try {
      return await this.guard.within(() =>
        this.pg.transaction(async (ptx) => {
          const tx = new ConnectionDb('pglite', runner(ptx), true);
          try {
            return await fn(tx);
          } finally {
            tx.finish();
          }
        }),
      );
    } catch (err) {
      if (err instanceof TransactionAbortedError) throw new Error(TX_ABORTED_MESSAGE);
      throw err;
    }
  }

  /** The whole database as a tarball, to open copies of it with `loadDataDir`. */
  async dumpDataDir(): Promise<Blob> {
    this.guard.assertOutside('dumpDataDir()');
    return this.pg.dumpDataDir('none');
  }

  /** PGlite has a single session: the handle itself. */
  session<T>(fn: (conn: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.pg.close();
    } finally {
      this.lock?.release();
    }
  }
}

/** A non-empty folder without PG_VERSION is someone's files, not a database: never initdb into it. */
function assertUsableDir(dir: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir).filter((e) => e !== LOCK_FILE && !e.startsWith(`${LOCK_FILE}.`));
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new HandoffError('STORE_DATA_DIR_INVALID', `the data directory ${dir} is not empty and holds no database; point HANDOFF_DATA_DIR at an empty or existing Handoff data folder`, { dir });
  }
}

export async function openPglite(opts: PgliteDbOptions): Promise<PgliteDb> {
  const logger = opts.logger ?? silentLogger();
  let lock: DirLock | undefined;
  let dataDir = opts.dataDir;
  if (dataDir !== MEMORY) {
    dataDir = path.resolve(dataDir);
    assertUsableDir(dataDir);
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDirLock(dataDir, (stale) =>
      logger.warn('took over a stale data directory lock', { dir: dataDir, stalePid: stale.pid, since: stale.startedAt }),
    );
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({ dataDir, parsers, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  } catch (err) {
    lock?.release();
    throw new HandoffError('STORE_OPEN_FAILED', `cannot open the embedded database in ${dataDir}: ${(err as Error).message}`, { dir: dataDir });
  }
  const db = new PgliteDb(pg, lock);
  if (opts.schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
      await db.close();
      throw new HandoffError('STORE_BAD_SCHEMA', `schema name "${opts.schema}" must be lower-case letters, digits and _`);
    }
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
  }
  logger.debug('opened embedded database', { dir: dataDir });
  return db;
}
