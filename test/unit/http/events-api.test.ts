import request from 'supertest';
import { createHttpApp } from '../../../src/http/app';
import type { InboundItem } from '../../../src/http/inbound';
import { eventsApiRouter } from '../../../src/http/routes/events-api';
import { silentLogger } from '../../../src/observability/logger';
import { createMetrics } from '../../../src/observability/metrics';

const TOKEN = 'events-token-0123456789';

function app(token: string | undefined = TOKEN) {
  const items: InboundItem[] = [];
  const seen = new Set<string>();
  const metrics = createMetrics();
  const inbox = {
    async store(batch: InboundItem[]) {
      const fresh = batch.filter((i) => !seen.has(i.sourceId) && seen.add(i.sourceId));
      items.push(...fresh);
      return { stored: fresh.length, duplicates: batch.length - fresh.length };
    },
  };
  return { items, app: createHttpApp({ logger: silentLogger(), metrics, routes: [eventsApiRouter({ token, inbox, metrics, signalNames: () => ['branch_visit', 'callback_requested', 'home_purchase'], productIds: () => ['checking', 'mortgage', 'heloc'] })] }) };
}

const funded = {
  id: 'evt-991',
  type: 'funded',
  occurred_at: '2026-03-02T15:04:05-05:00',
  source: 'core-banking',
  lead: { email: 'ana.diaz@example.com' },
  details: { amount: 250000, product: 'mortgage' },
};

describe('POST /api/events', () => {
  it('stores a valid event once, keyed by its source and id', async () => {
    const t = app();
    await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send(funded).expect(202, { stored: 1, duplicates: 0 });
    await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send([funded]).expect(202, { stored: 0, duplicates: 1 });
    expect(t.items).toEqual([{ source: 'events', sourceId: 'core-banking:evt-991', kind: 'funded', payload: funded }]);
  });

  it('refuses a missing or wrong token, and everything when no token is configured', async () => {
    await request(app().app).post('/api/events').send(funded).expect(401);
    await request(app().app).post('/api/events').set('authorization', 'Bearer nope').send(funded).expect(401);
    const off = await request(app('').app).post('/api/events').set('authorization', 'Bearer ').send(funded).expect(401);
    expect(off.body.error.message).toBe('the events API is off: set EVENTS_API_TOKEN');
  });

  it('says what was wrong and where, and stores nothing', async () => {
    const t = app();
    const res = await request(t.app)
      .post('/api/events')
      .set('authorization', `Bearer ${TOKEN}`)
      .send({ ...funded, type: 'funded_maybe', lead: { salesforce_lead_id: '003000000000001' }, extra: 1 })
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_EVENT');
    const paths = res.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['type', 'lead.salesforce_lead_id', '']));
    expect(t.items).toHaveLength(0);
  });

  const visit = {
    id: 'visit-17',
    type: 'signal',
    occurred_at: '2026-03-02T15:04:05-05:00',
    source: 'branch-teller',
    lead: { hubspot_contact_id: '501' },
    details: { signal: 'branch_visit', branch_id: 'evanston' },
  };

  it('stores a signal scoring.yaml knows, a single event or a batch', async () => {
    const t = app();
    await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send(visit).expect(202, { stored: 1, duplicates: 0 });
    const life = { ...visit, id: 'life-1', details: { signal: 'home_purchase' } };
    await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send([visit, life]).expect(202, { stored: 1, duplicates: 1 });
    expect(t.items.map((i) => [i.kind, i.sourceId])).toEqual([['signal', 'branch-teller:visit-17'], ['signal', 'branch-teller:life-1']]);
  });

  it('refuses an unknown signal, naming the event and the name, and stores nothing of the batch', async () => {
    const t = app();
    const res = await request(t.app)
      .post('/api/events')
      .set('authorization', `Bearer ${TOKEN}`)
      .send([visit, { ...visit, id: 'visit-18', details: { signal: 'branch_vist' } }, { ...visit, id: 'visit-19', details: { signal: 'coffee' } }])
      .expect(400);
    expect(res.body.error).toEqual({
      code: 'INVALID_EVENT',
      message: 'the event was refused; nothing was stored',
      issues: [
        { path: '1.details.signal', message: 'event 1: unknown signal "branch_vist"; expected a behaviour or intent signal or a life event from scoring.yaml (did you mean "branch_visit"?)' },
        { path: '2.details.signal', message: 'event 2: unknown signal "coffee"; expected a behaviour or intent signal or a life event from scoring.yaml' },
      ],
    });
    expect(t.items).toHaveLength(0);
  });

  it('a signal event names its signal, and only a signal event has one', async () => {
    const t = app();
    const missing = await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send({ ...visit, details: {} }).expect(400);
    expect(missing.body.error.issues).toEqual([{ path: 'details.signal', message: 'a signal event names its signal (details.signal)' }]);
    const stray = await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send({ ...funded, details: { signal: 'branch_visit' } }).expect(400);
    expect(stray.body.error.issues).toEqual([{ path: 'details.signal', message: 'details.signal applies to type signal' }]);
    expect(t.items).toHaveLength(0);
  });

  it('takes a referral for a product products.yaml lists, and refuses one for a product it does not', async () => {
    const t = app();
    const referral = { id: 'ref-7', type: 'referral', occurred_at: '2026-03-02T15:04:05-05:00', source: 'branch_crm', lead: { hubspot_contact_id: '501' }, details: { branch_id: 'evanston', product: 'mortgage' } };
    await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send(referral).expect(202, { stored: 1, duplicates: 0 });
    const res = await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send({ ...referral, id: 'ref-8', details: { product: 'mortgag' } }).expect(400);
    expect(res.body.error).toEqual({
      code: 'INVALID_EVENT',
      message: 'the event was refused; nothing was stored',
      issues: [{ path: 'details.product', message: 'event 0: unknown product "mortgag"; expected a product id from products.yaml (did you mean "mortgage"?)' }],
    });
    // Other event types carry a product for the record only; it is not checked.
    await request(t.app).post('/api/events').set('authorization', `Bearer ${TOKEN}`).send({ ...funded, id: 'evt-992', details: { product: 'boat' } }).expect(202);
    expect(t.items.map((i) => i.sourceId)).toEqual(['branch_crm:ref-7', 'core-banking:evt-992']);
  });
});
