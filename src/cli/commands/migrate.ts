import type { Command } from 'commander';
import { isHandoffError } from '../../errors';
import { createLogger } from '../../observability/logger';
import { migrate } from '../../store/migrate';
import { openDb } from '../../store/open';

interface MigrateFlags {
  json?: boolean;
}

/**
 * `handoff migrate`: brings the database up to the migrations this version ships.
 * The environment is read here for now; it moves to the config module's env schema later.
 */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (PostgreSQL from DATABASE_URL, else embedded PGlite)')
    .option('--json', 'print the result as JSON: {"applied": [...], "skipped": [...]}')
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        '  DATABASE_URL      PostgreSQL connection string; unset: embedded PGlite\n' +
        '  HANDOFF_DATA_DIR  PGlite data folder (default ./.handoff/pgdata)\n' +
        '\nSafe to run from several processes at once: they take turns, and the later ones find nothing to do.',
    )
    .action(async (flags: MigrateFlags) => {
      // Logs go to stderr so that --json output on stdout stays parseable.
      const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', format: 'pretty', stream: process.stderr });
      try {
        const db = await openDb({
          databaseUrl: process.env.DATABASE_URL || undefined,
          dataDir: process.env.HANDOFF_DATA_DIR || undefined,
          logger,
        });
        try {
          const result = await migrate(db, { logger });
          if (flags.json) {
            console.log(JSON.stringify(result));
          } else if (result.applied.length === 0) {
            console.log(`up to date (${result.skipped.length} migration${result.skipped.length === 1 ? '' : 's'} applied earlier)`);
          } else {
            for (const file of result.applied) console.log(`applied ${file}`);
          }
        } finally {
          await db.close();
        }
      } catch (err) {
        if (flags.json && isHandoffError(err)) {
          console.log(JSON.stringify({ error: { code: err.code, message: err.message } }));
        }
        throw err;
      }
    });
}
