/**
 * Wire-level facts jsforce depends on or a connector could trip over: content type, error bodies
 * as arrays, nextRecordsUrl, Sforce-Limit-Info, statuses; and the emulator's own hooks.
 */
import { raw, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ leadAssignment: false });
});
afterEach(() => h.close());

const V = '/services/data/v62.0';
const JSON_TYPE = 'application/json;charset=UTF-8';

it('answers JSON as application/json;charset=UTF-8 with Sforce-Limit-Info on every REST response', async () => {
  const ok = await raw(h, 'GET', `${V}/limits`);
  const created = await raw(h, 'POST', `${V}/sobjects/Lead`, { body: { LastName: 'A', Company: 'B' } });
  const patched = await raw(h, 'PATCH', `${V}/sobjects/Lead/${(created.json as { id: string }).id}`, { body: { Title: 'CFO' } });
  const bad = await raw(h, 'GET', `${V}/query?q=${encodeURIComponent('SELECT FROM')}`);
  const missing = await raw(h, 'GET', `${V}/nothing/here`);
  for (const r of [ok, created, bad, missing]) expect(r.headers.get('content-type')).toBe(JSON_TYPE);
  expect([ok.status, created.status, patched.status, bad.status, missing.status]).toEqual([200, 201, 204, 400, 404]);
  expect(patched.text).toBe('');
  const usage = [ok, created, patched, bad, missing].map((r) => r.headers.get('sforce-limit-info'));
  expect(usage).toEqual(['api-usage=1/100000', 'api-usage=2/100000', 'api-usage=3/100000', 'api-usage=4/100000', 'api-usage=5/100000']);
  expect(created.json).toEqual({ id: expect.stringMatching(/^00Q\w{15}$/), success: true, errors: [] });

  const versions = await raw(h, 'GET', '/services/data', { token: null });
  expect(versions.status).toBe(200);
  expect(versions.json).toEqual([{ label: "Winter '25", url: V, version: '62.0' }]);
  expect(versions.headers.get('sforce-limit-info')).toBeNull();
});

it('sends errors as arrays of {message, errorCode[, fields]}', async () => {
  const unauth = await raw(h, 'GET', `${V}/sobjects`, { token: 'nope' });
  expect(unauth.status).toBe(401);
  expect(unauth.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  expect((await raw(h, 'GET', `${V}/sobjects`, { token: null })).status).toBe(401);

  const required = await raw(h, 'POST', `${V}/sobjects/Lead`, { body: { LastName: 'A' } });
  expect(required.json).toEqual([{ message: 'Required fields are missing: [Company]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Company'] }]);
  const notFound = await raw(h, 'GET', `${V}/sobjects/Lead/00Q8d00000000ZZ`);
  expect(notFound.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  const otherVersion = await raw(h, 'GET', '/services/data/v50.0/sobjects');
  expect(otherVersion.status).toBe(404);
  const badJson = await raw(h, 'POST', `${V}/sobjects/Lead`, { body: '{"LastName": ' });
  expect(badJson.status).toBe(400);
  expect(badJson.json).toEqual([{ message: expect.any(String), errorCode: 'JSON_PARSER_ERROR' }]);
  const malformed = await raw(h, 'GET', `${V}/query?q=${encodeURIComponent('SELECT Id FRM Lead')}`);
  expect(malformed.json).toEqual([
    { message: "\nSELECT Id FRM Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'", errorCode: 'MALFORMED_QUERY' },
  ]);
});

it('pages with a relative nextRecordsUrl under /query/, and the records carry attributes', async () => {
  for (let i = 0; i < 3; i++) h.emu.insert('Lead', { LastName: `L${i}`, Company: 'C' });
  const first = await raw(h, 'GET', `${V}/query?q=${encodeURIComponent('SELECT Id, SystemModstamp FROM Lead')}`, {
    headers: { 'Sforce-Query-Options': 'batchSize=2' },
  });
  const body = first.json as { totalSize: number; done: boolean; nextRecordsUrl: string; records: Record<string, unknown>[] };
  expect(Object.keys(body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
  expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g8d[A-Za-z0-9]{13}-2$/);
  expect(body.records[0]).toEqual({
    attributes: { type: 'Lead', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Lead\/00Q/) },
    Id: expect.any(String),
    SystemModstamp: '2026-01-05T14:00:00.000+0000',
  });
  const next = await raw(h, 'GET', body.nextRecordsUrl);
  expect(next.json).toMatchObject({ totalSize: 3, done: true });
  expect(next.json).not.toHaveProperty('nextRecordsUrl');
});

it('answers a single upsert 201 then 200 with created', async () => {
  const path = `${V}/sobjects/Lead/HubSpot_Contact_Id__c/77`;
  const created = await raw(h, 'PATCH', path, { body: { LastName: 'A', Company: 'B' } });
  const updated = await raw(h, 'PATCH', path, { body: { Title: 'CFO' } });
  expect([created.status, updated.status]).toEqual([201, 200]);
  expect(created.json).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
  expect(updated.json).toEqual({ id: (created.json as { id: string }).id, success: true, errors: [], created: false });
  const byExt = await raw(h, 'GET', path);
  expect(byExt.json).toMatchObject({ HubSpot_Contact_Id__c: '77', Title: 'CFO' });
});

it('counts calls per METHOD /route-pattern and per status, and resets', async () => {
  await raw(h, 'GET', `${V}/sobjects/Lead/describe`);
  await raw(h, 'PATCH', `${V}/composite/sobjects/Lead/HubSpot_Contact_Id__c`, {
    body: { allOrNone: false, records: [{ attributes: { type: 'Lead' }, HubSpot_Contact_Id__c: '1', LastName: 'A', Company: 'B' }] },
  });
  await raw(h, 'GET', `${V}/sobjects`, { token: 'bad' });
  expect(h.emu.callCounts()).toEqual({
    total: 3,
    byRoute: { 'GET /sobjects/:sobject/describe': 1, 'PATCH /composite/sobjects/:sobject/:extIdField': 1, 'GET /sobjects': 1 },
    byStatus: { '200': 2, '401': 1 },
    byRouteStatus: {
      'GET /sobjects/:sobject/describe 200': 1,
      'PATCH /composite/sobjects/:sobject/:extIdField 200': 1,
      'GET /sobjects 401': 1,
    },
  });
  h.emu.resetCounts();
  expect(h.emu.callCounts().total).toBe(0);
  expect(h.emu.apiUsage()).toEqual({ used: 2, max: 100000 }); // the 401 was not charged
});

it('lets an interceptor answer in place of a route (the fault-injection hook)', async () => {
  const seen: string[] = [];
  const remove = h.emu.use(({ route, userId, res }) => {
    seen.push(`${route} as ${userId}`);
    if (route !== 'POST /composite/sobjects') return false;
    res.status(503).setHeader('Content-Type', JSON_TYPE);
    res.end(JSON.stringify([{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }]));
    return true;
  });
  const res = await raw(h, 'POST', `${V}/composite/sobjects`, { body: { records: [{ attributes: { type: 'Lead' }, LastName: 'A', Company: 'B' }] } });
  expect(res.status).toBe(503);
  expect(h.emu.records('Lead')).toEqual([]);
  expect(seen).toEqual([`POST /composite/sobjects as ${h.emu.integrationUserId}`]);
  remove();
  expect((await raw(h, 'POST', `${V}/composite/sobjects`, { body: { records: [{ attributes: { type: 'Lead' }, LastName: 'A', Company: 'B' }] } })).status).toBe(200);
});
