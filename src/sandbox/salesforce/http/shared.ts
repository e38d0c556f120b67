import type { Request } from 'express';
import type { DmlCall, DmlResult } from '../dml/dml';
import { NOT_FOUND, SfRequestError, sfError, toCollectionError } from '../errors';
import type { Org } from '../org';
import type { SObjectDef } from '../schema/types';
import { noSuchColumn } from '../soql/errors';
import type { SfRecord } from '../store';
import type { RouteCtx } from './context';

/** Helpers the REST route files share. */

export function requireObject(org: Org, name: string): SObjectDef {
  const def = org.schema.get(name);
  if (!def) throw new SfRequestError(404, [NOT_FOUND()]);
  return def;
}

/** `Sforce-Auto-Assign`: absent or TRUE means assignment rules run; FALSE (or 0) turns them off. */
export function autoAssign(req: Request): boolean {
  const h = req.headers['sforce-auto-assign'];
  const v = Array.isArray(h) ? h[0] : h;
  return !(v !== undefined && /^(false|0)$/i.test(v.trim()));
}

export function dmlCall(ctx: RouteCtx): DmlCall {
  return { userId: ctx.userId, autoAssign: autoAssign(ctx.req) };
}

/** A record as the REST API returns it: `attributes` first, then fields in describe order. */
export function recordJson(org: Org, def: SObjectDef, row: SfRecord, fields?: string[]): SfRecord {
  const out: SfRecord = { attributes: { type: def.name, url: org.urlFor(def.name, String(row.Id)) } };
  const names = fields ?? def.fields.map((f) => f.name);
  for (const n of names) out[n] = row[n] ?? null;
  return out;
}

/** Resolves a `fields=` list to canonical names, failing like Salesforce on an unknown one. */
export function resolveFields(org: Org, def: SObjectDef, list: string[]): string[] {
  return list.map((raw) => {
    const name = raw.trim();
    const fd = org.schema.field(def.name, name);
    if (!fd) throw new SfRequestError(400, [sfError('INVALID_FIELD', noSuchColumn(name, def.name).render(''))]);
    return fd.name;
  });
}

export function queryParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** The per-record result sObject Collections return. */
export function collectionResult(r: DmlResult, withCreated: boolean): Record<string, unknown> {
  if (r.success) return withCreated ? { id: r.id, success: true, errors: [], created: r.created } : { id: r.id, success: true, errors: [] };
  return { success: false, errors: r.errors.map(toCollectionError) };
}

/** Throws the REST error for a failed single-record write. */
export function throwIfFailed(r: DmlResult): asserts r is Extract<DmlResult, { success: true }> {
  if (!r.success) throw new SfRequestError(r.status, r.errors);
}
