import { createRecord, deleteRecord, updateRecord, upsertRecord, type DmlCall, type DmlResult } from '../../dml/dml';
import { SfRequestError, sfError } from '../../errors';
import { keyPrefixOf, normalizeId } from '../../ids';
import type { Org } from '../../org';
import type { RouteCtx, RouteDef } from '../context';
import { sendJson } from '../respond';
import { collectionResult, dmlCall, queryParam, recordJson, requireObject, resolveFields } from '../shared';

/**
 * sObject Collections: create, update, upsert and delete up to 200 records in one call, results
 * in input order. allOrNone: any failure rolls every record back and the good ones report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK. A body that cannot be deserialized fails the whole call.
 */
const MAX_RECORDS = 200;
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

type Item = Record<string, unknown>;
const fail = (errorCode: string, message: string, fields: string[] = []): DmlResult => ({
  success: false,
  status: 400,
  errors: [sfError(errorCode, message, fields)],
});

function readBody(ctx: RouteCtx): { allOrNone: boolean; records: Item[] } {
  const b = ctx.body as { allOrNone?: unknown; records?: unknown } | undefined;
  if (!b || typeof b !== 'object' || !Array.isArray(b.records)) {
    throw new SfRequestError(400, [sfError('JSON_PARSER_ERROR', 'The request body must be an object with a records array')]);
  }
  if (b.records.length > MAX_RECORDS) {
    throw new SfRequestError(400, [
      sfError('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`),
    ]);
  }
  if (b.records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new SfRequestError(400, [sfError('JSON_PARSER_ERROR', 'Each element of records must be an sObject')]);
  }
  return { allOrNone: b.allOrNone === true || b.allOrNone === 'true', records: b.records as Item[] };
}

function typeOf(item: Item): string | undefined {
  const a = item.attributes as { type?: unknown } | undefined;
  return a && typeof a.type === 'string' ? a.type : undefined;
}

/** Runs `each` over the records as one unit and renders the results. */
function runBatch(org: Org, allOrNone: boolean, n: number, each: (i: number) => DmlResult, withCreated: boolean): unknown[] {
  return org.transaction(() => {
    const results: DmlResult[] = [];
    for (let i = 0; i < n; i++) results.push(each(i));
    const anyFailed = results.some((r) => !r.success);
    if (allOrNone && anyFailed) {
      return {
        commit: false,
        value: results.map((r) => (r.success ? { success: false, errors: [ROLLED_BACK] } : collectionResult(r, false))),
      };
    }
    return { commit: true, value: results.map((r) => collectionResult(r, withCreated)) };
  });
}

function idOf(item: Item): string | undefined {
  const v = item.id ?? item.Id;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function create(ctx: RouteCtx): void {
  const { org } = ctx.core;
  const { allOrNone, records } = readBody(ctx);
  const call = dmlCall(ctx);
  const out = runBatch(org, allOrNone, records.length, (i) => {
    const item = records[i]!;
    const type = typeOf(item);
    if (!type || !org.schema.get(type)) return fail('INVALID_TYPE', type ? `sObject type '${type}' is not supported.` : 'Must specify a type in attributes');
    return createRecord(org, call, type, item);
  }, false);
  sendJson(ctx.res, 200, out);
}

function update(ctx: RouteCtx): void {
  const { org } = ctx.core;
  const { allOrNone, records } = readBody(ctx);
  const call = dmlCall(ctx);
  const ids = records.map((r) => normalizeId(idOf(r) ?? '') ?? idOf(r));
  const dupes = new Set(ids.filter((id, i) => id !== undefined && ids.indexOf(id) !== i));
  const out = runBatch(org, allOrNone, records.length, (i) => {
    const item = records[i]!;
    const id = idOf(item);
    if (!id) return fail('MISSING_ARGUMENT', 'Id not specified in an update call');
    if (dupes.has(ids[i]!)) return fail('INVALID_ID_FIELD', `Duplicate id in list: ${id}`);
    const type = typeOf(item);
    if (!type || !org.schema.get(type)) return fail('INVALID_TYPE', type ? `sObject type '${type}' is not supported.` : 'Must specify a type in attributes');
    return updateRecord(org, call, type, id, item, { ignore: ['id'] });
  }, false);
  sendJson(ctx.res, 200, out);
}

function upsert(ctx: RouteCtx): void {
  const { org } = ctx.core;
  const def = requireObject(org, ctx.params.sobject!);
  const fd = org.schema.field(def.name, ctx.params.extIdField!);
  if (!fd || !(fd.externalId || fd.name === 'Id')) {
    throw new SfRequestError(400, [
      sfError('INVALID_FIELD', `Field name provided, ${ctx.params.extIdField} is not an External ID or indexed field for ${def.name}`),
    ]);
  }
  const { allOrNone, records } = readBody(ctx);
  const call: DmlCall = dmlCall(ctx);
  const keyOf = (item: Item) => {
    const e = Object.entries(item).find(([k]) => k.toLowerCase() === fd.name.toLowerCase());
    return e && e[1] !== null && e[1] !== '' ? String(e[1]) : undefined;
  };
  const keys = records.map((r) => keyOf(r)?.toLowerCase());
  const dupes = new Set(keys.filter((k, i) => k !== undefined && keys.indexOf(k) !== i));
  const out = runBatch(org, allOrNone, records.length, (i) => {
    const item = records[i]!;
    const type = typeOf(item) ?? def.name;
    if (type.toLowerCase() !== def.name.toLowerCase()) return fail('INVALID_TYPE', `Record type ${type} does not match ${def.name}`);
    const key = keyOf(item);
    if (key === undefined) return fail('MISSING_ARGUMENT', `${fd.name} not specified`);
    if (dupes.has(key.toLowerCase())) return fail('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${key}`, [fd.name]);
    const r = upsertRecord(org, call, def.name, fd.name, key, item);
    if (!r.success && r.matches) {
      return fail('DUPLICATE_EXTERNAL_ID', `More than one record found for external id field: ${fd.name}`, [fd.name]);
    }
    return r;
  }, true);
  sendJson(ctx.res, 200, out);
}

function destroy(ctx: RouteCtx): void {
  const { org } = ctx.core;
  const ids = (queryParam(ctx.req, 'ids') ?? '').split(',').filter((s) => s !== '');
  if (ids.length > MAX_RECORDS) {
    throw new SfRequestError(400, [sfError('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`)]);
  }
  const allOrNone = queryParam(ctx.req, 'allOrNone') === 'true';
  const call = dmlCall(ctx);
  const out = runBatch(org, allOrNone, ids.length, (i) => {
    const raw = ids[i]!;
    const id = normalizeId(raw);
    const def = id && org.schema.all().find((d) => d.keyPrefix === keyPrefixOf(id));
    if (!id || !def) return fail('MALFORMED_ID', `malformed id ${raw}`);
    return deleteRecord(org, call, def.name, id);
  }, false);
  sendJson(ctx.res, 200, out);
}

function retrieveMany(ctx: RouteCtx, ids: string[], fieldList: string[]): void {
  const { org } = ctx.core;
  const def = requireObject(org, ctx.params.sobject!);
  if (fieldList.length === 0) throw new SfRequestError(400, [sfError('MISSING_ARGUMENT', 'fields is required')]);
  if (ids.length > 2000) throw new SfRequestError(400, [sfError('EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 2000 records into this call')]);
  const fields = resolveFields(org, def, fieldList);
  sendJson(
    ctx.res,
    200,
    ids.map((raw) => {
      const id = normalizeId(raw);
      const row = id ? org.store.get(def.name, id) : undefined;
      return row && row.IsDeleted !== true ? recordJson(org, def, row, fields) : null;
    }),
  );
}

export const collectionRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/composite/sobjects', scope: 'data', auth: true, handler: create },
  { method: 'PATCH', pattern: '/composite/sobjects', scope: 'data', auth: true, handler: update },
  { method: 'DELETE', pattern: '/composite/sobjects', scope: 'data', auth: true, handler: destroy },
  { method: 'PATCH', pattern: '/composite/sobjects/:sobject/:extIdField', scope: 'data', auth: true, handler: upsert },
  {
    method: 'GET', pattern: '/composite/sobjects/:sobject', scope: 'data', auth: true,
    handler: (ctx) =>
      retrieveMany(
        ctx,
        (queryParam(ctx.req, 'ids') ?? '').split(',').filter(Boolean),
        (queryParam(ctx.req, 'fields') ?? '').split(',').filter(Boolean),
      ),
  },
  {
    method: 'POST', pattern: '/composite/sobjects/:sobject', scope: 'data', auth: true,
    handler: (ctx) => {
      const b = (ctx.body ?? {}) as { ids?: unknown; fields?: unknown };
      const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      retrieveMany(ctx, strings(b.ids), strings(b.fields));
    },
  },
];
