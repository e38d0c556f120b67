/**
 * CRM search over the (lagging) index, as documented: filter groups OR'ed, filters AND'ed inside a
 * group (5 groups / 6 per group / 18 in all), one sort (creation order by default), pages of at
 * most 200 by an integer `after` offset, and no paging at or past 10,000. Pure: takes the indexed
 * documents and a property lookup, returns the page or throws a 400.
 */
import type { PropertyDefinition } from '../properties/types';
import { parseInstant } from '../properties/values';
import { validationError } from '../wire';
import type { IndexedContact } from './types';

export const SEARCH_LIMITS = { maxGroups: 5, maxFiltersPerGroup: 6, maxFilters: 18, maxLimit: 200, defaultLimit: 10, maxResults: 10_000, maxQueryLength: 3_000 };

export const OPERATORS = [
  'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN',
  'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN',
] as const;
type Operator = (typeof OPERATORS)[number];

interface Filter {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchPage {
  total: number;
  results: IndexedContact[];
  nextAfter?: string;
  properties?: string[];
}

type Lookup = (name: string) => PropertyDefinition | undefined;
const QUERY_FIELDS = ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function parseFilters(body: Record<string, unknown>, lookup: Lookup): Filter[][] {
  const groups = body['filterGroups'] ?? [];
  if (!Array.isArray(groups)) throw validationError('filterGroups must be an array.');
  if (groups.length > SEARCH_LIMITS.maxGroups) {
    throw validationError(`Too many filter groups: ${groups.length}. A search may have at most ${SEARCH_LIMITS.maxGroups} filterGroups.`);
  }
  let total = 0;
  return groups.map((g: unknown, gi) => {
    const filters = (g as { filters?: unknown } | null)?.filters ?? [];
    if (!Array.isArray(filters)) throw validationError(`filterGroups[${gi}].filters must be an array.`);
    if (filters.length > SEARCH_LIMITS.maxFiltersPerGroup) {
      throw validationError(`Too many filters in filterGroups[${gi}]: ${filters.length}. A filter group may have at most ${SEARCH_LIMITS.maxFiltersPerGroup} filters.`);
    }
    total += filters.length;
    if (total > SEARCH_LIMITS.maxFilters) {
      throw validationError(`Too many filters: a search may have at most ${SEARCH_LIMITS.maxFilters} filters across all filterGroups.`);
    }
    return filters.map((f: unknown) => parseFilter((f ?? {}) as Record<string, unknown>, lookup));
  });
}

function parseFilter(f: Record<string, unknown>, lookup: Lookup): Filter {
  const propertyName = str(f['propertyName']);
  const operator = str(f['operator']) as Operator | undefined;
  if (!propertyName) throw validationError('Each filter needs a propertyName.');
  if (!operator || !OPERATORS.includes(operator)) throw validationError(`Unknown filter operator ${String(f['operator'])}; expected one of ${OPERATORS.join(', ')}.`);
  if (!lookup(propertyName)) throw validationError(`Property ${propertyName} does not exist; it cannot be used in a filter.`);
  const out: Filter = { propertyName, operator };
  const value = str(f['value']);
  const highValue = str(f['highValue']);
  if (value !== undefined) out.value = value;
  if (highValue !== undefined) out.highValue = highValue;
  if (Array.isArray(f['values'])) out.values = f['values'].map((v) => str(v) ?? '');
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(operator);
  if (needsValue && out.value === undefined) throw validationError(`Filter ${operator} on ${propertyName} needs a value.`);
  if (operator === 'BETWEEN' && out.highValue === undefined) throw validationError(`Filter BETWEEN on ${propertyName} needs a highValue.`);
  if ((operator === 'IN' || operator === 'NOT_IN') && !out.values) throw validationError(`Filter ${operator} on ${propertyName} needs values.`);
  return out;
}

/** Orders two stored values by the property's type; undefined when either is not comparable. */
function compare(def: PropertyDefinition, a: string, b: string): number | undefined {
  if (def.type === 'number') {
    const x = Number(a);
    const y = Number(b);
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : x - y;
  }
  if (def.type === 'datetime' || def.type === 'date') {
    const x = parseInstant(a);
    const y = parseInstant(b);
    return x === undefined || y === undefined ? undefined : x - y;
  }
  if (def.type === 'enumeration') return a < b ? -1 : a > b ? 1 : 0;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function tokens(v: string): string[] {
  const lower = v.toLowerCase();
  return [lower, ...lower.split(/[^a-z0-9._%+-]+/).filter(Boolean)];
}

function tokenMatch(stored: string, wanted: string): boolean {
  const w = wanted.toLowerCase();
  if (!w.includes('*')) return tokens(stored).includes(w);
  const re = new RegExp(`^${w.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return tokens(stored).some((t) => re.test(t));
}

function matches(doc: IndexedContact, f: Filter, def: PropertyDefinition): boolean {
  const raw = doc.properties[f.propertyName];
  const has = raw !== undefined && raw !== '';
  const v = raw ?? '';
  const cmp = (other: string | undefined): number | undefined => (has && other !== undefined ? compare(def, v, other) : undefined);
  const multi = def.type === 'enumeration' && def.fieldType === 'checkbox' ? v.split(';') : [v];
  const eq = (other: string | undefined): boolean => has && other !== undefined && (multi.length > 1 ? multi.includes(other) : cmp(other) === 0);
  // String IN/NOT_IN compare against lowercased values; enumerations are exact.
  const inValues = (): boolean => has && (f.values ?? []).some((x) => (def.type === 'string' ? v.toLowerCase() === x : multi.includes(x) || cmp(x) === 0));
  switch (f.operator) {
    case 'EQ': return eq(f.value);
    case 'NEQ': return !eq(f.value);
    case 'LT': return (cmp(f.value) ?? 0) < 0;
    case 'LTE': { const c = cmp(f.value); return c !== undefined && c <= 0; }
    case 'GT': return (cmp(f.value) ?? 0) > 0;
    case 'GTE': { const c = cmp(f.value); return c !== undefined && c >= 0; }
    case 'BETWEEN': { const lo = cmp(f.value); const hi = cmp(f.highValue); return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0; }
    case 'IN': return inValues();
    case 'NOT_IN': return !inValues();
    case 'HAS_PROPERTY': return has;
    case 'NOT_HAS_PROPERTY': return !has;
    case 'CONTAINS_TOKEN': return has && tokenMatch(v, f.value ?? '');
    case 'NOT_CONTAINS_TOKEN': return !(has && tokenMatch(v, f.value ?? ''));
  }
}

function parseSort(body: Record<string, unknown>, lookup: Lookup): { def: PropertyDefinition; desc: boolean } | undefined {
  const sorts = body['sorts'];
  if (sorts === undefined || (Array.isArray(sorts) && sorts.length === 0)) return undefined;
  if (!Array.isArray(sorts)) throw validationError('sorts must be an array.');
  if (sorts.length > 1) throw validationError('Only one sorting rule can be applied to any search.');
  const s: unknown = sorts[0];
  let name: string | undefined;
  let desc = false;
  if (typeof s === 'string') {
    desc = s.startsWith('-');
    name = desc ? s.slice(1) : s;
  } else if (s && typeof s === 'object') {
    name = str((s as Record<string, unknown>)['propertyName']);
    desc = str((s as Record<string, unknown>)['direction'])?.toUpperCase() === 'DESCENDING';
  }
  const def = name ? lookup(name) : undefined;
  if (!def) throw validationError(`Cannot sort by ${String(name)}: no such property.`);
  return { def, desc };
}

function queryMatch(doc: IndexedContact, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const toks = QUERY_FIELDS.flatMap((f) => tokens(doc.properties[f] ?? ''));
  return words.every((w) => toks.some((t) => t.startsWith(w)));
}

export function search(docs: IndexedContact[], bodyIn: unknown, lookup: Lookup): SearchPage {
  const body = (bodyIn && typeof bodyIn === 'object' ? bodyIn : {}) as Record<string, unknown>;
  const groups = parseFilters(body, lookup);
  const sort = parseSort(body, lookup);
  const query = str(body['query']);
  if (query !== undefined && query.length > SEARCH_LIMITS.maxQueryLength) {
    throw validationError(`A query can contain a maximum of ${SEARCH_LIMITS.maxQueryLength} characters.`);
  }
  const limit = body['limit'] === undefined ? SEARCH_LIMITS.defaultLimit : Number(body['limit']);
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.maxLimit) {
    throw validationError(`limit must be between 0 and ${SEARCH_LIMITS.maxLimit}; got ${String(body['limit'])}.`);
  }
  const afterRaw = str(body['after']);
  const after = afterRaw === undefined || afterRaw === '' ? 0 : Number(afterRaw);
  if (!Number.isInteger(after) || after < 0) throw validationError(`after must be an integer offset; got ${String(afterRaw)}.`);
  if (after >= SEARCH_LIMITS.maxResults) {
    throw validationError(`The search endpoints are limited to ${SEARCH_LIMITS.maxResults} total results for any given query. Narrow the filters instead of paging past ${SEARCH_LIMITS.maxResults}.`);
  }
  const hits = docs.filter(
    (d) =>
      (groups.length === 0 || groups.some((g) => g.every((f) => matches(d, f, lookup(f.propertyName)!)))) &&
      (query === undefined || query === '' || queryMatch(d, query)),
  );
  const byCreated = (a: IndexedContact, b: IndexedContact): number =>
    Date.parse(a.createdAt) - Date.parse(b.createdAt) || Number(a.id) - Number(b.id);
  hits.sort((a, b) => {
    if (!sort) return byCreated(a, b);
    const av = a.properties[sort.def.name] ?? '';
    const bv = b.properties[sort.def.name] ?? '';
    // Records without a value go last in either direction.
    if (av === '' || bv === '') return av === bv ? Number(a.id) - Number(b.id) : av === '' ? 1 : -1;
    const c = compare(sort.def, av, bv) ?? 0;
    return (sort.desc ? -c : c) || Number(a.id) - Number(b.id);
  });
  const page = hits.slice(after, after + limit);
  const out: SearchPage = { total: hits.length, results: page };
  if (limit > 0 && after + limit < hits.length) out.nextAfter = String(after + limit);
  if (Array.isArray(body['properties'])) out.properties = body['properties'].filter((p): p is string => typeof p === 'string');
  return out;
}
