/**
 * mappings/*.yaml → one typed, frozen MappingsConfig, or every problem found as data. Each file is
 * parsed with positions, validated by its schema and its own checks; then the cross-file checks
 * run over the files that parsed. Nothing is thrown for a bad config.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext, CheckIssue } from './checks/context';
import { formatPath } from './config-error';
import type { ConfigError } from './config-error';
import { CROSS_CHECKS } from './cross-checks';
import type { FileKey, MappingsConfig } from './mappings-config';
import { MAPPING_FILES } from './registry';
import type { AnyMappingFileSpec } from './registry';
import { didYouMean, didYouMeanSuffix } from './suggest';
import { YamlSource } from './yaml-source';
import { issuesToErrors } from './zod-issues';

export interface LoadMappingsResult {
  /** Present only when there are no errors. */
  config?: MappingsConfig;
  errors: ConfigError[];
  /** The files that were read, in registry order. */
  files: string[];
}

/**
 * `registry` is the list of files to read; it defaults to MAPPING_FILES and exists so a new
 * file's entry can be tried (and tested) before it joins the list.
 */
export function loadMappings(dir: string, registry: readonly AnyMappingFileSpec[] = MAPPING_FILES): LoadMappingsResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { errors: [{ code: 'missing_file', message: 'mappings folder not found', file: dir, line: 0, col: 0, path: '' }], files: [] };
  }
  const errors: ConfigError[] = [];
  const files: string[] = [];
  const sources = new Map<FileKey, YamlSource>();
  const parsed: Partial<Record<FileKey, unknown>> = {};

  for (const spec of registry) {
    const file = path.join(dir, spec.file);
    if (!existsSync(file)) {
      if (spec.required) errors.push({ code: 'missing_file', message: `required file is missing (${spec.summary})`, file, line: 0, col: 0, path: '' });
      continue;
    }
    files.push(file);
    const source = new YamlSource(file, readFileSync(file, 'utf8'));
    sources.set(spec.key, source);
    const value = parseFile(spec, source, errors);
    if (value !== undefined) parsed[spec.key] = value;
  }
  errors.push(...unknownFiles(dir, registry));

  const contextFor = (key: FileKey): CheckContext => {
    const source = sources.get(key);
    if (!source) throw new Error(`cross-check reported on ${key}, which was not loaded`);
    return contextOf(source, errors);
  };
  for (const check of CROSS_CHECKS) {
    if (check.needs.every((k) => parsed[k] !== undefined)) check.run(parsed as MappingsConfig, contextFor);
  }

  const rank = (file: string): number => {
    const i = registry.findIndex((s) => path.join(dir, s.file) === file);
    return i < 0 ? registry.length : i;
  };
  errors.sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  if (errors.length > 0) return { errors, files };
  return { config: deepFreeze(parsed as MappingsConfig), errors, files };
}

/** Syntax, then schema, then the file's own checks. Returns the typed value when the schema passed. */
function parseFile(spec: AnyMappingFileSpec, source: YamlSource, errors: ConfigError[]): unknown {
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) {
    for (const p of syntax) {
      errors.push({ code: 'yaml_syntax', message: `invalid YAML: ${p.message}`, file: source.file, line: p.line, col: p.col, path: '' });
    }
    return undefined;
  }
  const result = spec.schema.safeParse(source.toJS() ?? {});
  if (!result.success) {
    errors.push(...issuesToErrors(result.error.issues, source, spec.schema));
    return undefined;
  }
  // The spec's schema and check agree on the type; the union over all specs hides that from TypeScript.
  (spec.check as ((v: unknown, c: CheckContext) => void) | undefined)?.(result.data, contextOf(source, errors));
  return result.data;
}

function contextOf(source: YamlSource, errors: ConfigError[]): CheckContext {
  return {
    report(issue: CheckIssue) {
      const loc = source.locate(issue.path, issue.at);
      errors.push({
        code: issue.code,
        message: issue.message,
        file: source.file,
        line: loc.line,
        col: loc.col,
        path: formatPath(loc.path),
        ...(issue.found !== undefined ? { found: issue.found } : {}),
        ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
        ...(issue.suggestion !== undefined ? { suggestion: issue.suggestion } : {}),
      });
    },
    lineOf: (p) => source.locate(p).line,
  };
}

/** A YAML file Handoff does not read is most likely a misnamed one it should. */
function unknownFiles(dir: string, registry: readonly AnyMappingFileSpec[]): ConfigError[] {
  const known = registry.map((s) => s.file);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !known.includes(f))
    .sort()
    .map((f) => {
      const suggestion = didYouMean(f.replace(/\.yml$/i, '.yaml'), known);
      return {
        code: 'unknown_file' as const,
        message: `unknown mappings file; Handoff reads ${known.join(', ')}${didYouMeanSuffix(suggestion)}`,
        file: path.join(dir, f),
        line: 0,
        col: 0,
        path: '',
        ...(suggestion ? { suggestion } : {}),
      };
    });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
