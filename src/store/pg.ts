import pg from 'pg';
import type { PoolClient, QueryResult as PgQueryResult } from 'pg';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import { HandoffError } from '../errors';
import type { Db, QueryResult } from './db';
import { parseInt8 } from './db';
import type { RawResult, RunSql } from './connection-db';
import { ConnectionDb, TxGuard, beginCommit } from './connection-db';
import type { PgTarget } from './pg-errors';
import { describeTarget, isConnectionBroken, parseTarget, translatePgError } from './pg-errors';

export interface PgDbOptions {
  connectionString: string;
  /** Sets search_path on every connection: one schema per test suite, or per tenant. Must exist. */
  schema?: string;
  /** Pool size; each replica holds at most this many connections. */
  max?: number;
  logger?: Logger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// Same values on both backends (see db.ts): int8 as number, date as its text.
const INT8 = 20;
const DATE = 1082;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return parseInt8;
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

function toRaw(r: PgQueryResult | PgQueryResult[]): RawResult {
  // A script of several statements answers with one result each; the port returns the last.
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  if (!last) return { rows: [], rowCount: 0 };
  return { rows: last.rows, rowCount: last.rowCount ?? last.rows.length, command: last.command };
}

/** A Db over a pg Pool. Use `openPg`, which checks the connection before handing it out. */
export class PgDb implements Db {
  readonly kind = 'pg' as const;
  private readonly guard = new TxGuard();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly target: PgTarget,
    private readonly logger: Logger,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    this.guard.assertOutside('query()');
    try {
      const r = toRaw(await this.pool.query(sql, params as unknown[]));
      return { rows: r.rows as T[], rowCount: r.rowCount };
    } catch (err) {
      throw translatePgError(err, this.target);
    }
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.guard.assertOutside('transaction()');
    return this.withClient((run) => this.guard.within(() => beginCommit('pg', run, fn)));
  }

  session<T>(fn: (conn: Db) => Promise<T>): Promise<T> {
    // Session state (advisory locks, SET) dies with the connection: it is never pooled again.
    return this.withClient(async (run) => {
      const conn = new ConnectionDb('pg', run, false);
      try {
        return await fn(conn);
      } finally {
        conn.finish();
        // Released now rather than when the server notices the discarded connection has gone, so
        // whoever waits for the lock (the next leader, the next migration) has it at once.
        await run('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      }
    }, true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async withClient<T>(fn: (run: RunSql) => Promise<T>, discard = false): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translatePgError(err, this.target);
    }
    let broken = false;
    // A checked-out client whose server side dies emits 'error'; unheard, it would crash the
    // process. The next statement on it fails and reports the loss.
    const onError = (err: Error): void => {
      broken = true;
      this.logger.warn('postgres connection lost', { target: describeTarget(this.target), error: err.message });
    };
    client.on('error', onError);
    const run: RunSql = async (sql, params) => {
      try {
        return toRaw(await client.query(sql, params as unknown[]));
      } catch (err) {
        if (isConnectionBroken(err)) broken = true;
        throw translatePgError(err, this.target);
      }
    };
    try {
      return await fn(run);
    } finally {
      client.off('error', onError);
      client.release(discard || broken ? true : undefined);
    }
  }
}

export async function openPg(opts: PgDbOptions): Promise<PgDb> {
  const logger = opts.logger ?? silentLogger();
  const target = parseTarget(opts.connectionString);
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new HandoffError('STORE_BAD_SCHEMA', `schema name "${opts.schema}" must be lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
    ...(opts.schema !== undefined ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle connection the server drops must not crash the daemon; the pool replaces it.
  pool.on('error', (err) => logger.warn('postgres idle connection error', { target: describeTarget(target), error: err.message }));
  const db = new PgDb(pool, target, logger);
  try {
    if (opts.schema !== undefined) {
      const r = await db.query<{ ok: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS ok', [opts.schema]);
      if (!r.rows[0]?.ok) {
        throw new HandoffError('STORE_SCHEMA_MISSING', `schema "${opts.schema}" does not exist in ${describeTarget(target)}`);
      }
    } else {
      await db.query('SELECT 1');
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  logger.debug('connected to postgres', { target: describeTarget(target), schema: opts.schema });
  return db;
}
