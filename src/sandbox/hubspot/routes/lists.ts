/** `/crm/v3/lists`: create, find by id or name, manual memberships. */
import { SCOPES } from '../auth';
import type { RouteDef } from '../http-app';
import { intParam, searchParams } from '../query';
import { notFound, sendJson, validationError } from '../wire';
import type { RouteContext } from './context';

const BASE = '/crm/v3/lists';
const MEMBERS_MAX = 250;

export function listRoutes(ctx: RouteContext): RouteDef[] {
  const read = SCOPES.listsRead;
  const write = SCOPES.listsWrite;
  const lists = ctx.lists;
  const membership = (op: 'add' | 'remove' | 'add-and-remove'): RouteDef => ({
    method: 'put',
    path: `${BASE}/:listId/memberships/${op}`,
    scope: write,
    limit: 'standard',
    handle: (req, res) => {
      const listId = String(req.params['listId']);
      const body: unknown = req.body;
      if (op !== 'add-and-remove' && !Array.isArray(body)) throw validationError('The body must be a JSON array of record ids.');
      const b = (body ?? {}) as { recordIdsToAdd?: unknown; recordIdsToRemove?: unknown };
      const result =
        op === 'add' ? lists.change(listId, body, []) : op === 'remove' ? lists.change(listId, [], body) : lists.change(listId, b.recordIdsToAdd, b.recordIdsToRemove);
      sendJson(res, 200, result);
    },
  });
  return [
    {
      method: 'post', path: BASE, scope: write, limit: 'standard',
      handle: (req, res) => {
        const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
        sendJson(res, 200, { list: lists.toPublic(lists.create(body)) });
      },
    },
    {
      method: 'get', path: `${BASE}/idmapping`, scope: read, limit: 'standard',
      handle: (req, res) => {
        // The sandbox has no legacy lists: a legacy id maps to the list with the same id.
        const legacy = searchParams(req).get('legacyListId') ?? '';
        const list = lists.all().find((l) => l.listId === legacy);
        if (!list) throw notFound(`No list found for legacyListId ${legacy}`);
        sendJson(res, 200, { legacyListId: legacy, listId: list.listId });
      },
    },
    {
      method: 'get', path: `${BASE}/object-type-id/:objectTypeId/name/:listName`, scope: read, limit: 'standard',
      handle: (req, res) => {
        const name = String(req.params['listName']);
        const objectTypeId = String(req.params['objectTypeId']);
        const list = lists.byName(name, objectTypeId);
        if (!list) throw notFound(`List does not exist with name ${name} and objectTypeId ${objectTypeId}.`);
        sendJson(res, 200, { list: lists.toPublic(list) });
      },
    },
    {
      method: 'get', path: `${BASE}/:listId`, scope: read, limit: 'standard',
      handle: (req, res) => sendJson(res, 200, { list: lists.toPublic(lists.get(String(req.params['listId']))) }),
    },
    membership('add'),
    membership('remove'),
    membership('add-and-remove'),
    {
      method: 'get', path: `${BASE}/:listId/memberships`, scope: read, limit: 'standard',
      handle: (req, res) => {
        const q = searchParams(req);
        const limit = intParam(q, 'limit', 100);
        if (limit < 1 || limit > MEMBERS_MAX) throw validationError(`limit must be between 1 and ${MEMBERS_MAX}; got ${limit}.`);
        const page = lists.page(String(req.params['listId']), q.get('after') ?? undefined, limit);
        const body: Record<string, unknown> = { results: page.results, total: page.total };
        if (page.next !== undefined) body['paging'] = { next: { after: page.next } };
        sendJson(res, 200, body);
      },
    },
  ];
}
