import type { Command } from 'commander';
import { isHandoffError } from '../../errors';
import { migrate } from '../../store/migrate';
import { STORE_ENV_HELP, cliEnv, cliLogger, openStore } from '../context';

interface MigrateFlags {
  json?: boolean;
}

/** `handoff migrate`: brings the database up to the migrations this version ships. */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (PostgreSQL from DATABASE_URL, else embedded PGlite)')
    .option('--json', 'print the result as JSON: {"applied": [...], "skipped": [...]}')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '\nSafe to run from several processes at once: they take turns, and the later ones find nothing to do.',
    )
    .action(async (flags: MigrateFlags) => {
      try {
        const env = cliEnv();
        const logger = cliLogger(env);
        const db = await openStore(env, logger);
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
