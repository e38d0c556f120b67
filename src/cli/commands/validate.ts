import type { Command } from 'commander';
import { displayPath, formatConfigError } from '../../config/config-error';
import { mappingsDirFrom } from '../../config/env';
import { loadMappings } from '../../config/load-mappings';
import type { MappingsConfig } from '../../config/mappings-config';

interface ValidateFlags {
  json?: boolean;
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function summary(c: MappingsConfig, files: number): string {
  return [
    plural(files, 'file'),
    plural(c.routing.rules.length, 'rule'),
    plural(c.roster.rms.length, 'RM'),
    plural(c.roster.branches.length, 'branch', 'branches'),
    plural(c.roster.queues.length, 'queue'),
    plural(c.products.products.length, 'product'),
    plural(c.segments.segments.length, 'segment'),
    plural(c.fields.fields.length, 'field mapping'),
  ].join(', ');
}

/** `handoff validate [dir]`: every problem in the mappings, one per line as file:line:col, exit 1 if any. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('Check the YAML mappings and report every problem as file:line:col')
    .argument('[dir]', 'mappings folder (default: MAPPINGS_DIR, else the mappings shipped with Handoff)')
    .option('--json', 'print the errors as a JSON array ([] when clean)')
    .addHelpText('after', '\nExit status: 0 when the mappings are valid, 1 when there is any error.\nFile reference: docs/mappings.md')
    .action((dir: string | undefined, flags: ValidateFlags) => {
      const folder = dir ?? mappingsDirFrom(process.env);
      const { config, errors, files } = loadMappings(folder);
      if (flags.json) {
        console.log(JSON.stringify(errors.map((e) => ({ ...e, file: displayPath(e.file) })), null, 2));
      } else if (config) {
        console.log(`mappings OK: ${summary(config, files.length)} (${displayPath(folder)})`);
      } else {
        for (const e of errors) console.log(formatConfigError(e));
        const inFiles = new Set(errors.map((e) => e.file)).size;
        console.log(`${plural(errors.length, 'error')} in ${plural(inFiles, 'file')}; see docs/mappings.md`);
      }
      if (errors.length > 0) process.exitCode = 1;
    });
}
