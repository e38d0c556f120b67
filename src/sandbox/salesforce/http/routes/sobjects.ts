import { datetimeToMs, formatDatetime, parseDatetimeInput } from '../../datetime';
import { createRecord, deleteRecord, updateRecord, upsertRecord } from '../../dml/dml';
import { NOT_FOUND, SfRequestError, sfError } from '../../errors';
import { keyPrefixOf, normalizeId } from '../../ids';
import { describeGlobal, describeObject } from '../../schema/describe';
import { API_BASE } from '../app';
import type { RouteCtx, RouteDef } from '../context';
import { sendJson, sendNoContent } from '../respond';
import { dmlCall, queryParam, recordJson, requireObject, resolveFields, throwIfFailed } from '../shared';

/** `/sobjects`: describe, single-record CRUD, upsert by External ID, updated/deleted since. */

function bodyObject(ctx: RouteCtx): Record<string, unknown> {
  if (ctx.body === undefined) return {};
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    throw new SfRequestError(400, [sfError('JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from START_ARRAY value')]);
  }
  return ctx.body as Record<string, unknown>;
}

function retrieve(ctx: RouteCtx, byField?: string): void {
  const { org } = ctx.core;
  const def = requireObject(org, ctx.params.sobject!);
  let row;
  if (byField) {
    const fd = org.schema.field(def.name, byField);
    if (!fd || !(fd.externalId || fd.idLookup)) {
      throw new SfRequestError(404, [sfError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${byField}`)]);
    }
    const matches = org.store.findBy(def.name, fd.name, ctx.params.value, fd.caseSensitive);
    if (matches.length > 1) {
      sendJson(ctx.res, 300, matches.map((m) => org.urlFor(def.name, String(m.Id))));
      return;
    }
    row = matches[0];
  } else {
    const id = normalizeId(ctx.params.id!);
    row = id && keyPrefixOf(id) === def.keyPrefix ? org.store.get(def.name, id) : undefined;
  }
  if (!row) throw new SfRequestError(404, [NOT_FOUND()]);
  if (row.IsDeleted === true) throw new SfRequestError(404, [sfError('ENTITY_IS_DELETED', 'entity is deleted')]);
  const fieldsParam = queryParam(ctx.req, 'fields');
  const fields = fieldsParam ? resolveFields(org, def, fieldsParam.split(',')) : undefined;
  sendJson(ctx.res, 200, recordJson(org, def, row, fields));
}

function window(ctx: RouteCtx): { start: number; end: number } {
  const start = parseDatetimeInput(queryParam(ctx.req, 'start') ?? '');
  const end = parseDatetimeInput(queryParam(ctx.req, 'end') ?? '');
  if (start === undefined || end === undefined) {
    throw new SfRequestError(400, [sfError('MISSING_ARGUMENT', 'start and end are required, as ISO 8601 datetimes')]);
  }
  if (end < start) throw new SfRequestError(400, [sfError('INVALID_REPLICATION_DATE', 'end date is before start date')]);
  return { start, end };
}

export const sobjectRoutes: RouteDef[] = [
  {
    method: 'GET', pattern: '/sobjects', scope: 'data', auth: true,
    handler: (ctx) => sendJson(ctx.res, 200, describeGlobal(ctx.core.org.schema, API_BASE)),
  },
  {
    method: 'GET', pattern: '/sobjects/:sobject/describe', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      sendJson(ctx.res, 200, describeObject(def, ctx.core.org.schema, API_BASE));
    },
  },
  {
    method: 'GET', pattern: '/sobjects/:sobject', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const full = describeObject(def, ctx.core.org.schema, API_BASE);
      const { fields: _f, childRelationships: _c, recordTypeInfos: _r, ...objectDescribe } = full;
      sendJson(ctx.res, 200, { objectDescribe, recentItems: [] });
    },
  },
  {
    method: 'GET', pattern: '/sobjects/:sobject/updated', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const { start, end } = window(ctx);
      const ids = ctx.core.org.store
        .rows(def.name)
        .filter((r) => {
          const ms = datetimeToMs(String(r.SystemModstamp));
          return ms >= start && ms <= end;
        })
        .map((r) => String(r.Id));
      sendJson(ctx.res, 200, { ids, latestDateCovered: formatDatetime(end) });
    },
  },
  {
    method: 'GET', pattern: '/sobjects/:sobject/deleted', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const { start, end } = window(ctx);
      const deletedRecords = ctx.core.org.store
        .rows(def.name, true)
        .filter((r) => r.IsDeleted === true)
        .filter((r) => {
          const ms = datetimeToMs(String(r.SystemModstamp));
          return ms >= start && ms <= end;
        })
        .map((r) => ({ id: String(r.Id), deletedDate: r.SystemModstamp }));
      sendJson(ctx.res, 200, {
        deletedRecords,
        earliestDateAvailable: formatDatetime(ctx.core.org.now().getTime() - 15 * 86_400_000),
        latestDateCovered: formatDatetime(end),
      });
    },
  },
  {
    method: 'POST', pattern: '/sobjects/:sobject', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const r = createRecord(ctx.core.org, dmlCall(ctx), def.name, bodyObject(ctx));
      throwIfFailed(r);
      sendJson(ctx.res, 201, { id: r.id, success: true, errors: [] });
    },
  },
  { method: 'GET', pattern: '/sobjects/:sobject/:id', scope: 'data', auth: true, handler: (ctx) => retrieve(ctx) },
  {
    method: 'PATCH', pattern: '/sobjects/:sobject/:id', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const r = updateRecord(ctx.core.org, dmlCall(ctx), def.name, ctx.params.id!, bodyObject(ctx));
      throwIfFailed(r);
      sendNoContent(ctx.res);
    },
  },
  {
    method: 'DELETE', pattern: '/sobjects/:sobject/:id', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const r = deleteRecord(ctx.core.org, dmlCall(ctx), def.name, ctx.params.id!);
      throwIfFailed(r);
      sendNoContent(ctx.res);
    },
  },
  {
    method: 'GET', pattern: '/sobjects/:sobject/:extIdField/:value', scope: 'data', auth: true,
    handler: (ctx) => retrieve(ctx, ctx.params.extIdField),
  },
  {
    // Upsert: 201 {created:true} on insert; 200 {created:false} on update (API 46.0 and later).
    method: 'PATCH', pattern: '/sobjects/:sobject/:extIdField/:value', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = requireObject(ctx.core.org, ctx.params.sobject!);
      const updateOnly = queryParam(ctx.req, 'updateOnly') === 'true';
      const r = upsertRecord(ctx.core.org, dmlCall(ctx), def.name, ctx.params.extIdField!, ctx.params.value, bodyObject(ctx), {
        updateOnly,
      });
      if (!r.success && r.matches) {
        sendJson(ctx.res, 300, r.matches.map((id) => ctx.core.org.urlFor(def.name, id)));
        return;
      }
      throwIfFailed(r);
      sendJson(ctx.res, r.created ? 201 : 200, { id: r.id, success: true, errors: [], created: r.created });
    },
  },
];
