#!/usr/bin/env node
import { Command } from 'commander';
import { commands } from './commands';
import { isHandoffError } from '../errors';
import { packageVersion } from '../paths';

export function buildProgram(): Command {
  const program = new Command('handoff')
    .description('Turns HubSpot marketing demand into worked, accountable Salesforce leads for banks.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commands) register(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (isHandoffError(err)) {
      console.error(`handoff: ${err.message} [${err.code}]`);
    } else {
      console.error(`handoff: unexpected error: ${(err as Error).stack ?? String(err)}`);
    }
    process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
  }
}

if (require.main === module) void main();
