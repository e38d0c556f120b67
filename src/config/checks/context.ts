/**
 * What a check sees: a way to report a problem at a key path, and the line a path sits on (to
 * name where the first of two duplicates is). Checks never throw for a bad config; they report.
 */
import type { ConfigErrorCode, PathSegment } from '../config-error';
import { didYouMean, didYouMeanSuffix } from '../suggest';

export interface CheckIssue {
  path: PathSegment[];
  code: ConfigErrorCode;
  message: string;
  /** Point at the key instead of its value. */
  at?: 'key' | 'value';
  found?: unknown;
  expected?: string;
  suggestion?: string;
}

export interface CheckContext {
  report(issue: CheckIssue): void;
  lineOf(path: readonly PathSegment[]): number;
}

/**
 * Reports every later item whose name repeats an earlier one, at the later one, naming the
 * first's line. Returns the set of names seen, handy for reference checks.
 */
export function checkUnique<T>(
  ctx: CheckContext,
  items: readonly T[],
  nameOf: (item: T) => string | undefined,
  pathOf: (index: number) => PathSegment[],
  noun: string,
): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const name = nameOf(item);
    if (name === undefined) return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
      return;
    }
    ctx.report({
      path: pathOf(i),
      code: 'duplicate_name',
      message: `duplicate ${noun} "${name}"; first defined at line ${ctx.lineOf(pathOf(earlier))}`,
      found: name,
    });
  });
  return new Set(first.keys());
}

export interface KnownCheck {
  path: PathSegment[];
  noun: string;
  value: string;
  known: Iterable<string>;
  /** Where the allowed values come from, e.g. "one of the branches in roster.yaml". */
  expected: string;
  code?: 'unknown_reference' | 'unknown_system_value' | 'bad_value';
  at?: 'key' | 'value';
}

/**
 * `unknown branch "dwntown"; expected one of the branches in roster.yaml (did you mean "downtown"?)`
 * when the value is not among the known ones. Returns whether it was known.
 */
export function checkKnown(ctx: CheckContext, c: KnownCheck): boolean {
  const list = [...c.known];
  if (list.includes(c.value)) return true;
  const suggestion = didYouMean(c.value, list);
  ctx.report({
    path: c.path,
    code: c.code ?? 'unknown_reference',
    message: `unknown ${c.noun} "${c.value}"; expected ${c.expected}${didYouMeanSuffix(suggestion)}`,
    found: c.value,
    expected: c.expected,
    ...(c.at ? { at: c.at } : {}),
    ...(suggestion ? { suggestion } : {}),
  });
  return false;
}
