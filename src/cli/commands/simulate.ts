import path from 'node:path';
import type { Command } from 'commander';
import { withEngineDb } from '../../engine/open';
import { withJsonErrors } from '../../ops/cli-output';
import { parseSince } from '../../ops/flags';
import { loadSimulationConfigs, simulate } from '../../ops/simulate';
import { renderSimulation } from '../../ops/simulate-render';
import { STORE_ENV_HELP, cliEnv, cliLogger, storeOptions } from '../context';

interface SimulateFlags {
  since: string;
  mappings?: string;
  json?: boolean;
}

/** `handoff simulate`: what a candidate config would have done to recent leads, against the current one. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('Replay recent leads through a candidate mappings folder and the current one: readiness, routing per RM/branch/queue, SLA; writes nothing')
    .option('--since <when>', 'leads created in this window: a duration back from now (30d, 12h, 2w) or an ISO date-time', '30d')
    .option('--mappings <dir>', 'the candidate mappings folder (default: the current MAPPINGS_DIR, which shows no change)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '  MAPPINGS_DIR      the current mappings (default: the shipped mappings/)\n' +
        '\nThe candidate is validated first: any problem is printed as file:line:col and the exit status is 1.\n' +
        'Each lead is replayed as it arrived (captured, no owner) at its creation time, with the field values stored now.',
    )
    .action((flags: SimulateFlags) =>
      withJsonErrors(flags.json, async () => {
        const env = cliEnv();
        const candidateDir = path.resolve(flags.mappings ?? env.MAPPINGS_DIR);
        const configs = loadSimulationConfigs(env.MAPPINGS_DIR, candidateDir);
        const since = parseSince('since', flags.since, new Date());
        const report = await withEngineDb(storeOptions(env, cliLogger(env)), (db) => simulate(db, configs, { since }));
        console.log(flags.json ? JSON.stringify(report) : renderSimulation(report, { current: env.MAPPINGS_DIR, candidate: candidateDir }));
      }),
    );
}
