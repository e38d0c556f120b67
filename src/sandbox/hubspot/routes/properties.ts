/** `/crm/v3/properties/contacts`: property definitions and groups. Only contacts exist here. */
import type { Request } from 'express';
import { SCOPES } from '../auth';
import type { RouteDef } from '../http-app';
import { boolParam, searchParams } from '../query';
import { notFound, sendJson, sendNoContent, validationError } from '../wire';
import type { RouteContext } from './context';

const BASE = '/crm/v3/properties/:objectType';
const CONTACT_TYPES = new Set(['contacts', 'contact', '0-1']);

function objectType(req: Request): void {
  const t = String(req.params['objectType'] ?? '');
  if (!CONTACT_TYPES.has(t)) throw validationError(`Unable to infer object type from: ${t}`);
}

const bodyOf = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

export function propertyRoutes(ctx: RouteContext): RouteDef[] {
  const read = SCOPES.schemasRead;
  const write = SCOPES.schemasWrite;
  const props = ctx.properties;
  return [
    {
      method: 'get', path: `${BASE}/groups`, scope: read, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        sendJson(res, 200, { results: props.groups() });
      },
    },
    {
      method: 'get', path: `${BASE}/groups/:groupName`, scope: read, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        const name = String(req.params['groupName']);
        const g = props.group(name);
        if (!g) throw notFound(`Property group ${name} does not exist`);
        sendJson(res, 200, g);
      },
    },
    {
      method: 'post', path: `${BASE}/groups`, scope: write, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        sendJson(res, 201, props.createGroup(bodyOf(req)));
      },
    },
    {
      method: 'get', path: BASE, scope: read, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        sendJson(res, 200, { results: props.all({ archived: boolParam(searchParams(req), 'archived') }) });
      },
    },
    {
      method: 'get', path: `${BASE}/:propertyName`, scope: read, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        const name = String(req.params['propertyName']);
        const def = props.get(name, { archived: boolParam(searchParams(req), 'archived') });
        if (!def) throw notFound(`Property ${name} does not exist`);
        sendJson(res, 200, def);
      },
    },
    {
      method: 'post', path: BASE, scope: write, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        sendJson(res, 201, props.create(bodyOf(req)));
      },
    },
    {
      method: 'patch', path: `${BASE}/:propertyName`, scope: write, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        sendJson(res, 200, props.update(String(req.params['propertyName']), bodyOf(req)));
      },
    },
    {
      method: 'delete', path: `${BASE}/:propertyName`, scope: write, limit: 'standard',
      handle: (req, res) => {
        objectType(req);
        props.archive(String(req.params['propertyName']));
        sendNoContent(res);
      },
    },
  ];
}
