import path from 'node:path';
import { loadEnv } from '../config';
import type { Env } from '../config';
import { HandoffError } from '../errors';
import { createLogger } from '../observability/logger';
import type { Logger } from '../observability/logger';
import { openDb } from '../store/open';
import type { Db } from '../store/db';

/**
 * What every command needs from the environment, parsed once through the env schema. A bad
 * environment is reported whole (every problem, no secret values) and the command stops.
 */
export function cliEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const { env, errors, warnings } = loadEnv(source, { stdoutIsTTY: process.stderr.isTTY });
  for (const w of warnings) console.error(`handoff: warning: ${w}`);
  if (!env) {
    throw new HandoffError('ENV_INVALID', `the environment has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n  ${errors.join('\n  ')}`);
  }
  return env;
}

/** Commands log to stderr so that their output on stdout (often --json) stays parseable. */
export function cliLogger(env: Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT'>): Logger {
  return createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT, stream: process.stderr });
}

/** Embedded PGlite keeps its files in `pgdata/` under HANDOFF_DATA_DIR. */
export function pgliteDir(env: Pick<Env, 'HANDOFF_DATA_DIR'>): string {
  return path.resolve(env.HANDOFF_DATA_DIR, 'pgdata');
}

/** Where the store is, from the environment: what openDb and openEngineDb take. */
export function storeOptions(env: Pick<Env, 'DATABASE_URL' | 'HANDOFF_DATA_DIR'>, logger: Logger) {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: pgliteDir(env), logger };
}

export function openStore(env: Pick<Env, 'DATABASE_URL' | 'HANDOFF_DATA_DIR'>, logger: Logger): Promise<Db> {
  return openDb(storeOptions(env, logger));
}

/** The environment a command that opens the store reads, for its --help. */
export const STORE_ENV_HELP =
  '\nEnvironment:\n' +
  '  DATABASE_URL      PostgreSQL connection string; unset: embedded PGlite\n' +
  "  HANDOFF_DATA_DIR  Handoff's data folder; PGlite keeps its files in pgdata/ there (default ./.handoff)\n";

/** The store options of a command, from the environment parsed once. */
export function commandStore() {
  const env = cliEnv();
  return storeOptions(env, cliLogger(env));
}
