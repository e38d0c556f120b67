/**
 * The condition language of the mappings (`eq ne in not_in gt gte lt lte exists matches`),
 * evaluated on one fact. Routing rules, readiness gates, scoring fit rules, SLA priorities and
 * policies all use it, so a condition means the same thing in every file.
 *
 * A missing fact (undefined, null or blank text) fails every test except `ne`, `not_in` and
 * `exists: false`: "language is not en" holds for a lead with no language, which is why rules
 * pair `ne` with `exists: true` when they mean "some other language".
 */
import type { Condition } from '../config/schemas/routing';

export type Fact = string | number | boolean | null | undefined;

export const CONDITION_OPS = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'exists', 'matches'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface ConditionFailure {
  field: string;
  op: ConditionOp;
  expected: unknown;
  actual: Fact;
}

const regexes = new Map<string, RegExp>();

/** Patterns come from validated config; compiled once and shared. */
function regex(pattern: string): RegExp {
  let r = regexes.get(pattern);
  if (!r) {
    r = new RegExp(pattern);
    regexes.set(pattern, r);
  }
  return r;
}

const missing = (v: Fact): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function holds(op: ConditionOp, expected: unknown, actual: Fact): boolean {
  switch (op) {
    case 'exists':
      return expected === !missing(actual);
    case 'ne':
      return missing(actual) || actual !== expected;
    case 'not_in':
      return missing(actual) || !(expected as readonly unknown[]).includes(actual);
    default:
      if (missing(actual)) return false;
  }
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'in':
      return (expected as readonly unknown[]).includes(actual);
    case 'gt':
      return typeof actual === 'number' && actual > (expected as number);
    case 'gte':
      return typeof actual === 'number' && actual >= (expected as number);
    case 'lt':
      return typeof actual === 'number' && actual < (expected as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (expected as number);
    case 'matches':
      return typeof actual === 'string' && regex(expected as string).test(actual);
  }
}

/** The operators of `cond` that do not hold for `actual` (empty when the condition holds). */
export function failedOps(field: string, cond: Condition, actual: Fact): ConditionFailure[] {
  const out: ConditionFailure[] = [];
  for (const op of CONDITION_OPS) {
    const expected = cond[op];
    if (expected === undefined) continue;
    if (!holds(op, expected, actual)) out.push({ field, op, expected, actual });
  }
  return out;
}

/** All conditions must hold; returns every failure so an explanation can name them. */
export function matchAll(conds: Readonly<Record<string, Condition | undefined>>, fact: (name: string) => Fact): ConditionFailure[] {
  const out: ConditionFailure[] = [];
  for (const [field, cond] of Object.entries(conds)) {
    if (cond) out.push(...failedOps(field, cond, fact(field)));
  }
  return out;
}

const OP_WORDS: Record<ConditionOp, string> = {
  eq: 'is',
  ne: 'is not',
  in: 'is one of',
  not_in: 'is not one of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  exists: 'is given',
  matches: 'matches',
};

const show = (v: unknown): string => (Array.isArray(v) ? v.map((x) => String(x)).join(', ') : String(v));

/**
 * "product is one of mortgage, heloc is false (it is checking)". `showActual: false` leaves the
 * lead's own value out, for messages that may reach people without access to the lead.
 */
export function describeFailure(f: ConditionFailure, showActual = true): string {
  if (f.op === 'exists') return f.expected ? `${f.field} is not given` : `${f.field} is given but must not be`;
  const actual = missing(f.actual) ? ' (not given)' : showActual ? ` (it is ${String(f.actual)})` : '';
  return `${f.field} ${OP_WORDS[f.op]} ${show(f.expected)} is false${actual}`;
}
