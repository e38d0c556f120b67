import path from 'node:path';
import type { Logger } from '../observability/logger';
import type { Db } from './db';
import { openPg } from './pg';
import { openPglite } from './pglite';

export interface OpenDbOptions {
  /** PostgreSQL connection string; when set, the pg backend is used. */
  databaseUrl?: string;
  /** PGlite data folder when no databaseUrl: default `./.handoff/pgdata`; `memory://` for tests. */
  dataDir?: string;
  /** search_path schema (must exist on pg; created on PGlite). */
  schema?: string;
  logger?: Logger;
}

export const defaultDataDir = (cwd: string = process.cwd()): string => path.join(cwd, '.handoff', 'pgdata');

/** PostgreSQL when a URL is given (replicas share it), embedded PGlite otherwise (one process). */
export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.databaseUrl) {
    return openPg({ connectionString: opts.databaseUrl, schema: opts.schema, logger: opts.logger });
  }
  return openPglite({ dataDir: opts.dataDir ?? defaultDataDir(), schema: opts.schema, logger: opts.logger });
}
