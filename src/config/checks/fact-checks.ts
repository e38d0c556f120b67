/**
 * Checks for conditions on lead facts in readiness.yaml, scoring.yaml and sla.yaml: the fact must
 * be a routing field or a canonical field of fields.yaml, operators must fit its type, and values
 * from a catalogue (products, families, segments, kinds, states, priorities) must exist.
 */
import type { PathSegment } from '../config-error';
import type { MappingsConfig } from '../mappings-config';
import type { Condition } from '../schemas/routing';
import { ROUTING_FIELDS } from '../schemas/routing';
import { LEAD_KINDS, LEAD_STATES, US_STATES } from '../vocabulary';
import { checkKnown } from './context';
import type { CheckContext } from './context';

export type FactType = 'string' | 'number' | 'boolean';

export interface FactVocabulary {
  types: Map<string, FactType>;
  values: Map<string, { noun: string; known: readonly string[]; expected: string }>;
}

const FIELD_TYPE: Record<string, FactType> = { number: 'number', checkbox: 'boolean' };

export function factVocabulary(c: Pick<MappingsConfig, 'fields' | 'products' | 'segments'>, extra: Record<string, { type: FactType; known?: readonly string[]; noun?: string; expected?: string }> = {}): FactVocabulary {
  const types = new Map<string, FactType>();
  for (const f of c.fields.fields) types.set(f.name, FIELD_TYPE[f.type] ?? 'string');
  for (const [name, type] of Object.entries(ROUTING_FIELDS)) types.set(name, type);
  const values: FactVocabulary['values'] = new Map([
    ['product', { noun: 'product', known: c.products.products.map((p) => p.id), expected: 'one of the products in products.yaml' }],
    ['product_family', { noun: 'product family', known: c.products.families.map((f) => f.id), expected: 'one of the families in products.yaml' }],
    ['segment', { noun: 'segment', known: c.segments.segments.map((s) => s.id), expected: 'one of the segments in segments.yaml' }],
    ['kind', { noun: 'lead kind', known: LEAD_KINDS, expected: `one of ${LEAD_KINDS.join(', ')}` }],
    ['lead_state', { noun: 'lead state', known: LEAD_STATES, expected: 'one of the lead states (captured, ready, routed, …)' }],
    ['state', { noun: 'US state', known: US_STATES, expected: 'a two-letter state code such as NY' }],
  ]);
  for (const [name, e] of Object.entries(extra)) {
    types.set(name, e.type);
    if (e.known) values.set(name, { noun: e.noun ?? name, known: e.known, expected: e.expected ?? `one of ${e.known.join(', ')}` });
  }
  return { types, values };
}

const ORDER_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
const WANT: Record<FactType, string> = { string: 'text', number: 'a number', boolean: 'true or false' };

/** `forbid`: facts that may not be tested here, with why (a fit rule cannot test the score it makes). */
export function checkFactConditions(
  ctx: CheckContext,
  conds: Readonly<Record<string, Condition | undefined>>,
  path: PathSegment[],
  vocab: FactVocabulary,
  forbid: Record<string, string> = {},
): void {
  for (const [fact, cond] of Object.entries(conds)) {
    const at = [...path, fact];
    if (forbid[fact]) {
      ctx.report({ path: at, code: 'bad_condition', message: forbid[fact], at: 'key' });
      continue;
    }
    const type = vocab.types.get(fact);
    if (!type) {
      checkKnown(ctx, { path: at, noun: 'field', value: fact, known: vocab.types.keys(), expected: 'a routing field (product, segment, kind, state, score…) or a field name from fields.yaml', at: 'key' });
      continue;
    }
    if (!cond) continue;
    if (type !== 'number') {
      for (const op of ORDER_OPS) {
        if (cond[op] !== undefined) ctx.report({ path: [...at, op], code: 'bad_condition', message: `${op} compares numbers, but ${fact} is ${WANT[type]}`, at: 'key' });
      }
    }
    if (cond.matches !== undefined) {
      if (type !== 'string') ctx.report({ path: [...at, 'matches'], code: 'bad_condition', message: `matches tests text, but ${fact} is ${WANT[type]}`, at: 'key' });
      else {
        try {
          new RegExp(cond.matches);
        } catch {
          ctx.report({ path: [...at, 'matches'], code: 'bad_condition', message: `"${cond.matches}" is not a valid regular expression`, found: cond.matches });
        }
      }
    }
    const vals: { value: unknown; path: PathSegment[] }[] = [];
    for (const op of ['eq', 'ne'] as const) if (cond[op] !== undefined) vals.push({ value: cond[op], path: [...at, op] });
    for (const op of ['in', 'not_in'] as const) (cond[op] ?? []).forEach((value, k) => vals.push({ value, path: [...at, op, k] }));
    const vocabFor = vocab.values.get(fact);
    for (const v of vals) {
      if (typeof v.value !== type) {
        const hint = type === 'string' && typeof v.value !== 'object' ? ` (put it in quotes: "${String(v.value)}")` : '';
        ctx.report({ path: v.path, code: 'bad_condition', message: `${fact} is compared with ${WANT[type]}, found ${JSON.stringify(v.value)}${hint}`, found: v.value, expected: WANT[type] });
      } else if (vocabFor && typeof v.value === 'string') {
        checkKnown(ctx, { path: v.path, noun: vocabFor.noun, value: v.value, known: vocabFor.known, expected: vocabFor.expected });
      }
    }
  }
}

/** Every name in a list must be a field of fields.yaml. */
export function checkFieldNames(ctx: CheckContext, names: readonly string[] | undefined, path: PathSegment[], fields: readonly string[]): void {
  (names ?? []).forEach((n, k) => checkKnown(ctx, { path: [...path, k], noun: 'field', value: n, known: fields, expected: 'a field name from fields.yaml' }));
}
