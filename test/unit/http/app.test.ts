import request from 'supertest';
import { createHttpApp } from '../../../src/http/app';
import { silentLogger } from '../../../src/observability/logger';
import { createMetrics } from '../../../src/observability/metrics';

describe('http app', () => {
  it('answers /healthz, /metrics and a JSON 404', async () => {
    const metrics = createMetrics();
    metrics.apiCalls.inc({ system: 'hubspot', endpoint: 'batch', outcome: 'ok' });
    const app = createHttpApp({ logger: silentLogger(), metrics });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    const m = await request(app).get('/metrics').expect(200);
    expect(m.text).toContain('handoff_api_calls_total{system="hubspot",endpoint="batch",outcome="ok"} 1');
    const nf = await request(app).get('/nope').expect(404);
    expect(nf.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });

  it('/readyz is 503 naming the failing check', async () => {
    const app = createHttpApp({
      logger: silentLogger(),
      metrics: createMetrics(),
      readiness: [
        { name: 'database', check: async () => undefined },
        { name: 'salesforce', check: async () => Promise.reject(new Error('token expired')) },
      ],
    });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks).toEqual([
      { name: 'database', ok: true },
      { name: 'salesforce', ok: false, error: 'token expired' },
    ]);
  });
});
