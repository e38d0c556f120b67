import path from 'node:path';

/**
 * A problem in the mappings, as data: every one is collected (none thrown at the first) so
 * marketing ops fix a file in one pass. `line`/`col` are 1-based; 0 means "the file as a whole"
 * (a missing file). `path` is the key path inside the file, e.g. `rules[2].pool.branch`
 * (list indexes count from 0).
 */
export interface ConfigError {
  code: ConfigErrorCode;
  message: string;
  file: string;
  line: number;
  col: number;
  path: string;
  found?: unknown;
  expected?: string;
  suggestion?: string;
}

/** Stable codes, documented in docs/mappings.md; callers and tests branch on these, not on wording. */
export type ConfigErrorCode =
  | 'missing_file'
  | 'unknown_file'
  | 'yaml_syntax'
  | 'unknown_key'
  | 'missing_key'
  | 'wrong_type'
  | 'bad_value'
  | 'duplicate_name'
  | 'unknown_reference'
  | 'unknown_system_value'
  | 'sensitive_field'
  | 'sensitive_unjustified'
  | 'handoff_owned_field'
  | 'missing_mapping'
  | 'bad_condition'
  | 'bad_pool'
  | 'empty_pool'
  | 'unlicensed_pool'
  | 'bad_calendar'
  | 'bad_address';

export type PathSegment = string | number;

/** ['rules', 2, 'pool', 'branch'] → 'rules[2].pool.branch'; keys that are not plain words are quoted. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * One line per error, the format editors and CI logs link on:
 * `mappings/routing.yaml:14:9 rules[2].pool.branch: unknown branch "dwntown"; …`.
 * The file is shown relative to `cwd` when it lies below it.
 */
export function formatConfigError(e: ConfigError, cwd = process.cwd()): string {
  const where = e.line > 0 ? `${displayPath(e.file, cwd)}:${e.line}:${e.col}` : displayPath(e.file, cwd);
  return e.path ? `${where} ${e.path}: ${e.message}` : `${where} ${e.message}`;
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
