import type { Command } from 'commander';
import { hasRealCredentials } from '../../config';
import { HandoffError } from '../../errors';
import { cliEnv } from '../context';
import { demoAction } from './demo';

/**
 * `handoff start` (what `npm start` runs): with credentials for both systems, the daemon exactly as
 * `handoff run` runs it (the same command is invoked); with none, the demo against the sandbox.
 * Credentials for one system only are refused: that is a half-finished set-up, not a demo.
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('What `npm start` runs: the daemon (`handoff run`) when HubSpot and Salesforce credentials are set, else the demo against the built-in sandbox')
    .addHelpText(
      'after',
      '\nWith HUBSPOT_ACCESS_TOKEN and Salesforce credentials (SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN, or the\n' +
        'JWT bearer variables) it is `handoff run` (see `handoff run --help`). With none of them it is `handoff demo`\n' +
        'with its defaults (see `handoff demo --help`). Credentials for only one system are an error.',
    )
    .action(async () => {
      const env = cliEnv();
      if (hasRealCredentials(env)) {
        const run = program.commands.find((c) => c.name() === 'run');
        if (!run) throw new HandoffError('START_NO_RUN', 'the run command is not registered');
        await run.parseAsync([], { from: 'user' });
        return;
      }
      if (env.credentials !== 'none') {
        const missing = env.credentials === 'hubspot-only' ? 'Salesforce' : 'HubSpot';
        throw new HandoffError(
          'CREDENTIALS_PARTIAL',
          `credentials for ${missing} are missing: set both systems' credentials to run the daemon, or none to run the demo against the built-in sandbox`,
        );
      }
      console.error('handoff: no HubSpot or Salesforce credentials are set: running the demo against the built-in sandbox (see `handoff start --help`).');
      await demoAction({}, env);
    });
}
