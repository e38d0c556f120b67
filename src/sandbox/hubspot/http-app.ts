/**
 * The express app around the routes. Every request gets, in order: a correlation id, a count
 * under its route pattern once answered, the interceptors (the hook fault injection uses), the
 * bearer/scope check, the rate limiter, then the route. Errors come out in HubSpot's shape.
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../observability/logger';
import type { Scope, TokenRegistry } from './auth';
import type { CallCounter } from './call-counts';
import { UNMATCHED_ROUTE } from './call-counts';
import type { RateLimiter } from './rate-limit';
import { HubSpotHttpError, newCorrelationId, sendError } from './wire';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteDef {
  method: HttpMethod;
  /** Express pattern; the first one names the route in call counts. */
  path: string;
  scope: Scope;
  limit: 'standard' | 'search';
  handle: (req: Request, res: Response) => void | Promise<void>;
}

/**
 * Runs before auth. Returns true when it has answered the request itself (an injected fault),
 * false to let the request go on.
 */
export type Interceptor = (req: Request, res: Response, routeKey: string) => boolean | Promise<boolean>;

export interface AppDeps {
  tokens: TokenRegistry;
  limiter: RateLimiter;
  counter: CallCounter;
  interceptors: Interceptor[];
  logger: Logger;
}

export const routeKeyOf = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method.toUpperCase()} ${r.path}`;

export function buildApp(routes: RouteDef[], deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use((req, res, next) => {
    const correlationId = newCorrelationId();
    res.locals['correlationId'] = correlationId;
    res.locals['routeKey'] = `${req.method} ${UNMATCHED_ROUTE}`;
    res.setHeader('X-HubSpot-Correlation-Id', correlationId);
    res.on('finish', () => deps.counter.record(String(res.locals['routeKey']), res.statusCode));
    next();
  });

  // Any body is JSON to HubSpot, whatever the Content-Type says.
  app.use(express.json({ limit: '10mb', type: () => true, strict: false }));

  for (const route of routes) {
    const key = routeKeyOf(route);
    app[route.method](route.path, (req: Request, res: Response, next: NextFunction) => {
      res.locals['routeKey'] = key;
      handle(route, key, req, res, deps).catch(next);
    });
  }

  app.use((req: Request, res: Response) => {
    sendError(res, 404, `Unable to route ${req.method} request to ${req.path}`, { category: 'OBJECT_NOT_FOUND' });
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err instanceof HubSpotHttpError) return sendError(res, err.status, err.message, err.extras);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      return sendError(res, 400, `Invalid input JSON: ${e.message ?? 'malformed body'}`, { category: 'VALIDATION_ERROR' });
    }
    if (e.type === 'entity.too.large') return sendError(res, 413, 'Request body too large.', { category: 'VALIDATION_ERROR' });
    deps.logger.error('hubspot sandbox: route failed', { error: err instanceof Error ? err.message : String(err) });
    sendError(res, 500, 'An internal error occurred.', { category: 'INTERNAL_ERROR' });
  });
  return app;
}

async function handle(route: RouteDef, key: string, req: Request, res: Response, deps: AppDeps): Promise<void> {
  for (const intercept of deps.interceptors) {
    if (await intercept(req, res, key)) return;
  }
  const auth = deps.tokens.check(req.header('authorization'), route.scope);
  if (!auth.ok) return sendError(res, auth.status, auth.message, auth.extras);
  const rate = deps.limiter.take(route.limit);
  for (const [h, v] of Object.entries(rate.headers)) res.setHeader(h, v);
  if (!rate.ok) return sendError(res, 429, rate.message, rate.extras);
  try {
    await route.handle(req, res);
  } catch (err) {
    if (err instanceof HubSpotHttpError) return sendError(res, err.status, err.message, err.extras);
    throw err;
  }
}
