/**
 * zod issues → ConfigErrors a person can act on: each located at its YAML node, with what was
 * found, what was expected and, for names, the closest allowed one.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { z } from 'zod';
import { formatPath } from './config-error';
import type { ConfigError, ConfigErrorCode, PathSegment } from './config-error';
import { allowedKeys, describeSchema, nounAt, schemaAt } from './schema-walk';
import { didYouMean, didYouMeanSuffix } from './suggest';
import type { YamlSource } from './yaml-source';

export function oneOf(options: readonly string[], max = 20): string {
  const shown = options.slice(0, max).join(', ');
  return options.length > max ? `one of ${shown}, … (${options.length} in all)` : `one of ${shown}`;
}

/** What a node holds, for "found …": scalars as typed, containers by kind. */
export function describeFound(node: Node | null | undefined, source: YamlSource): { text: string; value: unknown } {
  if (!node) return { text: 'nothing', value: undefined };
  if (isMap(node)) return { text: 'a map', value: 'map' };
  if (isSeq(node)) return { text: 'a list', value: 'list' };
  if (isScalar(node)) {
    const v: unknown = node.value;
    if (v === null) return { text: 'an empty value', value: null };
    if (typeof v === 'string') return { text: JSON.stringify(v), value: v };
    return { text: source.sourceOf(node) ?? String(v), value: v };
  }
  return { text: 'an alias', value: undefined };
}

interface Draft {
  code: ConfigErrorCode;
  path: PathSegment[];
  message: string;
  at?: 'key' | 'value';
  found?: unknown;
  expected?: string;
  suggestion?: string;
}

export function issuesToErrors(issues: readonly z.ZodIssue[], source: YamlSource, schema: z.ZodTypeAny): ConfigError[] {
  const drafts = issues.flatMap((i) => draftsFor(i, source, schema));
  const seen = new Set<string>();
  const out: ConfigError[] = [];
  for (const d of drafts) {
    const loc = source.locate(d.path, d.at);
    const err: ConfigError = {
      code: d.code,
      message: d.message,
      file: source.file,
      line: loc.line,
      col: loc.col,
      path: formatPath(loc.path),
      ...(d.found !== undefined ? { found: d.found } : {}),
      ...(d.expected !== undefined ? { expected: d.expected } : {}),
      ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
    };
    const key = `${err.path}|${err.message}`;
    if (!seen.has(key)) out.push(err);
    seen.add(key);
  }
  return out;
}

function draftsFor(issue: z.ZodIssue, source: YamlSource, schema: z.ZodTypeAny): Draft[] {
  const path = issue.path;
  const node = source.nodeAt(path);
  const found = describeFound(node, source);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path);
      // Maps keyed by a vocabulary (lead states, lifecycle stages) name it: "unknown lead state".
      const noun = nounAt(schema, path) ?? 'key';
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, allowed);
        const tail = suggestion ? didYouMeanSuffix(suggestion) : `; expected ${oneOf(allowed)}`;
        return { code: 'unknown_key', path: [...path, key], at: 'key', message: `unknown ${noun} "${key}"${tail}`, found: key, expected: oneOf(allowed), ...(suggestion ? { suggestion } : {}) };
      });
    }
    case 'invalid_type': {
      const expected = describeSchema(schemaAt(schema, path)) ?? issue.expected;
      if (issue.received === 'undefined') {
        return [{ code: 'missing_key', path, message: `missing (required); expected ${expected}`, expected }];
      }
      const draft: Draft = { code: 'wrong_type', path, message: `expected ${expected}, found ${found.text}`, found: found.value, expected };
      // YAML reads an unquoted 02110 as the number 2110: say how to keep the text as typed.
      if (issue.expected === 'string' && node && isScalar(node) && typeof node.value !== 'object') {
        const typed = source.sourceOf(node) ?? String(node.value);
        draft.message += ` (put it in quotes: "${typed}")`;
        draft.suggestion = `"${typed}"`;
      }
      return [draft];
    }
    case 'invalid_enum_value': {
      const options = issue.options.map(String);
      const noun = nounAt(schema, path) ?? 'value';
      const suggestion = didYouMean(String(issue.received), options);
      return [{ code: 'bad_value', path, message: `unknown ${noun} ${found.text}; expected ${oneOf(options)}${didYouMeanSuffix(suggestion)}`, found: found.value, expected: oneOf(options), ...(suggestion ? { suggestion } : {}) }];
    }
    case 'invalid_literal':
      return [{ code: 'bad_value', path, message: `expected ${JSON.stringify(issue.expected)}, found ${found.text}`, found: found.value, expected: JSON.stringify(issue.expected) }];
    case 'invalid_union':
      return unionDrafts(issue, source, schema, found);
    case 'invalid_string':
      // Our regexes carry the expectation as their message ("a lower-case id such as …").
      return [{ code: 'bad_value', path, message: `expected ${issue.message}, found ${found.text}`, found: found.value, expected: issue.message }];
    case 'too_small':
      return [{ code: 'bad_value', path, message: tooSmall(issue), found: found.value }];
    case 'too_big':
      return [{ code: 'bad_value', path, message: tooBig(issue), found: found.value }];
    case 'custom': {
      const p = (issue.params ?? {}) as { code?: ConfigErrorCode; suggestion?: string; expected?: string; at?: 'key' | 'value' };
      return [{ code: p.code ?? 'bad_value', path, message: issue.message, found: found.value, ...(p.at ? { at: p.at } : {}), ...(p.expected ? { expected: p.expected } : {}), ...(p.suggestion ? { suggestion: p.suggestion } : {}) }];
    }
    default:
      return [{ code: 'bad_value', path, message: issue.message, found: found.value }];
  }
}

/** A value matching none of a union's shapes: name every accepted type, or follow the closest shape. */
function unionDrafts(issue: z.ZodInvalidUnionIssue, source: YamlSource, schema: z.ZodTypeAny, found: { text: string; value: unknown }): Draft[] {
  const branches = issue.unionErrors.map((e) => e.issues);
  const sameLevel = branches.every((b) => b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === issue.path.length);
  if (sameLevel) {
    const expected = describeSchema(schemaAt(schema, issue.path)) ?? 'another type';
    if (found.value === undefined) return [{ code: 'missing_key', path: issue.path, message: `missing (required); expected ${expected}`, expected }];
    return [{ code: 'wrong_type', path: issue.path, message: `expected ${expected}, found ${found.text}`, found: found.value, expected }];
  }
  const depth = (b: readonly z.ZodIssue[]): number => Math.max(...b.map((i) => i.path.length));
  const closest = [...branches].sort((a, b) => depth(b) - depth(a))[0] ?? [];
  return closest.flatMap((i) => draftsFor(i, source, schema));
}

function tooSmall(i: z.ZodTooSmallIssue): string {
  const n = Number(i.minimum);
  if (i.type === 'array') return n <= 1 ? 'must not be an empty list' : `needs at least ${n} items`;
  if (i.type === 'string') return n <= 1 ? 'must not be empty' : `needs at least ${n} characters`;
  return i.inclusive ? `must be at least ${n}` : `must be greater than ${n}`;
}

function tooBig(i: z.ZodTooBigIssue): string {
  const n = Number(i.maximum);
  if (i.type === 'array') return `allows at most ${n} items`;
  if (i.type === 'string') return `allows at most ${n} characters`;
  return i.inclusive ? `must be at most ${n}` : `must be less than ${n}`;
}
