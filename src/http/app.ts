import express from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  /** Each must resolve for /readyz to answer 200. */
  readiness?: ReadinessCheck[];
  /** Routes added by the engine (webhooks, events API, JSON API, dashboard). */
  routes?: express.Router[];
  /**
   * Express's `trust proxy`: which hops may say, through X-Forwarded-*, what the client called
   * (protocol, host) and who it is. Off by default: a client could otherwise claim anything.
   */
  trustProxy?: TrustProxy;
}

/** true (any hop), a number of hops, or addresses/subnets and express's names (loopback, uniquelocal…). */
export type TrustProxy = boolean | number | string[];

/** The one express server: health, metrics, and whatever routes the composition root mounts. */
export function createHttpApp(opts: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      (opts.readiness ?? []).map(async (c) => {
        try {
          await c.check();
          return { name: c.name, ok: true as const };
        } catch (err) {
          return { name: c.name, ok: false as const, error: (err as Error).message };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks: results });
  });

  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', opts.metrics.registry.contentType);
    res.send(await opts.metrics.registry.metrics());
  });

  for (const r of opts.routes ?? []) app.use(r);

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });
  // Express needs the 4-argument signature to treat this as the error handler.
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) opts.logger.error('http handler failed', { error: err });
    res.status(status).json({ error: { code: err.type ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'), message: status >= 500 ? 'internal error' : err.message } });
  });
  return app;
}
