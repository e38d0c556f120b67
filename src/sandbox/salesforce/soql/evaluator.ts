import type { BoundCondition, BoundPath, BoundQuery, Value } from './binder';
import type { Row, SoqlData, SoqlType } from './catalog';

/**
 * Runs a bound query over rows. Rows hold wire values (datetimes as `2024-01-01T00:00:00.000+0000`,
 * dates as `2024-01-01`, ids as 18 characters). Semantics follow SOQL, not SQL: there is no
 * three-valued logic — `x != 5` is true when x is null, `x > 5` is false — and text compares
 * without regard to case.
 */

export interface QueryOutput {
  totalSize: number;
  /** Projected records, with `attributes`, in result order. Empty for COUNT(). */
  records: Row[];
}

export type UrlFor = (type: string, id: string) => string;

/** Parses the wire datetime forms (`+0000`, `+00:00`, `Z`) to epoch ms. */
export function datetimeMs(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const iso = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** The comparable form of a row value for a field of the given type. */
function comparable(type: SoqlType, v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string':
      return String(v).toLowerCase();
    case 'datetime':
      return datetimeMs(v);
    case 'number':
      return typeof v === 'number' ? v : Number(v);
    case 'boolean':
      return v === true;
    default:
      return String(v);
  }
}

function rawValue(row: Row, path: BoundPath, data: SoqlData): unknown {
  let cur: Row = row;
  for (const hop of path.hops) {
    const id = cur[hop.field.name];
    if (typeof id !== 'string') return null;
    const found = data.lookup(id);
    if (!found || !hop.targets.includes(found.type)) return null;
    cur = found.row;
  }
  return cur[path.leaf] ?? null;
}

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function test(cond: BoundCondition, row: Row, data: SoqlData): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.items.every((c) => test(c, row, data));
    case 'or':
      return cond.items.some((c) => test(c, row, data));
    case 'not':
      return !test(cond.item, row, data);
    case 'compare': {
      const v = comparable(cond.path.type, rawValue(row, cond.path, data));
      if (cond.value === null) return cond.op === '=' ? v === null : v !== null;
      if (v === null) return cond.op === '!=';
      const c = compare(v, cond.value);
      switch (cond.op) {
        case '=':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
      return false;
    }
    case 'in': {
      const v = comparable(cond.path.type, rawValue(row, cond.path, data));
      const hit = cond.values.some((x) => (x === null ? v === null : v !== null && compare(v, x) === 0));
      return cond.negated ? !hit : hit;
    }
    case 'like': {
      const v = rawValue(row, cond.path, data);
      return v !== null && cond.regex.test(String(v));
    }
  }
}

function project(row: Row, type: string, q: BoundQuery, data: SoqlData, urlFor: UrlFor): Row {
  const out: Row = { attributes: { type, url: urlFor(type, String(row.Id)) } };
  for (const path of q.fields) {
    let target: Row = out;
    let source: Row | null = row;
    for (let h = 0; h < path.hops.length; h++) {
      const hop = path.hops[h]!;
      const key = path.output[h]!;
      const id: unknown = source?.[hop.field.name];
      const found = typeof id === 'string' ? data.lookup(id) : undefined;
      source = found && hop.targets.includes(found.type) ? found.row : null;
      if (source === null || !found) {
        if (!(key in target)) target[key] = null;
        target = {}; // nothing to write into: the whole relationship is null
        break;
      }
      const existing = target[key];
      if (existing && typeof existing === 'object') target = existing as Row;
      else {
        const nested: Row = { attributes: { type: found.type, url: urlFor(found.type, String(found.row.Id)) } };
        target[key] = nested;
        target = nested;
      }
    }
    if (source !== null) target[path.leaf] = source[path.leaf] ?? null;
  }
  return out;
}

export function evaluate(q: BoundQuery, data: SoqlData, urlFor: UrlFor): QueryOutput {
  let rows: Row[] = [];
  for (const row of data.rows(q.object)) if (!q.where || test(q.where, row, data)) rows.push(row);
  if (q.orderBy.length > 0) {
    const keyed = rows.map((row, i) => ({
      row,
      i,
      keys: q.orderBy.map((o) => comparable(o.path.type, rawValue(row, o.path, data))),
    }));
    keyed.sort((a, b) => {
      for (let k = 0; k < q.orderBy.length; k++) {
        const o = q.orderBy[k]!;
        const va = a.keys[k]!;
        const vb = b.keys[k]!;
        if (va === null || vb === null) {
          if (va === vb) continue;
          return (va === null) === (o.nulls === 'FIRST') ? -1 : 1;
        }
        const c = compare(va, vb);
        if (c !== 0) return o.direction === 'ASC' ? c : -c;
      }
      return a.i - b.i;
    });
    rows = keyed.map((k) => k.row);
  }
  const start = q.offset ?? 0;
  rows = rows.slice(start, q.limit === undefined ? undefined : start + q.limit);
  if (q.count) return { totalSize: rows.length, records: [] };
  return { totalSize: rows.length, records: rows.map((r) => project(r, q.object, q, data, urlFor)) };
}
