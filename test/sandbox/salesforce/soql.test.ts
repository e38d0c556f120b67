import fc from 'fast-check';
import { normalizeId, to18 } from '../../../src/sandbox/salesforce/ids';
import {
  SoqlError,
  compileSoql,
  evaluate,
  parseSoql,
  type Row,
  type SoqlCatalog,
  type SoqlData,
  type SoqlField,
} from '../../../src/sandbox/salesforce/soql';

/** A two-object catalog over plain arrays: Thing (numbers, text, dates…) owned by Person. */
const field = (name: string, type: SoqlField['type'], extra: Partial<SoqlField> = {}): SoqlField => ({
  name, type, filterable: true, sortable: true, ...extra,
});
const THING = [
  field('Id', 'id'),
  field('Name', 'string'),
  field('A', 'number'),
  field('B', 'number'),
  field('C', 'number'),
  field('Flag', 'boolean'),
  field('When__c', 'datetime'),
  field('Day__c', 'date'),
  field('Notes', 'string', { filterable: false, sortable: false }),
  field('OwnerId', 'reference', { referenceTo: ['Person'], relationshipName: 'Owner' }),
];
const PERSON = [field('Id', 'id'), field('Name', 'string'), field('Email', 'string')];

const catalog: SoqlCatalog = {
  object(name) {
    const fields = name.toLowerCase() === 'thing' ? THING : name.toLowerCase() === 'person' ? PERSON : undefined;
    if (!fields) return undefined;
    return {
      name: name.toLowerCase() === 'thing' ? 'Thing' : 'Person',
      field: (n) => fields.find((f) => f.name.toLowerCase() === n.toLowerCase()),
      relationship: (n) => fields.find((f) => f.relationshipName?.toLowerCase() === n.toLowerCase()),
    };
  },
};

const pid = (n: number) => to18(`0PE8d${String(n).padStart(10, '0')}`);
const tid = (n: number) => to18(`0TH8d${String(n).padStart(10, '0')}`);
const people: Row[] = [
  { Id: pid(1), Name: 'Ana Ruiz', Email: 'ana@bank.test' },
  { Id: pid(2), Name: 'Bo Chen', Email: null },
];

function data(things: Row[]): SoqlData {
  const all = [...things.map((r) => ({ type: 'Thing', row: r })), ...people.map((r) => ({ type: 'Person', row: r }))];
  return {
    rows: (t) => (t === 'Thing' ? things : people),
    lookup: (id) => all.find((x) => x.row.Id === id),
  };
}

function run(soql: string, things: Row[]) {
  return evaluate(compileSoql(soql, catalog, normalizeId), data(things), (type, id) => `/sobjects/${type}/${id}`);
}

function failure(soql: string): SoqlError {
  try {
    compileSoql(soql, catalog, normalizeId);
  } catch (e) {
    if (e instanceof SoqlError) return e;
    throw e;
  }
  throw new Error(`expected ${soql} to fail`);
}

const things: Row[] = [
  { Id: tid(1), Name: 'alpha', A: 1, B: 10, C: null, Flag: true, When__c: '2024-01-01T00:00:00.000+0000', Day__c: '2024-01-01', OwnerId: pid(1) },
  { Id: tid(2), Name: 'Beta', A: 2, B: null, C: 5, Flag: false, When__c: '2024-01-01T12:30:00.000+0000', Day__c: '2024-02-01', OwnerId: pid(2) },
  { Id: tid(3), Name: 'gamma 50%', A: 3, B: 30, C: 5, Flag: false, When__c: null, Day__c: null, OwnerId: null },
  { Id: tid(4), Name: null, A: null, B: 40, C: 1, Flag: true, When__c: '2023-12-31T23:59:59.000+0000', Day__c: '2023-12-31', OwnerId: pid(1) },
];
const names = (soql: string) => run(soql, things).records.map((r) => r.Id);
const ids = (...n: number[]) => n.map(tid);

describe('SOQL operators', () => {
  it.each([
    ['A = 2', [2]],
    ['A != 2', [1, 3, 4]], // null != 2 is true in SOQL
    ['A <> 2', [1, 3, 4]],
    ['A < 2', [1]],
    ['A <= 2', [1, 2]],
    ['A > 1', [2, 3]],
    ['A >= 1', [1, 2, 3]],
    ['A = null', [4]],
    ['A != null', [1, 2, 3]],
    ['A IN (1, 3)', [1, 3]],
    ['A NOT IN (1, 3)', [2, 4]],
    ['B IN (10, null)', [1, 2]],
    ["Name = 'BETA'", [2]], // text compares without case
    ["Name LIKE 'a%'", [1]],
    ["Name LIKE '%ET_'", [2]],
    ["Name LIKE '%50\\%'", [3]],
    ["Name LIKE '50%'", []],
    ['Flag = true', [1, 4]],
    ['Flag = false', [2, 3]],
    ['When__c > 2024-01-01T00:00:00Z', [2]],
    ['When__c >= 2024-01-01T00:00:00.000Z', [1, 2]],
    ['When__c = 2024-01-01T13:30:00+01:00', [2]],
    ['When__c < 2024-01-01T00:00:00-05:00', [1, 4]],
    ['Day__c > 2024-01-01', [2]],
    ['Day__c = 2023-12-31', [4]],
    [`OwnerId = '${pid(1).slice(0, 15)}'`, [1, 4]], // 15-character ids match their 18-character form
    ['OwnerId = null', [3]],
    ["Owner.Name = 'bo chen'", [2]],
    ["Owner.Email != null", [1, 4]],
    [`Id > '${tid(2)}'`, [3, 4]],
    ['NOT A = 2', [1, 3, 4]],
    ['A = 1 OR A = 3', [1, 3]],
    ['A >= 1 AND B > 10', [3]],
    ['(A = 1 OR A = 2) AND Flag = false', [2]],
    ['NOT (A = 1 OR A = 2)', [3, 4]],
  ])('WHERE %s', (where, expected) => {
    expect(names(`SELECT Id FROM Thing WHERE ${where}`)).toEqual(ids(...expected));
  });
});

describe('SOQL ordering, limits and projection', () => {
  it('orders with Salesforce null defaults: ASC nulls first, DESC nulls last', () => {
    expect(names('SELECT Id FROM Thing ORDER BY A')).toEqual(ids(4, 1, 2, 3));
    expect(names('SELECT Id FROM Thing ORDER BY A DESC')).toEqual(ids(3, 2, 1, 4));
    expect(names('SELECT Id FROM Thing ORDER BY A ASC NULLS LAST')).toEqual(ids(1, 2, 3, 4));
    expect(names('SELECT Id FROM Thing ORDER BY A DESC NULLS FIRST')).toEqual(ids(4, 3, 2, 1));
  });

  it('orders by several keys, text without case, and by relationship fields', () => {
    expect(names('SELECT Id FROM Thing ORDER BY C DESC, B ASC')).toEqual(ids(2, 3, 4, 1));
    expect(names('SELECT Id FROM Thing WHERE Name != null ORDER BY Name DESC')).toEqual(ids(3, 2, 1));
    expect(names('SELECT Id FROM Thing WHERE OwnerId != null ORDER BY Owner.Name DESC, Id')).toEqual(ids(2, 1, 4));
  });

  it('applies OFFSET then LIMIT, and COUNT() counts', () => {
    expect(names('SELECT Id FROM Thing ORDER BY Id LIMIT 2 OFFSET 1')).toEqual(ids(2, 3));
    expect(run('SELECT COUNT() FROM Thing WHERE Flag = true', things)).toEqual({ totalSize: 2, records: [] });
  });

  it('projects canonical names in SELECT order, with nested relationship records', () => {
    const out = run('select name, owner.NAME, a from thing where a = 1', things);
    expect(out.records).toEqual([
      {
        attributes: { type: 'Thing', url: `/sobjects/Thing/${tid(1)}` },
        Name: 'alpha',
        Owner: { attributes: { type: 'Person', url: `/sobjects/Person/${pid(1)}` }, Name: 'Ana Ruiz' },
        A: 1,
      },
    ]);
    expect(run('SELECT Id, Owner.Name FROM Thing WHERE A = 3', things).records[0]).toMatchObject({ Owner: null });
  });

  it('parses the keyset cursor query the engine sends', () => {
    const soql =
      `SELECT Id, When__c FROM Thing WHERE (When__c = 2024-01-01T00:00:00.000Z AND Id > '${tid(0)}') ` +
      'OR When__c > 2024-01-01T00:00:00.000Z ORDER BY When__c, Id LIMIT 200';
    expect(names(soql)).toEqual(ids(1, 2));
  });
});

describe('SOQL errors', () => {
  it.each([
    ['SELECT Id FRM Thing', 'MALFORMED_QUERY', "unexpected token: 'FRM'"],
    ['SELECT Id FROM Thing WHERE A = 1 AND B = 2 OR C = 3', 'MALFORMED_QUERY', "unexpected token: 'OR'"],
    ['SELECT Id FROM Thing WHERE', 'MALFORMED_QUERY', "unexpected token: '<EOF>'"],
    ['SELECT Id FROM Thing GROUP BY Name', 'MALFORMED_QUERY', "unexpected token: 'GROUP'"],
    ["SELECT Id FROM Thing WHERE Name = 'open", 'MALFORMED_QUERY', "mismatched character '<EOF>' expecting '''"],
    ["SELECT Id FROM Thing WHERE Name = 'a\\qb'", 'MALFORMED_QUERY', "Illegal character sequence '\\q'"],
    ['SELECT Id FROM Thing WHERE When__c > 2024-01-01T00:00:00.000+0000', 'MALFORMED_QUERY', 'no viable alternative'],
    ['SELECT Id, Foo__c FROM Thing', 'INVALID_FIELD', "No such column 'Foo__c' on entity 'Thing'"],
    ['SELECT Id FROM Widget__c', 'INVALID_TYPE', "sObject type 'Widget__c' is not supported"],
    ['SELECT Id, Boss.Name FROM Thing', 'INVALID_FIELD', "Didn't understand relationship 'Boss'"],
    ["SELECT Id FROM Thing WHERE When__c > '2024-01-01T00:00:00Z'", 'INVALID_FIELD', "field 'When__c' must be of type dateTime and should not be enclosed in quotes"],
    ['SELECT Id FROM Thing WHERE When__c > 2024-01-01', 'INVALID_FIELD', 'must be of type dateTime'],
    ['SELECT Id FROM Thing WHERE Name = 5', 'INVALID_FIELD', "field 'Name' must be of type string and should be enclosed in quotes"],
    ["SELECT Id FROM Thing WHERE A = '5'", 'INVALID_FIELD', 'must be of type double'],
    ["SELECT Id FROM Thing WHERE Id = 'nope'", 'INVALID_QUERY_FILTER_OPERATOR', 'invalid ID field: nope'],
    ["SELECT Id FROM Thing WHERE Notes = 'x'", 'INVALID_FIELD', "field 'Notes' can not be filtered in a query call"],
    ['SELECT Id FROM Thing ORDER BY Notes', 'INVALID_FIELD', "field 'Notes' can not be sorted in a query call"],
    ['SELECT Id, id FROM Thing', 'MALFORMED_QUERY', 'duplicate field selected: Id'],
    ['SELECT Id FROM Thing OFFSET 2001', 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000'],
  ])('%s → %s', (soql, code, text) => {
    const e = failure(soql);
    expect(e.code).toBe(code);
    expect(e.render(soql)).toContain(text);
  });

  it('renders the position the way Salesforce does', () => {
    const soql = 'SELECT Id, Foo__c FROM Thing';
    expect(failure(soql).render(soql)).toBe(
      "\nSELECT Id, Foo__c FROM Thing\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo__c' on entity 'Thing'. " +
        "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. " +
        'Please reference your WSDL or the describe call for the appropriate names.',
    );
  });

  it('decodes string escapes', () => {
    const q = parseSoql("SELECT Id FROM Thing WHERE Name = 'O\\'Brien \\\\ \\u00e9'");
    expect(q.where).toMatchObject({ kind: 'compare', value: { kind: 'string', value: "O'Brien \\ é" } });
  });
});

/**
 * Property: a generated WHERE over number fields selects exactly the rows a reference JavaScript
 * predicate with SOQL's null rules selects.
 */
type Expr =
  | { k: 'cmp'; f: 'A' | 'B' | 'C'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; v: number | null }
  | { k: 'in'; f: 'A' | 'B' | 'C'; neg: boolean; vs: (number | null)[] }
  | { k: 'not'; e: Expr }
  | { k: 'and' | 'or'; es: Expr[] };

const fieldArb = fc.constantFrom<'A' | 'B' | 'C'>('A', 'B', 'C');
const valueArb = fc.integer({ min: -3, max: 3 });
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.record({ k: fc.constant('cmp' as const), f: fieldArb, op: fc.constantFrom('<', '<=', '>', '>=' as const), v: valueArb }),
      fc.record({ k: fc.constant('cmp' as const), f: fieldArb, op: fc.constantFrom('=', '!=' as const), v: fc.option(valueArb, { nil: null }) }),
    ),
    fc.record({ k: fc.constant('in' as const), f: fieldArb, neg: fc.boolean(), vs: fc.array(fc.option(valueArb, { nil: null }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ k: fc.constant('not' as const), e: tie('e') }),
    fc.record({ k: fc.constantFrom('and' as const, 'or' as const), es: fc.array(tie('e'), { minLength: 2, maxLength: 3 }) }),
  ),
})).e;

const lit = (v: number | null) => (v === null ? 'null' : String(v));
function toSoql(e: Expr): string {
  switch (e.k) {
    case 'cmp':
      return `${e.f} ${e.op} ${lit(e.v)}`;
    case 'in':
      return `${e.f} ${e.neg ? 'NOT IN' : 'IN'} (${e.vs.map(lit).join(', ')})`;
    case 'not':
      return `NOT (${toSoql(e.e)})`;
    default:
      return e.es.map((x) => `(${toSoql(x)})`).join(e.k === 'and' ? ' AND ' : ' OR ');
  }
}
function reference(e: Expr, r: Record<'A' | 'B' | 'C', number | null>): boolean {
  switch (e.k) {
    case 'cmp': {
      const x = r[e.f];
      if (e.v === null) return e.op === '=' ? x === null : x !== null;
      if (x === null) return e.op === '!=';
      return { '=': x === e.v, '!=': x !== e.v, '<': x < e.v, '<=': x <= e.v, '>': x > e.v, '>=': x >= e.v }[e.op];
    }
    case 'in': {
      const hit = e.vs.some((v) => v === r[e.f]);
      return e.neg ? !hit : hit;
    }
    case 'not':
      return !reference(e.e, r);
    case 'and':
      return e.es.every((x) => reference(x, r));
    case 'or':
      return e.es.some((x) => reference(x, r));
  }
}

it('property: WHERE over numbers evaluates like the reference predicate', () => {
  const rowArb = fc.record({
    A: fc.option(valueArb, { nil: null }),
    B: fc.option(valueArb, { nil: null }),
    C: fc.option(valueArb, { nil: null }),
  });
  fc.assert(
    fc.property(exprArb, fc.array(rowArb, { maxLength: 12 }), (expr, rows) => {
      const table = rows.map((r, i) => ({ Id: tid(i + 1), ...r }));
      const got = run(`SELECT Id FROM Thing WHERE ${toSoql(expr)}`, table).records.map((r) => r.Id);
      expect(got).toEqual(table.filter((r) => reference(expr, r)).map((r) => r.Id));
    }),
    { numRuns: 300 },
  );
});
