import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callPrequal } from '../../../src/connectors/prequal';
import { gateSchema } from '../../../src/config/schemas/readiness';
import { evaluateReadiness, planPrequal } from '../../../src/domain/readiness';
import type { PrequalRequest } from '../../../src/domain/readiness';
import { TUESDAY, config, hot, lead } from '../../unit/domain/routing/fixtures';

/** The bank's pre-qualification service, as a real server on 127.0.0.1, port 0. */
let server: Server;
let base: string;
const seen: { auth?: string; body?: unknown }[] = [];
const hanging: express.Response[] = [];

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.post('/pass', (req, res) => {
    seen.push({ auth: req.headers.authorization, body: req.body });
    res.json({ result: 'pass', score: 712 });
  });
  app.post('/fail', (_req, res) => res.json({ result: 'fail', reason: 'DTI_TOO_HIGH' }));
  app.post('/fail-odd-reason', (_req, res) => res.json({ result: 'fail', reason: 'Debt ratio 61% for Pat Doe' }));
  app.post('/maybe', (_req, res) => res.json({ result: 'maybe' }));
  app.post('/html', (_req, res) => res.type('html').send('<h1>Maintenance</h1>'));
  app.post('/down', (_req, res) => res.status(503).json({ error: 'down' }));
  app.post('/moved', (_req, res) => res.redirect(307, '/pass'));
  app.post('/hang', (_req, res) => void hanging.push(res));
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.end();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const request = (path: string, timeoutMs = 2000): PrequalRequest => ({
  gate: 'mortgage_prequal',
  url: `${base}${path}`,
  timeoutMs,
  body: { leadId: 'L-1', product: 'mortgage', segment: 'consumer', kind: 'lead', fields: { zip: '60603', income_band: '100k_250k' } },
});

describe('callPrequal against a live HTTP service', () => {
  it('passes, sending the bearer token and only the planned body', async () => {
    await expect(callPrequal(request('/pass'), { token: 's3cret' })).resolves.toEqual({ status: 'pass' });
    expect(seen.at(-1)).toEqual({ auth: 'Bearer s3cret', body: request('/pass').body });
  });

  it('a decline carries the service\'s reason code; free text is not passed on', async () => {
    await expect(callPrequal(request('/fail'))).resolves.toEqual({ status: 'fail', reason: 'DTI_TOO_HIGH' });
    await expect(callPrequal(request('/fail-odd-reason'))).resolves.toEqual({ status: 'fail', reason: 'declined' });
  });

  it('a timeout is an error value, in about the time configured', async () => {
    const started = Date.now();
    const out = await callPrequal(request('/hang', 150));
    expect(out).toEqual({ status: 'error', error: 'timeout', message: `pre-qualification service at ${new URL(base).host} did not answer within 150 ms` });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('5xx, redirects, other JSON and non-JSON are errors', async () => {
    await expect(callPrequal(request('/down'))).resolves.toMatchObject({ status: 'error', error: 'http_status', message: expect.stringContaining('HTTP 503') });
    await expect(callPrequal(request('/moved'))).resolves.toMatchObject({ status: 'error', error: 'network' });
    await expect(callPrequal(request('/maybe'))).resolves.toMatchObject({ status: 'error', error: 'bad_response' });
    await expect(callPrequal(request('/html'))).resolves.toMatchObject({ status: 'error', error: 'bad_response', message: expect.stringContaining('did not answer JSON') });
  });

  it('a refused connection is an error value', async () => {
    const closed = express().listen(0, '127.0.0.1');
    await new Promise((r) => closed.once('listening', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(callPrequal({ ...request('/pass'), url: `http://127.0.0.1:${port}/pass` })).resolves.toMatchObject({ status: 'error', error: 'network' });
  });

  it('shutting down aborts the call', async () => {
    const stop = new AbortController();
    const pending = callPrequal(request('/hang', 5000), { signal: stop.signal });
    stop.abort();
    await expect(pending).resolves.toEqual({ status: 'error', error: 'aborted', message: 'pre-qualification call aborted (shutting down)' });
  });
});

describe('readiness with the service in the loop', () => {
  const withService = (path: string, timeoutMs: number) => ({
    ...config,
    readiness: { ...config.readiness, gates: [...config.readiness.gates, gateSchema.parse({ name: 'service', when: { product: 'mortgage' }, prequal: { http: { url: `${base}${path}`, timeout_ms: timeoutMs, send: ['zip'] } } })] },
  });

  it('the engine plans the call, makes it, and readiness fails closed on anything but a pass', async () => {
    const l = lead({ product: 'mortgage', signals: hot() });
    for (const [path, ready, reasons] of [['/pass', true, []], ['/hang', false, ['PREQUAL_ERROR:timeout']], ['/fail', false, ['PREQUAL_FAILED:DTI_TOO_HIGH']]] as const) {
      const cfg = withService(path, 100);
      const outcomes = Object.fromEntries(await Promise.all(planPrequal({ lead: l, config: cfg, now: TUESDAY }).map(async (r) => [r.gate, await callPrequal(r)] as const)));
      const result = evaluateReadiness({ lead: l, config: cfg, now: TUESDAY, prequal: outcomes });
      expect(result.ready).toBe(ready);
      expect(result.reasons.map((r) => `${r.code}:${r.detail}`)).toEqual(reasons);
    }
  });
});
