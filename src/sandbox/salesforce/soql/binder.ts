import type { CompareOp, Condition, FieldRef, Literal, SelectQuery } from './ast';
import type { IdNormalizer, SoqlCatalog, SoqlField, SoqlObject, SoqlType } from './catalog';
import { SoqlError, noSuchColumn } from './errors';

/**
 * Checks a parsed query against the catalog, the way Salesforce does before running it: the object
 * and every field exist, literals have the field's type (datetimes unquoted, strings quoted), the
 * operator suits the type. The result has canonical names and literals turned into comparable values.
 */

export interface BoundPath {
  /** Reference fields followed, with the objects each may point at. */
  hops: { field: SoqlField; targets: string[] }[];
  leaf: string; // canonical leaf field name
  type: SoqlType;
  filterable: boolean;
  sortable: boolean;
  /** Output keys: relationship names then the leaf, canonical case. */
  output: string[];
}

/** A literal as a comparable value: string (ids, dates, text), number (numbers, datetimes in ms), boolean, or null. */
export type Value = string | number | boolean | null;

export type BoundCondition =
  | { kind: 'and' | 'or'; items: BoundCondition[] }
  | { kind: 'not'; item: BoundCondition }
  | { kind: 'compare'; path: BoundPath; op: CompareOp; value: Value }
  | { kind: 'in'; path: BoundPath; negated: boolean; values: Value[] }
  | { kind: 'like'; path: BoundPath; regex: RegExp };

export interface BoundQuery {
  object: string;
  count: boolean;
  fields: BoundPath[];
  where?: BoundCondition;
  orderBy: { path: BoundPath; direction: 'ASC' | 'DESC'; nulls: 'FIRST' | 'LAST' }[];
  limit?: number;
  offset?: number;
}

const SOAP_TYPE: Record<SoqlType, string> = {
  id: 'id', reference: 'reference', string: 'string', boolean: 'boolean', number: 'double', date: 'date', datetime: 'dateTime',
};

export function bindQuery(q: SelectQuery, catalog: SoqlCatalog, normalizeId: IdNormalizer): BoundQuery {
  const obj = catalog.object(q.from.name);
  if (!obj) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${q.from.name}' is not supported. If you are attempting to use a custom object, be sure to append ` +
        `the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      q.from.offset,
    );
  }
  const resolve = (ref: FieldRef) => bindPath(ref, obj, catalog);
  const fields = q.fields.map(resolve);
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const key = f.output.join('.').toLowerCase();
    if (seen.has(key)) throw new SoqlError('MALFORMED_QUERY', `duplicate field selected: ${f.output.join('.')}`, q.fields[i]!.offset);
    seen.add(key);
  });
  if (q.offset !== undefined && q.offset > 2000) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
  }
  return {
    object: obj.name,
    count: q.count,
    fields,
    where: q.where && bindCondition(q.where, (ref) => resolve(ref), normalizeId),
    orderBy: q.orderBy.map((o) => {
      const path = resolve(o.field);
      if (!path.sortable) {
        throw new SoqlError('INVALID_FIELD', `field '${path.leaf}' can not be sorted in a query call`, o.field.offset);
      }
      return { path, direction: o.direction, nulls: o.nulls };
    }),
    limit: q.limit,
    offset: q.offset,
  };
}

function bindPath(ref: FieldRef, obj: SoqlObject, catalog: SoqlCatalog): BoundPath {
  let objects = [obj];
  const hops: BoundPath['hops'] = [];
  const output: string[] = [];
  for (const name of ref.path.slice(0, -1)) {
    const rel = objects.map((o) => o.relationship(name)).find(Boolean);
    if (!rel) {
      throw new SoqlError(
        'INVALID_FIELD',
        `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure ` +
          `to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ref.offset,
      );
    }
    const targets = rel.referenceTo ?? [];
    hops.push({ field: rel, targets });
    output.push(rel.relationshipName ?? name);
    objects = targets.map((t) => catalog.object(t)).filter((o): o is SoqlObject => !!o);
  }
  const leafName = ref.path[ref.path.length - 1]!;
  const leaf = objects.map((o) => o.field(leafName)).find(Boolean);
  if (!leaf) throw noSuchColumn(ref.path.join('.'), obj.name, ref.offset);
  output.push(leaf.name);
  return { hops, leaf: leaf.name, type: leaf.type, filterable: leaf.filterable, sortable: leaf.sortable, output };
}

function bindCondition(
  c: Condition,
  resolve: (ref: FieldRef) => BoundPath,
  normalizeId: IdNormalizer,
): BoundCondition {
  switch (c.kind) {
    case 'and':
    case 'or':
      return { kind: c.kind, items: c.items.map((i) => bindCondition(i, resolve, normalizeId)) };
    case 'not':
      return { kind: 'not', item: bindCondition(c.item, resolve, normalizeId) };
    case 'compare': {
      const path = filterablePath(c.field, resolve);
      const value = literalValue(c.value, path, normalizeId);
      if (c.op !== '=' && c.op !== '!=' && (value === null || path.type === 'boolean')) {
        throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${value === null ? 'null' : 'boolean'} field: ${c.op}`, c.value.offset);
      }
      return { kind: 'compare', path, op: c.op, value };
    }
    case 'in': {
      const path = filterablePath(c.field, resolve);
      return { kind: 'in', path, negated: c.negated, values: c.values.map((v) => literalValue(v, path, normalizeId)) };
    }
    case 'like': {
      const path = filterablePath(c.field, resolve);
      if (path.type !== 'string') {
        throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${SOAP_TYPE[path.type]} field: LIKE`, c.field.offset);
      }
      return { kind: 'like', path, regex: likeToRegex(c.pattern.raw) };
    }
  }
}

function filterablePath(ref: FieldRef, resolve: (ref: FieldRef) => BoundPath): BoundPath {
  const path = resolve(ref);
  if (!path.filterable) throw new SoqlError('INVALID_FIELD', `field '${path.leaf}' can not be filtered in a query call`, ref.offset);
  return path;
}

function typeError(path: BoundPath, lit: Literal, quoted: boolean): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    `value of filter criterion for field '${path.leaf}' must be of type ${SOAP_TYPE[path.type]} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    lit.offset,
  );
}

function literalValue(lit: Literal, path: BoundPath, normalizeId: IdNormalizer): Value {
  if (lit.kind === 'null') return null;
  switch (path.type) {
    case 'id':
    case 'reference': {
      if (lit.kind !== 'string') throw typeError(path, lit, true);
      const id = normalizeId(lit.value);
      if (id === undefined) {
        // An empty string matches no id; anything else that is not an id is an error.
        if (lit.value === '') return '';
        throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${lit.value}`, lit.offset);
      }
      return id;
    }
    case 'string':
      if (lit.kind !== 'string') throw typeError(path, lit, true);
      return lit.value.toLowerCase();
    case 'number':
      if (lit.kind !== 'number') throw typeError(path, lit, false);
      return lit.value;
    case 'boolean':
      if (lit.kind !== 'boolean') throw typeError(path, lit, false);
      return lit.value;
    case 'date':
      if (lit.kind !== 'date') throw typeError(path, lit, false);
      return lit.value;
    case 'datetime':
      if (lit.kind !== 'datetime') throw typeError(path, lit, false);
      return lit.ms;
  }
}

/** `%` is any run of characters, `_` one character, `\%` and `\_` literal; matching ignores case. */
export function likeToRegex(raw: string): RegExp {
  let src = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[++i]!;
      const decoded = ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[n.toLowerCase()] ?? n;
      src += decoded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') src += '[\\s\\S]*';
    else if (c === '_') src += '[\\s\\S]';
    else src += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'i');
}
