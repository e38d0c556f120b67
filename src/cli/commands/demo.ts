import type { Command } from 'commander';
import type { Env } from '../../config';
import { createLogger } from '../../observability/logger';
import { runDemo } from '../../ops/demo';
import { positiveNumber, wholeNumber } from '../../ops/flags';
import { onInterrupt } from '../../ops/interrupt';
import { cliEnv } from '../context';

export interface DemoFlags {
  speed?: string;
  prospects?: string;
  minutes?: string;
  seed?: string;
  port?: string;
}

export const DEMO_HELP =
  '\nThe demo starts the sandbox (emulated HubSpot and Salesforce, simulated RMs), the daemon against it on one\n' +
  'clock that runs a working day in minutes (from the next working-day 08:30 in New York), and embedded PGlite in\n' +
  'HANDOFF_DATA_DIR/demo (wiped at start). It prints a line per notable event from the audit trail (ready,\n' +
  'blocked, routed and why, accepted, returned, SLA breach and reassignment, outcomes) and a summary every\n' +
  'simulated hour. Ctrl-C stops it cleanly.\n' +
  '\nEnvironment:\n' +
  "  HANDOFF_DATA_DIR  Handoff's data folder (default ./.handoff); the demo uses demo/ in it\n" +
  '  PORT              default for --port (8080)\n' +
  '  MAPPINGS_DIR      the mappings the sandbox and the daemon load\n' +
  '  LOG_LEVEL         the daemon\'s logs on stderr (default error during the demo; warn shows fields not synced)\n';

/** The demo as a command runs it; `handoff start` without credentials calls this too. */
export async function demoAction(flags: DemoFlags, env: Env = cliEnv()): Promise<void> {
  const speed = positiveNumber('speed', flags.speed ?? '60', 10_000);
  const prospects = wholeNumber('prospects', flags.prospects ?? '300', 1, 100_000);
  const seed = wholeNumber('seed', flags.seed ?? '1', -2_147_483_648, 2_147_483_647);
  const port = flags.port !== undefined ? wholeNumber('port', flags.port, 0, 65_535) : env.PORT;
  const minutes = flags.minutes !== undefined ? positiveNumber('minutes', flags.minutes, 10_000) : undefined;
  const logger = createLogger({ level: process.env.LOG_LEVEL?.trim() || 'error', format: env.LOG_FORMAT, stream: process.stderr });
  const interrupt = onInterrupt();
  try {
    await runDemo({
      speed,
      prospects,
      seed,
      port,
      ...(minutes !== undefined ? { minutes } : {}),
      dataDir: env.HANDOFF_DATA_DIR,
      baseEnv: process.env,
      logger,
      out: (line) => console.log(line),
      signal: interrupt.signal,
    });
  } finally {
    interrupt.dispose();
  }
}

/** `handoff demo`: Handoff against the built-in sandbox, narrated. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Run Handoff against the built-in sandbox with simulated RMs and watch leads flow (no credentials needed)')
    .option('--speed <x>', 'how many times faster than real time the day runs', '60')
    .option('--prospects <n>', 'synthetic prospects arriving through the day', '300')
    .option('--minutes <m>', 'stop after this many real minutes (default: run until Ctrl-C)')
    .option('--seed <s>', 'seed for prospects and RM behaviour; same seed, same people', '1')
    .option('--port <p>', 'HTTP port of the daemon (webhooks, health, metrics); 0 for a free one (default PORT, else 8080)')
    .addHelpText('after', DEMO_HELP)
    .action((flags: DemoFlags) => demoAction(flags));
}
