import type { Command } from 'commander';
import { formatConfigError, loadMappings } from '../../config';
import { systemClock } from '../../domain/clock';
import { requireCredentials } from '../../engine/daemon';
import { HandoffError } from '../../errors';
import { withJsonErrors } from '../../ops/cli-output';
import { runInstall } from '../../ops/install';
import { FLS_NOTE, installProgress, renderInstall } from '../../ops/install-render';
import { systemsFromEnv } from '../../ops/install-systems';
import { cliEnv, cliLogger } from '../context';

interface InstallFlags {
  dryRun?: boolean;
  json?: boolean;
}

/** `handoff install [--dry-run]`: the custom fields and properties Handoff and the mappings need, created once. */
export function register(program: Command): void {
  program
    .command('install')
    .description('Create the Salesforce custom fields and HubSpot contact properties Handoff and the mappings need (idempotent)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--json', 'print the plan and what was done as JSON')
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        '  HUBSPOT_ACCESS_TOKEN, HUBSPOT_BASE_URL  the portal (private app with crm.schemas.contacts.read and .write)\n' +
        '  SALESFORCE_*      the org: JWT bearer (LOGIN_URL, CLIENT_ID, USERNAME, PRIVATE_KEY[_FILE]) or INSTANCE_URL with ACCESS_TOKEN;\n' +
        '                    the integration user needs "Customize Application" to create fields\n' +
        '  MAPPINGS_DIR      the mappings whose fields are needed (default: the shipped mappings/)\n' +
        '\nReads each object\'s describe and the contact properties, then creates what is missing (Salesforce through the\n' +
        'Tooling API, HubSpot properties in the "handoff" group). A field that exists with another type, or a picklist\n' +
        'without some of the values the mappings use, is reported and never changed. Running it again creates nothing.\n' +
        `\n${FLS_NOTE.join('\n')}\n` +
        '\nExit status 1 when a create failed or the plan cannot be read.',
    )
    .action((flags: InstallFlags) =>
      withJsonErrors(flags.json, async () => {
        const env = cliEnv();
        const logger = cliLogger(env);
        requireCredentials(env);
        const mappings = loadMappings(env.MAPPINGS_DIR);
        if (!mappings.config) {
          const shown = mappings.errors.slice(0, 10).map((e) => formatConfigError(e)).join('\n  ');
          throw new HandoffError('MAPPINGS_INVALID', `the mappings in ${env.MAPPINGS_DIR} have ${mappings.errors.length} problem(s) (run \`handoff validate\`):\n  ${shown}`);
        }
        const systems = await systemsFromEnv(env, systemClock, logger);
        const progress = installProgress();
        try {
          const report = await runInstall({ systems, config: mappings.config, dryRun: flags.dryRun === true, onProgress: (p) => progress.update(p) });
          progress.stop();
          console.log(flags.json ? JSON.stringify(report) : renderInstall(report));
          if (report.failed.length > 0) process.exitCode = 1;
        } finally {
          progress.stop();
        }
      }),
    );
}
