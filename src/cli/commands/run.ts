import type { Command } from 'commander';
import { createDaemon, requireCredentials } from '../../engine/daemon';
import { createMetrics } from '../../observability/metrics';
import { STORE_ENV_HELP, cliEnv, cliLogger, openStore } from '../context';

/** Resolves with the first SIGINT or SIGTERM; a second one exits at once. */
function firstSignal(onSecond: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const handler = (s: NodeJS.Signals): void => {
      if (seen) return onSecond();
      seen = true;
      resolve(s);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/** `handoff run`: the daemon, until SIGINT or SIGTERM. */
export function register(program: Command): void {
  program
    .command('run')
    .description('Run the sync daemon: HTTP (webhooks, events API, health, metrics, leads API), pollers, inbox, dispatch, SLA timers, reconciliation')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '  HUBSPOT_*, SALESFORCE_*  credentials for both systems (required; `handoff sandbox` prints a set for the sandbox)\n' +
        '  PORT              HTTP port (default 8080)\n' +
        '  EVENTS_API_TOKEN  bearer token for POST /api/events and GET /api/leads/:id\n' +
        '\nMigrations are applied at start. SIGINT or SIGTERM stops it gracefully: intake stops, work in\n' +
        'progress finishes, claims are released. A second signal exits at once.',
    )
    .action(async () => {
      const env = cliEnv();
      const logger = cliLogger(env);
      requireCredentials(env);
      const stopped = firstSignal(() => {
        logger.warn('second signal: exiting without waiting');
        process.exit(130);
      });
      const db = await openStore(env, logger);
      try {
        const daemon = await createDaemon({ env, db, logger, metrics: createMetrics({ defaultMetrics: true }), secret: (name) => process.env[name] });
        await daemon.start();
        logger.info('handoff is running', { url: daemon.url, pid: process.pid });
        const signal = await stopped;
        logger.info('stopping', { signal });
        await daemon.stop();
      } finally {
        await db.close();
      }
    });
}
