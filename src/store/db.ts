/**
 * The one port the rest of Handoff uses to reach its database. Two implementations, same SQL:
 * `pg` (a PostgreSQL pool, for replicas sharing one server) and `pglite` (embedded PostgreSQL in
 * WASM, the single-process default). Parameters are `$1, $2…` on both.
 *
 * Values come back the same on both: int8 (bigserial ids, count(*)) as a JS number, numeric as a
 * string, timestamptz as a Date, date as 'YYYY-MM-DD', json/jsonb parsed. Pass jsonb parameters
 * as `JSON.stringify(value)`: a JS array would be sent as a PostgreSQL array by `pg`.
 */
export interface QueryResult<T> {
  rows: T[];
  /** Rows returned by a SELECT, or changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Db {
  readonly kind: 'pg' | 'pglite';
  /**
   * Runs one statement. Without params a script of several statements may be sent (simple
   * protocol); the result is the last statement's.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Inside,
   * use only `tx`: calling the outer handle from inside the callback throws (on PGlite it would
   * wait for the transaction forever). `tx.transaction()` nests as a savepoint, so an inner
   * failure the caller catches does not spoil the outer transaction. A transaction that an
   * earlier error aborted is never reported as committed.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one dedicated connection, outside any transaction, for session state that must
   * outlive a transaction: `pg_advisory_lock` for leadership or migrations. On `pg` the
   * connection is discarded afterwards, so nothing held there can leak; on PGlite there is only
   * one session, so unlock what you lock.
   */
  session<T>(fn: (conn: Db) => Promise<T>): Promise<T>;
  /** Closes the pool or the embedded database (and its lock file). Only on the outer handle. */
  close(): Promise<void>;
}

/** The SQLSTATE of a database error from either backend, for branching on expected conflicts. */
export function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  lockNotAvailable: '55P03',
  raiseException: 'P0001',
} as const;

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === SQLSTATE.uniqueViolation;

/** int8 parser shared by both backends: a number while it is exact, the digits beyond 2^53. */
export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}
