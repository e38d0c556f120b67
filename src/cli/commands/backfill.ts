import type { Command } from 'commander';
import { createDaemon, requireCredentials } from '../../engine/daemon';
import { withJsonErrors } from '../../ops/cli-output';
import { runBackfill } from '../../ops/backfill';
import { progressView, renderBackfill } from '../../ops/backfill-render';
import { parseInstant, wholeNumber } from '../../ops/flags';
import { onInterrupt } from '../../ops/interrupt';
import { STORE_ENV_HELP, cliEnv, cliLogger, openStore } from '../context';

interface BackfillFlags {
  since?: string;
  batch: string;
  json?: boolean;
}

/** `handoff backfill`: the initial load of existing contacts and Leads, resumable. */
export function register(program: Command): void {
  program
    .command('backfill')
    .description('Load existing HubSpot contacts and Salesforce Leads into Handoff (resumable; bulk lane, live work goes first)')
    .option('--since <iso>', 'only contacts modified since this date or date-time (default: all)')
    .option('--batch <n>', 'contacts per page (1-200)', '100')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '  HUBSPOT_*, SALESFORCE_*  credentials for both systems (required)\n' +
        '\nContacts linked to a Salesforce Lead (by the External ID, or by email when it is one-to-one) are recorded as they\n' +
        'stand, with no decision: their owner, status and snapshot. Marketing-qualified contacts with no Lead go through\n' +
        "readiness and routing like a new one. Progress is kept: run the same command again to go on after Ctrl-C or a\n" +
        'failure. A progress bar goes to stderr on a terminal, plain lines otherwise. Exit status 1 when records failed.',
    )
    .action((flags: BackfillFlags) =>
      withJsonErrors(flags.json, async () => {
        const batch = wholeNumber('batch', flags.batch, 1, 200);
        const since = flags.since !== undefined ? parseInstant('since', flags.since) : undefined;
        const env = cliEnv();
        const logger = cliLogger(env);
        requireCredentials(env);
        const db = await openStore(env, logger);
        const interrupt = onInterrupt();
        const progress = progressView();
        try {
          const daemon = await createDaemon({ env, db, logger, http: false });
          try {
            const report = await runBackfill({ ctx: daemon.pipeline.ctx, batch, ...(since ? { since } : {}), signal: interrupt.signal, onProgress: (p) => progress.update(p) });
            progress.stop();
            console.log(flags.json ? JSON.stringify(report) : renderBackfill(report, { interrupted: interrupt.signal.aborted }));
            if (report.failed.length > 0) process.exitCode = 1;
            else if (!report.complete && interrupt.signal.aborted) process.exitCode = 130;
          } finally {
            await daemon.stop();
          }
        } finally {
          progress.stop();
          interrupt.dispose();
          await db.close();
        }
      }),
    );
}
