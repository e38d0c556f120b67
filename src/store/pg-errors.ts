import { HandoffError } from '../errors';
import { sqlState } from './db';

/** Where a connection string points, for messages: never the password. */
export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

export function describeTarget(t: PgTarget): string {
  return `${t.user}@${t.host}:${t.port}/${t.database}`;
}

/** Parses DATABASE_URL far enough to name it; a malformed one is an error a person can fix. */
export function parseTarget(connectionString: string): PgTarget {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new HandoffError('STORE_BAD_URL', `DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database): ${redactUrl(connectionString)}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new HandoffError('STORE_BAD_URL', `DATABASE_URL must start with postgres:// or postgresql://, got ${url.protocol}//`);
  }
  return {
    host: url.hostname || url.searchParams.get('host') || 'localhost',
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username) || process.env.USER || 'postgres',
  };
}

/** The URL with any password replaced, for the rare message that must show it whole. */
export function redactUrl(s: string): string {
  return s.replace(/(\/\/[^:/?#@]*:)[^@/?#]*@/, '$1***@');
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

function nodeCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return code;
  // Node reports a refused dual-stack connect as an AggregateError of the attempts.
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) ? inner.map(nodeCode).find((c) => c !== undefined) : undefined;
}

/**
 * Turns the errors a person must act on (server down, wrong password, missing database, lost
 * connection) into HandoffErrors naming user@host:port/database. SQL errors pass through
 * untouched: callers branch on their SQLSTATE (see `sqlState`).
 */
export function translatePgError(err: unknown, target: PgTarget): unknown {
  if (err instanceof HandoffError) return err;
  const where = describeTarget(target);
  const state = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  const details = { host: target.host, port: target.port, database: target.database, user: target.user, cause: state ?? nodeCode(err) };
  const code = nodeCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new HandoffError('STORE_UNREACHABLE', `cannot connect to PostgreSQL at ${where}: host ${target.host} not found`, details);
  }
  if (code !== undefined) {
    const what = code === 'ECONNREFUSED' ? 'connection refused (is the server running and listening there?)' : code.toLowerCase();
    return new HandoffError('STORE_UNREACHABLE', `cannot connect to PostgreSQL at ${where}: ${what}`, details);
  }
  if (/timeout expired|connection timeout/i.test(message)) {
    return new HandoffError('STORE_UNREACHABLE', `cannot connect to PostgreSQL at ${where}: timed out`, details);
  }
  if (state === '28P01' || state === '28000') {
    return new HandoffError('STORE_AUTH_FAILED', `PostgreSQL at ${where} refused the credentials in DATABASE_URL (${state === '28P01' ? 'wrong password' : 'not allowed to connect'})`, details);
  }
  if (state === '3D000') {
    return new HandoffError('STORE_DATABASE_MISSING', `database "${target.database}" does not exist on ${target.host}:${target.port}; create it or fix DATABASE_URL`, details);
  }
  if (state === '53300' || state === '57P03') {
    return new HandoffError('STORE_UNREACHABLE', `PostgreSQL at ${where} is not accepting connections now (${state === '53300' ? 'too many connections' : 'starting up or shutting down'})`, details);
  }
  if (state?.startsWith('08') || state === '57P01' || state === '57P02' || /Connection terminated|not queryable/i.test(message)) {
    return new HandoffError('STORE_CONNECTION_LOST', `lost the connection to PostgreSQL at ${where}`, details);
  }
  return err;
}

/** A connection that saw one of these must not go back to the pool. */
export function isConnectionBroken(err: unknown): boolean {
  return err instanceof HandoffError || sqlState(err) === undefined;
}
