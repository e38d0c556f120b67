/** `/crm/v3/objects/contacts`: single-record reads and writes, paging, batches and search. */
import type { Request, Response } from 'express';
import { SCOPES } from '../auth';
import { toPublicObject } from '../contacts/serialize';
import { search } from '../contacts/search';
import { contactNotFound } from '../contacts/service';
import type { RouteDef } from '../http-app';
import { arrayParam, boolParam, intParam, searchParams } from '../query';
import { sendJson, sendNoContent, validationError } from '../wire';
import type { RouteContext } from './context';

const BASE = '/crm/v3/objects/contacts';
const PAGE_MAX = 100;

const param = (req: Request, name: string): string => String(req.params[name] ?? '');

function propertiesOf(body: unknown): unknown {
  return body && typeof body === 'object' ? (body as { properties?: unknown }).properties : undefined;
}

export function contactRoutes(ctx: RouteContext): RouteDef[] {
  const read = SCOPES.contactsRead;
  const write = SCOPES.contactsWrite;
  const sentNames = (body: unknown): string[] => {
    const p = propertiesOf(body);
    return p && typeof p === 'object' ? Object.keys(p) : [];
  };
  const echo = (res: Response, status: number, rec: Parameters<typeof toPublicObject>[0], body: unknown): void =>
    sendJson(res, status, toPublicObject(rec, ctx.shape(['firstname', 'lastname', 'email', ...sentNames(body)])));

  return [
    {
      method: 'get',
      path: BASE,
      scope: read,
      limit: 'standard',
      handle: (req, res) => {
        const q = searchParams(req);
        const limit = intParam(q, 'limit', 10);
        if (limit < 1 || limit > PAGE_MAX) throw validationError(`limit must be between 1 and ${PAGE_MAX}; got ${limit}.`);
        const after = q.get('after');
        const shape = ctx.shape(arrayParam(q, 'properties'), arrayParam(q, 'propertiesWithHistory'));
        const all = ctx.contacts.store.list({ archived: boolParam(q, 'archived') });
        const start = after ? all.findIndex((r) => Number(r.id) >= Number(after)) : 0;
        const page = start < 0 ? [] : all.slice(start, start + limit);
        const next = start < 0 ? undefined : all[start + limit];
        const body: Record<string, unknown> = { results: page.map((r) => toPublicObject(r, shape)) };
        if (next) {
          const link = `${req.protocol}://${req.get('host') ?? '127.0.0.1'}${req.baseUrl}${BASE}?after=${next.id}`;
          body['paging'] = { next: { after: next.id, link } };
        }
        sendJson(res, 200, body);
      },
    },
    {
      method: 'get',
      path: `${BASE}/:contactId`,
      scope: read,
      limit: 'standard',
      handle: (req, res) => {
        const q = searchParams(req);
        const id = param(req, 'contactId');
        const rec = ctx.contacts.resolve(id, q.get('idProperty') ?? undefined, { archived: boolParam(q, 'archived') });
        if (!rec) throw contactNotFound(id);
        sendJson(res, 200, toPublicObject(rec, ctx.shape(arrayParam(q, 'properties'), arrayParam(q, 'propertiesWithHistory'))));
      },
    },
    {
      method: 'post',
      path: BASE,
      scope: write,
      limit: 'standard',
      handle: (req, res) => {
        const rec = ctx.contacts.create(propertiesOf(req.body) ?? {}, ctx.apiSource);
        echo(res, 201, rec, req.body);
      },
    },
    {
      method: 'patch',
      path: `${BASE}/:contactId`,
      scope: write,
      limit: 'standard',
      handle: (req, res) => {
        const q = searchParams(req);
        const rec = ctx.contacts.update(param(req, 'contactId'), q.get('idProperty') ?? undefined, propertiesOf(req.body) ?? {}, ctx.apiSource);
        echo(res, 200, rec, req.body);
      },
    },
    {
      method: 'delete',
      path: `${BASE}/:contactId`,
      scope: write,
      limit: 'standard',
      handle: (req, res) => {
        const rec = ctx.contacts.store.get(param(req, 'contactId'));
        if (rec) ctx.contacts.store.archive(rec, ctx.apiSource);
        sendNoContent(res);
      },
    },
    ...batchRoutes(ctx),
    {
      method: 'post',
      path: `${BASE}/search`,
      scope: read,
      limit: 'search',
      handle: (req, res) => {
        const page = search(ctx.contacts.store.indexed(), req.body, (n) => ctx.properties.get(n));
        const shape = ctx.shape(page.properties?.length ? page.properties : undefined);
        const body: Record<string, unknown> = { total: page.total, results: page.results.map((d) => toPublicObject(d, shape)) };
        if (page.nextAfter !== undefined) body['paging'] = { next: { after: page.nextAfter } };
        sendJson(res, 200, body);
      },
    },
  ];
}

function batchRoutes(ctx: RouteContext): RouteDef[] {
  const reply = (res: Response, r: { status: number; body?: unknown }): void =>
    r.body === undefined ? sendNoContent(res) : sendJson(res, r.status, r.body);
  const post = (op: string, scope: RouteDef['scope'], run: (req: Request) => { status: number; body?: unknown }): RouteDef => ({
    method: 'post',
    path: `${BASE}/batch/${op}`,
    scope,
    limit: 'standard',
    handle: (req, res) => reply(res, run(req)),
  });
  return [
    post('read', SCOPES.contactsRead, (req) => ctx.batches.read(req.body, boolParam(searchParams(req), 'archived'))),
    post('create', SCOPES.contactsWrite, (req) => ctx.batches.create(req.body, ctx.apiSource)),
    post('update', SCOPES.contactsWrite, (req) => ctx.batches.update(req.body, ctx.apiSource)),
    post('upsert', SCOPES.contactsWrite, (req) => ctx.batches.upsert(req.body, ctx.apiSource)),
    post('archive', SCOPES.contactsWrite, (req) => ctx.batches.archive(req.body, ctx.apiSource)),
  ];
}
