import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { HandoffError } from '../../errors';
import { createLogger } from '../../observability/logger';
import { DEFAULT_WEBHOOK_URL, ENV_NAMES, startSandbox } from '../../sandbox';
import type { FaultRuleInput } from '../../sandbox';

interface SandboxFlags {
  prospects?: string;
  seed: string;
  rms?: boolean;
  speed: string;
  port?: string;
  webhookUrl: string;
  start?: string;
  faults?: string;
  mappings?: string;
}

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new HandoffError('SANDBOX_BAD_FLAG', `--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function readFaults(file: string): FaultRuleInput[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HandoffError('SANDBOX_BAD_FLAG', `--faults: cannot read ${file}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON: either works
  } catch (err) {
    throw new HandoffError('SANDBOX_BAD_FLAG', `--faults: ${file} is not valid JSON or YAML: ${(err as Error).message}`);
  }
  return (Array.isArray(data) ? data : [data]) as FaultRuleInput[];
}

/**
 * `handoff sandbox`: both emulators, fault injection, simulated RMs and synthetic prospects, on one
 * clock, until SIGINT/SIGTERM. stdout carries only the NAME=value lines a daemon needs; logs go to stderr.
 */
export function register(program: Command): void {
  program
    .command('sandbox')
    .description('Run emulated HubSpot and Salesforce (faults, simulated RMs, synthetic prospects) and print the environment a daemon needs')
    .option('--prospects <n>', 'synthetic prospects to create in HubSpot at start')
    .option('--seed <s>', 'seed for data, faults and RM behaviour', '1')
    .option('--rms', 'let the simulated RMs work the leads they are given')
    .option('--speed <x>', 'how many times faster than real time the sandbox clock runs', '1')
    .option('--port <p>', 'HubSpot on P, Salesforce on P+1, the admin API on P+2 (default: free ports)')
    .option('--webhook-url <url>', 'where HubSpot webhooks go ("none": nowhere)', DEFAULT_WEBHOOK_URL)
    .option('--start <iso>', 'the sandbox clock starts at this instant (default: now)')
    .option('--faults <file>', 'fault rules to start with: a JSON or YAML list (see docs/sandbox.md)')
    .option('--mappings <dir>', 'mappings folder for the roster and catalogue (default: MAPPINGS_DIR or the shipped mappings/)')
    .addHelpText(
      'after',
      '\nPrints, on stdout:\n  ' +
        ENV_NAMES.join('\n  ') +
        '\nas NAME=value lines, then runs until SIGINT or SIGTERM. The admin API (SANDBOX_ADMIN_URL) seeds prospects,\n' +
        'reads call counts, sets faults, moves the clock, flushes webhooks and ticks the RMs: see docs/sandbox.md.',
    )
    .action(async (flags: SandboxFlags) => {
      const logger = createLogger({ level: process.env.LOG_LEVEL || 'info', format: 'pretty', stream: process.stderr });
      const speed = Number(flags.speed);
      if (!Number.isFinite(speed) || speed <= 0) throw new HandoffError('SANDBOX_BAD_FLAG', `--speed must be a number above 0, got "${flags.speed}"`);
      const start = flags.start !== undefined ? Date.parse(flags.start) : Date.now();
      if (Number.isNaN(start)) throw new HandoffError('SANDBOX_BAD_FLAG', `--start must be an ISO date-time such as 2026-03-02T14:00:00Z, got "${flags.start}"`);
      const webhookUrl = flags.webhookUrl === 'none' ? null : flags.webhookUrl;
      if (webhookUrl !== null && !/^https?:\/\//.test(webhookUrl)) throw new HandoffError('SANDBOX_BAD_FLAG', `--webhook-url must be an http(s) URL or "none", got "${webhookUrl}"`);
      const mappingsDir = flags.mappings ?? (process.env.MAPPINGS_DIR || undefined);

      const sandbox = await startSandbox({
        seed: integer('seed', flags.seed, -2_147_483_648, 2_147_483_647),
        start,
        speed,
        ...(flags.port !== undefined ? { port: integer('port', flags.port, 0, 65_533) } : {}),
        ...(flags.prospects !== undefined ? { prospects: integer('prospects', flags.prospects, 0, 1_000_000) } : {}),
        ...(flags.faults !== undefined ? { faults: readFaults(flags.faults) } : {}),
        ...(mappingsDir !== undefined ? { mappingsDir } : {}),
        rms: flags.rms === true,
        webhookUrl,
        autoRun: true,
        logger,
      });
      // Listen for signals before printing: whoever reads the environment may stop us at once.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        const stop = (s: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(s);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      for (const name of ENV_NAMES) console.log(`${name}=${sandbox.env[name]}`);
      logger.info('sandbox: running; stop with Ctrl-C', {
        hubspot: sandbox.env.HUBSPOT_BASE_URL,
        salesforce: sandbox.env.SALESFORCE_INSTANCE_URL,
        admin: sandbox.adminUrl,
        webhooks: webhookUrl ?? 'off',
        rms: flags.rms === true,
        speed,
        clock: sandbox.clock.now().toISOString(),
      });

      const signal = await stopped;
      logger.info('sandbox: stopping', { signal });
      await sandbox.stop();
      logger.info('sandbox: stopped');
    });
}
