/**
 * What the ops commands share at their edge: `--json` callers get errors as JSON on stdout too
 * (then the usual message on stderr and exit status 1), and names come from the mappings when
 * they load (ids otherwise: explaining a lead must not fail on a config problem).
 */
import { loadMappings } from '../config';
import { isHandoffError } from '../errors';
import type { RosterNamesSource } from './names';
import { NO_ROSTER } from './names';

export async function withJsonErrors(json: boolean | undefined, fn: () => Promise<void>, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (json && isHandoffError(err)) out(JSON.stringify({ error: { code: err.code, message: err.message } }));
    throw err;
  }
}

export function rosterForNames(mappingsDir: string): RosterNamesSource {
  return loadMappings(mappingsDir).config ?? NO_ROSTER;
}
