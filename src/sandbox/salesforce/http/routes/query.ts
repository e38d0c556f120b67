import { SfRequestError, sfError } from '../../errors';
import { normalizeId } from '../../ids';
import type { Page } from '../../query-cursors';
import type { SchemaRegistry } from '../../schema/registry';
import { SoqlError, compileSoql, evaluate, type BoundQuery, type Row, type SoqlData } from '../../soql';
import type { RecordStore } from '../../store';
import { API_BASE } from '../app';
import type { RouteCtx, RouteDef } from '../context';
import { sendJson } from '../respond';
import { queryParam } from '../shared';

/**
 * `query`, `queryAll` and their `nextRecordsUrl` pages, for the data API and the Tooling API.
 * Page size: 2000, or the `Sforce-Query-Options: batchSize=N` header. Salesforce documents
 * 200–2000 and may return larger pages than asked for; the emulator honours any N from 1 to 2000
 * (jsforce can send any value through query `headers`), so tests can page small results.
 * Callers must not assume a page has exactly N records.
 */
const DEFAULT_BATCH = 2000;

function batchSize(ctx: RouteCtx): number {
  const h = ctx.req.headers['sforce-query-options'];
  const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(h) ? h.join(',') : (h ?? ''));
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(1, Number(m[1])));
}

function dataSource(store: RecordStore, includeDeleted: boolean, lookupStore: RecordStore): SoqlData {
  return {
    rows: (type) => store.rows(type, includeDeleted),
    lookup: (id) => lookupStore.lookup(id),
  };
}

function pageJson(base: string, page: Page): Record<string, unknown> {
  return page.locator
    ? { totalSize: page.totalSize, done: false, nextRecordsUrl: `${base}/query/${page.locator}`, records: page.records }
    : { totalSize: page.totalSize, done: true, records: page.records };
}

function runQuery(ctx: RouteCtx, tooling: boolean, includeDeleted: boolean): void {
  const soql = queryParam(ctx.req, 'q');
  if (soql === undefined || soql.trim() === '') {
    throw new SfRequestError(400, [sfError('MALFORMED_QUERY', "Required parameter 'q' is missing")]);
  }
  const { org } = ctx.core;
  const schema: SchemaRegistry = tooling ? ctx.core.tooling.schema : org.schema;
  const store = tooling ? ctx.core.tooling.store : org.store;
  const base = tooling ? `${API_BASE}/tooling` : API_BASE;
  let bound: BoundQuery;
  let output: { totalSize: number; records: Row[] };
  try {
    bound = compileSoql(soql, schema, normalizeId);
    output = evaluate(bound, dataSource(store, includeDeleted, tooling ? store : org.store), (type, id) => `${base}/sobjects/${type}/${id}`);
  } catch (e) {
    if (e instanceof SoqlError) throw new SfRequestError(400, [sfError(e.code, e.render(soql))]);
    throw e;
  }
  if (tooling && output.totalSize > 1 && bound.fields.some((f) => f.output.length === 1 && ['FullName', 'Metadata'].includes(f.leaf))) {
    throw new SfRequestError(400, [
      sfError(
        'MALFORMED_QUERY',
        'When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval. ' +
          `Result size: ${output.totalSize}`,
      ),
    ]);
  }
  if (bound.count) {
    sendJson(ctx.res, 200, { totalSize: output.totalSize, done: true, records: [] });
    return;
  }
  sendJson(ctx.res, 200, pageJson(base, ctx.core.cursors.first(ctx.userId, output.records, batchSize(ctx))));
}

function more(ctx: RouteCtx, tooling: boolean): void {
  const page = ctx.core.cursors.next(ctx.userId, ctx.params.locator!);
  if (!page) throw new SfRequestError(400, [sfError('INVALID_QUERY_LOCATOR', 'invalid query locator')]);
  sendJson(ctx.res, 200, pageJson(tooling ? `${API_BASE}/tooling` : API_BASE, page));
}

export const queryRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/query', scope: 'data', auth: true, handler: (ctx) => runQuery(ctx, false, false) },
  { method: 'GET', pattern: '/queryAll', scope: 'data', auth: true, handler: (ctx) => runQuery(ctx, false, true) },
  { method: 'GET', pattern: '/query/:locator', scope: 'data', auth: true, handler: (ctx) => more(ctx, false) },
  { method: 'GET', pattern: '/queryAll/:locator', scope: 'data', auth: true, handler: (ctx) => more(ctx, false) },
  { method: 'GET', pattern: '/tooling/query', scope: 'data', auth: true, handler: (ctx) => runQuery(ctx, true, false) },
  { method: 'GET', pattern: '/tooling/query/:locator', scope: 'data', auth: true, handler: (ctx) => more(ctx, true) },
];
