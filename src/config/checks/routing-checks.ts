/** Checks inside routing.yaml: unique names, pools that make sense, conditions that can match. */
import type { PathSegment } from '../config-error';
import type { Condition, Pool, RoutingConfig, RoutingField } from '../schemas/routing';
import { ROUTING_FIELDS } from '../schemas/routing';
import { LEAD_KINDS, LEAD_STATES, US_STATES } from '../vocabulary';
import { checkKnown, checkUnique } from './context';
import type { CheckContext } from './context';

const ORDER_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
const VALUE_OPS = ['eq', 'ne'] as const;
const LIST_OPS = ['in', 'not_in'] as const;

/** Fields whose values come from a fixed vocabulary, checked here; catalogue fields are cross-checks. */
const VOCABULARY: Partial<Record<RoutingField, { noun: string; known: readonly string[]; expected: string }>> = {
  kind: { noun: 'lead kind', known: LEAD_KINDS, expected: `one of ${LEAD_KINDS.join(', ')}` },
  lead_state: { noun: 'lead state', known: LEAD_STATES, expected: 'one of the lead states (captured, ready, routed, …)' },
  state: { noun: 'US state', known: US_STATES, expected: 'a two-letter state code such as NY' },
};

export function checkRouting(r: RoutingConfig, ctx: CheckContext): void {
  checkUnique(ctx, r.rules, (x) => x.name, (i) => ['rules', i, 'name'], 'rule name');
  r.rules.forEach((rule, i) => {
    checkPool(rule.pool, ['rules', i, 'pool'], ctx);
    if (rule.weights && rule.strategy !== 'weighted') {
      ctx.report({ path: ['rules', i, 'weights'], code: 'bad_pool', message: `weights only apply to strategy: weighted (this rule uses ${rule.strategy})`, at: 'key' });
    }
    if (rule.strategy === 'weighted' && !rule.weights) {
      ctx.report({ path: ['rules', i, 'strategy'], code: 'bad_pool', message: 'strategy: weighted needs weights (RM id: share)' });
    }
    for (const [field, cond] of Object.entries(rule.when) as [RoutingField, Condition | undefined][]) {
      if (cond) checkCondition(field, cond, ['rules', i, 'when', field], ctx);
    }
  });
}

function checkPool(pool: Pool, path: PathSegment[], ctx: CheckContext): void {
  const keys = Object.keys(pool).filter((k) => pool[k as keyof Pool] !== undefined);
  if (keys.length === 0) {
    ctx.report({ path, code: 'bad_pool', message: 'the pool selects nobody; give queue, existing_owner, or RM filters such as role, branch, license, nearest_branches' });
    return;
  }
  for (const alone of ['queue', 'existing_owner'] as const) {
    if (pool[alone] !== undefined && keys.length > 1) {
      const others = keys.filter((k) => k !== alone).join(', ');
      ctx.report({ path: [...path, alone], code: 'bad_pool', message: `${alone} stands alone in a pool; remove ${others} or make a separate rule`, at: 'key' });
    }
  }
}

/** Values a condition compares with, with the path of each. */
export function conditionValues(cond: Condition, path: PathSegment[]): { value: unknown; path: PathSegment[] }[] {
  const out: { value: unknown; path: PathSegment[] }[] = [];
  for (const op of VALUE_OPS) if (cond[op] !== undefined) out.push({ value: cond[op], path: [...path, op] });
  for (const op of LIST_OPS) (cond[op] ?? []).forEach((value, k) => out.push({ value, path: [...path, op, k] }));
  return out;
}

function checkCondition(field: RoutingField, cond: Condition, path: PathSegment[], ctx: CheckContext): void {
  const type = ROUTING_FIELDS[field];
  if (type !== 'number') {
    for (const op of ORDER_OPS) {
      if (cond[op] !== undefined) ctx.report({ path: [...path, op], code: 'bad_condition', message: `${op} compares numbers, but ${field} is ${type === 'boolean' ? 'true or false' : 'text'}`, at: 'key' });
    }
  }
  if (cond.matches !== undefined) {
    if (type !== 'string') ctx.report({ path: [...path, 'matches'], code: 'bad_condition', message: `matches tests text, but ${field} is ${type === 'number' ? 'a number' : 'true or false'}`, at: 'key' });
    else {
      try {
        new RegExp(cond.matches);
      } catch {
        ctx.report({ path: [...path, 'matches'], code: 'bad_condition', message: `"${cond.matches}" is not a valid regular expression`, found: cond.matches });
      }
    }
  }
  const vocab = VOCABULARY[field];
  for (const v of conditionValues(cond, path)) {
    const actual = typeof v.value;
    if (actual !== type) {
      const want = type === 'string' ? 'text' : type === 'number' ? 'a number' : 'true or false';
      const hint = type === 'string' && actual !== 'object' ? ` (put it in quotes: "${String(v.value)}")` : '';
      ctx.report({ path: v.path, code: 'bad_condition', message: `${field} is compared with ${want}, found ${JSON.stringify(v.value)}${hint}`, found: v.value, expected: want });
    } else if (vocab && typeof v.value === 'string') {
      checkKnown(ctx, { path: v.path, noun: vocab.noun, value: v.value, known: vocab.known, expected: vocab.expected, code: 'bad_value' });
    }
  }
}
