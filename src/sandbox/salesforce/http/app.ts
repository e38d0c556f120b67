import express, { type Express, type Request, type Response } from 'express';
import { SfRequestError, sfError } from '../errors';
import type { CallCounter } from '../usage';
import type { Core, Interceptor, RouteCtx, RouteDef } from './context';
import { sendErrors } from './respond';

/**
 * One express app, one middleware that does what Salesforce's front door does, in order:
 * match the route (its pattern is the call-count key), authenticate the bearer token, charge the
 * daily API allowance and stamp `Sforce-Limit-Info`, give interceptors (fault injection) a turn,
 * parse the JSON body, run the handler. The route table is our own so the key is known before
 * the handler runs.
 */
export const API_VERSION = '62.0';
export const API_BASE = `/services/data/v${API_VERSION}`;

interface Compiled {
  def: RouteDef;
  regex: RegExp;
  names: string[];
}

function compile(def: RouteDef): Compiled {
  const names: string[] = [];
  const full = def.scope === 'data' ? API_BASE + def.pattern : def.pattern;
  const src = full
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { def, regex: new RegExp(`^${src}/?$`), names };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray % is taken literally rather than failing the call
  }
}

export function bearerToken(req: Request): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

export function buildApp(core: Core, routes: RouteDef[], counter: CallCounter, interceptors: Interceptor[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(express.raw({ type: () => true, limit: '50mb' }));
  const table = routes.map(compile);

  app.use((req: Request, res: Response) => {
    void dispatch(core, table, counter, interceptors, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        sendErrors(res, 500, [sfError('UNKNOWN_EXCEPTION', `An unexpected error occurred: ${(err as Error).message}`)]);
      }
    });
  });
  return app;
}

async function dispatch(
  core: Core,
  table: Compiled[],
  counter: CallCounter,
  interceptors: Interceptor[],
  req: Request,
  res: Response,
): Promise<void> {
  const path = req.path;
  let matched: { c: Compiled; params: Record<string, string> } | undefined;
  for (const c of table) {
    if (c.def.method !== req.method) continue;
    const m = c.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => (params[n] = safeDecode(m[i + 1]!)));
    matched = { c, params };
    break;
  }
  const inData = path.startsWith('/services/data/');
  const route = matched
    ? `${req.method} ${matched.c.def.pattern || '/'}`
    : `${req.method} ${inData ? '(unknown data resource)' : '(unknown)'}`;
  res.on('finish', () => counter.record(route, res.statusCode));

  const needsAuth = matched ? matched.c.def.auth : inData;
  let userId = '';
  if (needsAuth) {
    const token = bearerToken(req);
    const uid = token ? core.sessions.resolve(token) : undefined;
    const user = uid ? core.org.store.get('User', uid) : undefined;
    if (!uid || !user || user.IsActive !== true) {
      sendErrors(res, 401, [sfError('INVALID_SESSION_ID', 'Session expired or invalid')]);
      return;
    }
    userId = uid;
  }
  // Users standing in for people clicking in the UI (simulated RMs) do not use the API allowance.
  const charged = (matched ? matched.c.def.scope === 'data' : inData) && !core.uncharged.has(userId);
  if (charged) {
    const ok = core.usage.tryConsume();
    res.setHeader('Sforce-Limit-Info', `api-usage=${core.usage.used()}/${core.usage.max}`);
    if (!ok) {
      sendErrors(res, 403, [sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')]);
      return;
    }
  }
  for (const hook of [...interceptors]) {
    if (await hook({ method: req.method, route, userId: userId || undefined, req, res })) return;
  }
  if (!matched) {
    sendErrors(res, 404, [sfError('NOT_FOUND', 'The requested resource does not exist')]);
    return;
  }
  let body: unknown;
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (raw.length > 0 && !/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      sendErrors(res, 400, [sfError('JSON_PARSER_ERROR', `Unexpected character: ${(e as Error).message}`)]);
      return;
    }
  }
  const ctx: RouteCtx = { core, req, res, params: matched.params, userId, body };
  try {
    await matched.c.def.handler(ctx);
  } catch (err) {
    if (err instanceof SfRequestError) sendErrors(res, err.status, err.errors);
    else throw err;
  }
}
