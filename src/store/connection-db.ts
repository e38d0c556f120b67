import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, QueryResult } from './db';

/** What each backend gives this module: one way to run SQL on one connection. */
export interface RawResult {
  rows: unknown[];
  rowCount: number;
  /** The command tag: pg answers COMMIT of an aborted transaction with ROLLBACK, not an error. */
  command?: string;
}
export type RunSql = (sql: string, params?: unknown[]) => Promise<RawResult>;

export const TX_ABORTED_MESSAGE =
  'transaction rolled back: a statement inside it failed and the error was caught without a savepoint ' +
  '(wrap the statement that may fail in tx.transaction() to recover from it)';

/**
 * The handle a transaction or session callback receives: every call runs on one pinned
 * connection. Nested `transaction()` calls become savepoints when a transaction is open, or a
 * BEGIN/COMMIT when this is a bare session. The handle dies with its callback, so a handle
 * that leaked out of it cannot run SQL on a connection that now belongs to someone else.
 */
export class ConnectionDb implements Db {
  private finished = false;

  constructor(
    readonly kind: 'pg' | 'pglite',
    private readonly run: RunSql,
    private readonly inTransaction: boolean,
    private readonly savepoints: { next: number } = { next: 1 },
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    this.assertOpen();
    const r = await this.run(sql, params);
    return { rows: r.rows as T[], rowCount: r.rowCount };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.assertOpen();
    if (!this.inTransaction) return beginCommit(this.kind, this.run, fn, this.savepoints);
    const name = `handoff_sp_${this.savepoints.next++}`;
    await this.run(`SAVEPOINT ${name}`);
    const child = new ConnectionDb(this.kind, this.run, true, this.savepoints);
    try {
      const out = await fn(child);
      await this.run(`RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      // If this fails too the connection is gone; the caller learns of it on its next statement.
      await this.run(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
      throw err;
    } finally {
      child.finish();
    }
  }

  async session<T>(fn: (conn: Db) => Promise<T>): Promise<T> {
    this.assertOpen();
    return fn(this);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close() is for the outer Db handle, not a transaction or session handle'));
  }

  finish(): void {
    this.finished = true;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this transaction/session handle was used after its callback returned');
  }
}

/** BEGIN … COMMIT on a pinned connection, with the same outcomes on pg as PGlite gives. */
export async function beginCommit<T>(
  kind: 'pg' | 'pglite',
  run: RunSql,
  fn: (tx: Db) => Promise<T>,
  savepoints: { next: number } = { next: 1 },
): Promise<T> {
  await run('BEGIN');
  const tx = new ConnectionDb(kind, run, true, savepoints);
  let out: T;
  try {
    out = await fn(tx);
  } catch (err) {
    tx.finish();
    await run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  tx.finish();
  const commit = await run('COMMIT');
  if (commit.command === 'ROLLBACK') throw new Error(TX_ABORTED_MESSAGE);
  return out;
}

/**
 * Catches the one mistake that hangs PGlite and misbehaves on pg: using the outer handle from
 * inside its own transaction callback (the statement would wait for the transaction, or run
 * outside it). The marker is switched off when the callback ends, so work the callback started
 * in the background may use the outer handle afterwards.
 */
export class TxGuard {
  private readonly als = new AsyncLocalStorage<{ open: boolean }>();

  assertOutside(what: string): void {
    if (this.als.getStore()?.open) {
      throw new Error(`${what} called on the outer Db inside its own transaction: use the tx handle the callback received`);
    }
  }

  async within<T>(fn: () => Promise<T>): Promise<T> {
    const marker = { open: true };
    try {
      return await this.als.run(marker, fn);
    } finally {
      marker.open = false;
    }
  }
}
