import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { HandoffError } from '../../errors';
import { withEngineDb } from '../../engine/open';
import { rosterForNames, withJsonErrors } from '../../ops/cli-output';
import { leadStory, renderStory } from '../../ops/explain';
import { STORE_ENV_HELP, cliEnv, cliLogger, storeOptions } from '../context';

interface ExplainFlags {
  json?: boolean;
  tz: string;
}

/** `handoff explain <lead>`: the lead's story from the audit trail, decision by decision. */
export function register(program: Command): void {
  program
    .command('explain')
    .description("Tell one lead's story from the audit trail: every decision, when, why, and who acted")
    .argument('<lead>', 'a Salesforce Lead id (00Q…), a HubSpot contact id, an email address, or a Handoff lead id (or its first characters)')
    .option('--json', 'print the lead and its events as JSON: {"lead", "events": [{seq, at, type, title, why, who, actor, summary, data}]}')
    .option('--tz <zone>', 'time zone for the times printed (IANA name, e.g. America/New_York)', 'UTC')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '  MAPPINGS_DIR      the roster, for the names of RMs and queues\n' +
        '\nAn email address is looked up by its hash and never printed. Exit status 1 when no lead matches.',
    )
    .action((raw: string, flags: ExplainFlags) =>
      withJsonErrors(flags.json, async () => {
        if (!DateTime.now().setZone(flags.tz).isValid) throw new HandoffError('BAD_FLAG', `--tz must be an IANA time zone such as America/New_York or UTC, got "${flags.tz}"`);
        const env = cliEnv();
        const story = await withEngineDb(storeOptions(env, cliLogger(env)), (db) => leadStory(db, rosterForNames(env.MAPPINGS_DIR), raw, flags.tz));
        console.log(flags.json ? JSON.stringify(story) : renderStory(story, flags.tz));
      }),
    );
}
