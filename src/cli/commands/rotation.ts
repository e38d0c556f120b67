import os from 'node:os';
import type { Command } from 'commander';
import { systemClock } from '../../domain/clock';
import { HandoffError } from '../../errors';
import { withEngineDb } from '../../engine/open';
import { rosterForNames, withJsonErrors } from '../../ops/cli-output';
import { rosterNames } from '../../ops/names';
import { renderRotationList, restoreRotation, rotationList } from '../../ops/rotation';
import { STORE_ENV_HELP, cliEnv, cliLogger, storeOptions } from '../context';

interface RestoreFlags {
  by?: string;
  reason?: string;
  json?: boolean;
}

/** Who ran the command, for the audit event's actor. */
function operator(): string {
  try {
    return `operator:${os.userInfo().username}`;
  } catch {
    return `operator:${process.env.USER ?? 'unknown'}`;
  }
}

const RM_ID = /^[a-z][a-z0-9_]*$/;

/** `handoff rotation list|restore`: the RMs a breach streak took out of rotation, and putting one back. */
export function register(program: Command): void {
  const rotation = program
    .command('rotation')
    .description('RMs taken out of rotation after letting leads miss accept-by in a row (sla.yaml breach_streak_limit), and putting them back');

  rotation
    .command('list')
    .description('Who is out of rotation, since when, and after how many missed accept-by deadlines in a row')
    .option('--json', 'print the list as JSON: [{"rm", "name", "since", "breaches"}]')
    .addHelpText('after', STORE_ENV_HELP + '  MAPPINGS_DIR      the roster, for the RMs\' names\n')
    .action((flags: { json?: boolean }) =>
      withJsonErrors(flags.json, async () => {
        const env = cliEnv();
        const entries = await withEngineDb(storeOptions(env, cliLogger(env)), (db) => rotationList(db, rosterNames(rosterForNames(env.MAPPINGS_DIR))));
        console.log(flags.json ? JSON.stringify(entries, null, 2) : renderRotationList(entries));
      }),
    );

  rotation
    .command('restore')
    .description('Put an RM back in rotation: routing may give them leads again and their breach streak starts from zero')
    .argument('<rm-id>', 'the RM\'s roster id, as `handoff rotation list` shows it')
    .option('--by <name>', 'who restores them, for the audit trail, e.g. their manager (default operator:<login>)')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--json', 'print the result as JSON: {"rm", "since", "breaches", "by", "reason", "auditSeq"}')
    .addHelpText('after', STORE_ENV_HELP + '\nOne transaction: the streak is cleared and the audit trail records who restored them and why. Exit status 1 when the RM is not out of rotation.')
    .action((rmId: string, flags: RestoreFlags) =>
      withJsonErrors(flags.json, async () => {
        if (!RM_ID.test(rmId)) throw new HandoffError('BAD_ARGUMENT', `<rm-id> must be a roster id (lower-case letters, digits and _, as \`handoff rotation list\` shows it), got "${rmId}"`);
        const by = flags.by?.trim();
        if (flags.by !== undefined && !by) throw new HandoffError('BAD_FLAG', '--by must name who restores them');
        const actor = operator();
        const env = cliEnv();
        const r = await withEngineDb(storeOptions(env, cliLogger(env)), (db) => restoreRotation(db, systemClock, { rmId, by: by ?? actor, reason: flags.reason?.trim() || null, actor }));
        console.log(flags.json ? JSON.stringify(r) : `${r.rm} is back in rotation (out since ${r.since ?? 'an unknown time'}, after ${r.breaches} missed accept-by deadlines in a row); restored by ${r.by}${r.reason ? `: ${r.reason}` : ''}`);
      }),
    );
}
