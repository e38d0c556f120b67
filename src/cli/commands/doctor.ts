import type { Command } from 'commander';
import { systemClock } from '../../domain/clock';
import { withJsonErrors } from '../../ops/cli-output';
import { anyFailed } from '../../ops/doctor-checks';
import { runDoctor } from '../../ops/doctor';
import { renderDoctor } from '../../ops/doctor-render';
import { STORE_ENV_HELP, cliEnv, cliLogger } from '../context';
import { silentLogger } from '../../observability/logger';

interface DoctorFlags {
  json?: boolean;
}

/** `handoff doctor`: is this installation ready to run? One line per check, exit 1 when one fails. */
export function register(program: Command): void {
  program
    .command('doctor')
    .description('Check the environment, database, both sign-ins, fields and properties, roster, API budget, clock and outbox')
    .option('--json', 'print the checks as JSON: [{ id, status, message, fix }]')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '  HUBSPOT_*, SALESFORCE_*  credentials for both systems; SALESFORCE_API_SHARE, the share of the daily API budget\n' +
        '  MAPPINGS_DIR      the mappings whose fields, roster usernames and queues are checked\n' +
        '\nChecks, each ok, warn or FAIL with what to do: the environment; the mappings; the database is reachable and\n' +
        'migrated; Salesforce sign-in and the integration user; the HubSpot token and its read scopes; every field and\n' +
        'property Handoff and the mappings use exists with a compatible type and the picklist values the mappings use;\n' +
        "every roster RM, queue and SLA manager exists in Salesforce; the org's daily API budget and Handoff's share;\n" +
        "this host's clock against Salesforce's; the outbox depth and dead-letter classes. Writes nothing.\n" +
        '\nExit status 1 when any check fails.',
    )
    .action((flags: DoctorFlags) =>
      withJsonErrors(flags.json, async () => {
        // An invalid environment is the first check's finding, not a reason to stop: parse it only for logging here.
        let logger = silentLogger();
        try {
          logger = cliLogger(cliEnv());
        } catch {
          // reported by the env check
        }
        const checks = await runDoctor({ source: process.env, clock: systemClock, logger });
        console.log(flags.json ? JSON.stringify(checks) : renderDoctor(checks));
        if (anyFailed(checks)) process.exitCode = 1;
      }),
    );
}
