/**
 * The sandbox's admin API: its own express app on its own port, JSON in and out, errors as
 * `{ error: { code, message } }`. It seeds prospects, reads call counts, manages faults, moves
 * the clock, flushes webhooks, ticks the RMs and summarises the state. No authentication: it
 * listens on 127.0.0.1 only, like the emulators.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { isHandoffError } from '../../errors';
import type { Logger } from '../../observability/logger';
import type { ListeningEmulator } from '../hubspot';
import type { Sandbox, SandboxEnv } from '../sandbox';
import { adminRoutes } from './routes';

/** What the admin API drives: the sandbox without its own addresses and shutdown. */
export type AdminTarget = Omit<Sandbox, 'env' | 'adminUrl' | 'stop'>;

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendAdminError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function buildAdminApp(target: AdminTarget, env: () => SandboxEnv, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  const routes = adminRoutes(target, env);
  for (const r of routes) {
    app[r.method](r.path, (req: Request, res: Response, next: NextFunction) => {
      Promise.resolve(r.handle(req, res)).catch(next);
    });
  }
  app.get('/', (_req, res) => {
    res.json({ routes: routes.map((r) => `${r.method.toUpperCase()} ${r.path}  ${r.summary}`) });
  });
  app.use((req: Request, res: Response) => sendAdminError(res, 404, 'NOT_FOUND', `no admin route ${req.method} ${req.path}; GET / lists them`));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err instanceof AdminError) return sendAdminError(res, err.status, err.code, err.message);
    if (isHandoffError(err)) return sendAdminError(res, 400, err.code, err.message);
    const e = err as { type?: string; message?: string };
    if (e.type === 'entity.parse.failed') return sendAdminError(res, 400, 'BAD_JSON', 'the request body is not valid JSON');
    logger.error('sandbox admin: route failed', { error: err instanceof Error ? err.message : String(err) });
    sendAdminError(res, 500, 'INTERNAL', 'the admin route failed; see the sandbox log');
  });
  return app;
}

export function startAdminServer(
  target: AdminTarget,
  opts: { host: string; port: number; env: () => SandboxEnv; logger: Logger },
): Promise<ListeningEmulator> {
  const app = buildAdminApp(target, opts.env, opts.logger);
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(opts.port, opts.host);
    server.once('error', reject);
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${opts.host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
