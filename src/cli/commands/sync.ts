import type { Command } from 'commander';
import { createDaemon, requireCredentials } from '../../engine/daemon';
import type { CycleReport } from '../../engine/pipeline/cycle';
import { HandoffError, isHandoffError } from '../../errors';
import { STORE_ENV_HELP, cliEnv, cliLogger, openStore } from '../context';

interface SyncFlags {
  once?: boolean;
  json?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The cycle as a few lines a person reads: what each step did. */
export function describeCycle(r: CycleReport): string[] {
  const lines: string[] = [];
  const hs = r.polled.hubspot;
  if (hs) lines.push(`polled HubSpot contacts: ${plural(hs.pages, 'page')}, ${plural(hs.read, 'change')} read, ${hs.stored} new`);
  for (const [object, p] of Object.entries(r.polled.salesforce)) {
    lines.push(`polled Salesforce ${object}: ${plural(p.pages, 'page')}, ${plural(p.read, 'change')} read, ${p.stored} new`);
  }
  if (r.webhooks) lines.push(`webhooks: ${plural(r.webhooks.events, 'event')} resolved, ${plural(r.webhooks.read, 'contact')} read, ${r.webhooks.ignored} ignored`);
  if (r.inbox) lines.push(`inbox: ${r.inbox.processed} handled (${r.inbox.applied} applied, ${r.inbox.ignored} no change, ${r.inbox.failed} to retry, ${r.inbox.dead} dead)`);
  if (r.timers) lines.push(`timers: ${r.timers.fired} fired (${r.timers.breaches} breaches, ${r.timers.warnings} warnings, ${r.timers.cooldowns} cooldowns)`);
  if (r.dispatch) lines.push(`dispatch: ${plural(r.dispatch.sent, 'record')} sent in ${plural(r.dispatch.rounds, 'round')} (${r.dispatch.succeeded} written, ${r.dispatch.failed} to retry, ${r.dispatch.dead} dead)`);
  for (const e of r.errors) lines.push(`FAILED ${e.step}: ${e.message}${e.code ? ` [${e.code}]` : ''}`);
  lines.push(`took ${(r.durationMs / 1000).toFixed(1)} s`);
  return lines;
}

/** `handoff sync --once`: one full cycle, then exit. */
export function register(program: Command): void {
  program
    .command('sync')
    .description('Run one full sync cycle and exit: poll both systems, process the inbox, fire due timers, dispatch until drained')
    .option('--once', 'one cycle, then exit (the long-running daemon is `handoff run`)')
    .option('--json', 'print what each step did as JSON')
    .addHelpText('after', STORE_ENV_HELP + '  HUBSPOT_*, SALESFORCE_*  credentials for both systems (required)\n\nExits 1 when a step failed; what it did not finish is picked up by the next run.')
    .action(async (flags: SyncFlags) => {
      try {
        if (!flags.once) throw new HandoffError('SYNC_NEEDS_ONCE', '`handoff sync` runs one cycle: pass --once (the daemon that keeps syncing is `handoff run`)');
        const env = cliEnv();
        const logger = cliLogger(env);
        requireCredentials(env);
        const db = await openStore(env, logger);
        try {
          const daemon = await createDaemon({ env, db, logger, http: false, secret: (name) => process.env[name] });
          let report: CycleReport;
          try {
            report = await daemon.syncOnce();
          } finally {
            await daemon.stop();
          }
          if (flags.json) console.log(JSON.stringify(report));
          else for (const line of describeCycle(report)) console.log(line);
          if (report.errors.length > 0) process.exitCode = 1;
        } finally {
          await db.close();
        }
      } catch (err) {
        if (flags.json && isHandoffError(err)) console.log(JSON.stringify({ error: { code: err.code, message: err.message } }));
        throw err;
      }
    });
}
