/** Faults on the Salesforce emulator, as jsforce sees them. */
import { performance } from 'node:perf_hooks';
import type { Sandbox } from '../../src/sandbox';
import { integrationConnection, rejection, sandbox } from './support';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox({ seed: 5 });
});
afterEach(async () => {
  await sb.stop();
});

const leads = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ LastName: `${tag}${i}`, Company: 'Acme Bakery', Email: `${tag}${i}@example.com` }));

test('a 503 on a write reaches jsforce as SERVER_UNAVAILABLE (POST is never retried)', async () => {
  sb.faults.add({ system: 'salesforce', route: 'POST /sobjects/:sobject', kind: 'error', count: 1 });
  const conn = integrationConnection(sb);
  const err = await rejection(conn.sobject('Lead').create({ LastName: 'Ng', Company: 'Ng Dental' }));
  expect(err.errorCode).toBe('SERVER_UNAVAILABLE');
  await expect(conn.sobject('Lead').create({ LastName: 'Ng', Company: 'Ng Dental' })).resolves.toMatchObject({ success: true });
  expect(sb.callCounts().salesforce.byRouteStatus).toMatchObject({ 'POST /sobjects/:sobject 503': 1, 'POST /sobjects/:sobject 201': 1 });
});

test('a 500 carries UNKNOWN_EXCEPTION', async () => {
  sb.faults.add({ system: 'salesforce', route: 'POST /composite/sobjects', kind: 'error', params: { status: 500 } });
  const err = await rejection(integrationConnection(sb).sobject('Lead').create(leads(2, 'x')));
  expect(err.errorCode).toBe('UNKNOWN_EXCEPTION');
});

test('a rate-limit storm is a 403 REQUEST_LIMIT_EXCEEDED, never a 429', async () => {
  sb.faults.add({ system: 'salesforce', route: '*', kind: 'rate_limit', count: 2 });
  sb.faults.add({ system: 'salesforce', route: '*', kind: 'rate_limit', params: { variant: 'total' }, count: 1 });
  const conn = integrationConnection(sb);
  for (const message of ['ConcurrentPerOrgLongTxn Limit exceeded.', 'ConcurrentPerOrgLongTxn Limit exceeded.', 'TotalRequests Limit exceeded.']) {
    const err = await rejection(Promise.resolve(conn.query('SELECT Id FROM Lead')));
    expect(err).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message });
  }
  await expect(conn.query('SELECT Id FROM Lead')).resolves.toMatchObject({ done: true });
  expect(sb.callCounts().salesforce.byStatus['429']).toBeUndefined();
});

test('a connection reset on a write surfaces as a network error', async () => {
  sb.faults.add({ system: 'salesforce', route: 'PATCH /composite/sobjects', kind: 'reset' });
  const err = await rejection(integrationConnection(sb).sobject('Lead').update([{ Id: '00Q000000000001AAA', Status: 'Working - Contacted' }]));
  expect(err.code).toBe('ECONNRESET');
});

test('an unanswered request times out in a client with a short timeout', async () => {
  sb.faults.add({ system: 'salesforce', route: 'GET /limits', kind: 'timeout', params: { ms: 30_000 } });
  const started = performance.now();
  const err = await rejection(integrationConnection(sb).request({ method: 'GET', url: '/limits' }, { timeout: 200 } as object));
  // jsforce aborts its fetch when its timeout fires.
  expect(err).toMatchObject({ name: 'AbortError', message: 'The user aborted a request.' });
  const waited = performance.now() - started;
  expect(waited).toBeGreaterThanOrEqual(190);
  expect(waited).toBeLessThan(10_000);
});

test('latency delays the answer, which still comes', async () => {
  sb.faults.add({ system: 'salesforce', route: 'GET /limits', kind: 'latency', params: { ms: 80 } });
  const started = performance.now();
  const limits = await integrationConnection(sb).limits();
  expect(limits.DailyApiRequests?.Max).toBeGreaterThan(0);
  expect(performance.now() - started).toBeGreaterThanOrEqual(75);
});

test('a partial collection failure puts per-record errors in the 200 body, in input order; only those records are not written', async () => {
  sb.faults.add({ system: 'salesforce', route: 'POST /composite/sobjects', kind: 'partial', params: { indexes: [0, 2] } });
  const results = await integrationConnection(sb).sobject('Lead').create(leads(4, 'p'));
  expect(results.map((r) => r.success)).toEqual([false, true, false, true]);
  expect(results[0]).toEqual({ success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] });
  expect(sb.salesforce.records('Lead').map((l) => l.LastName).sort()).toEqual(['p1', 'p3']);
  expect(sb.callCounts().salesforce.byRouteStatus['POST /composite/sobjects 200']).toBe(1);
});

test('with allOrNone the batch is refused whole: the picked records carry the error, the rest ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
  sb.faults.add({ system: 'salesforce', route: 'POST /composite/sobjects', kind: 'partial', params: { indexes: [1] } });
  const results = await integrationConnection(sb).sobject('Lead').create(leads(3, 'a'), { allOrNone: true });
  expect(results.map((r) => (r.success ? 'ok' : (r.errors[0] as unknown as { statusCode: string }).statusCode))).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'UNABLE_TO_LOCK_ROW', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']);
  expect(sb.salesforce.records('Lead')).toHaveLength(0);
});

test('partial failures on upsert name the failed record and leave the others upserted', async () => {
  sb.faults.add({ system: 'salesforce', route: 'PATCH /composite/sobjects/:sobject/:extIdField', kind: 'partial', params: { indexes: [1], code: 'DUPLICATES_DETECTED', message: 'Use one of these records?' } });
  const records = ['h1', 'h2', 'h3'].map((h) => ({ HubSpot_Contact_Id__c: h, LastName: h, Company: 'Co' }));
  const results = await integrationConnection(sb).sobject('Lead').upsert(records, 'HubSpot_Contact_Id__c');
  expect(results.map((r) => r.success)).toEqual([true, false, true]);
  expect((results[1] as { errors: { statusCode: string }[] }).errors[0]!.statusCode).toBe('DUPLICATES_DETECTED');
  expect(sb.salesforce.records('Lead').map((l) => l.HubSpot_Contact_Id__c).sort()).toEqual(['h1', 'h3']);
});

test("faults hit the integration user's calls only, unless the rule says actor: any", async () => {
  const rm = sb.roster.byRmId.get('olivia_bennett')!;
  const rmConn = integrationConnection(sb);
  rmConn.accessToken = sb.salesforce.issueToken(rm.userId);
  sb.faults.add({ id: 'daemon-only', system: 'salesforce', kind: 'error', params: { status: 500 } });
  await expect(rmConn.sobject('Task').create({ Subject: 'Call', Status: 'Completed', Priority: 'Normal' })).resolves.toMatchObject({ success: true });
  await expect(integrationConnection(sb).sobject('Task').create({ Subject: 'Call', Status: 'Completed', Priority: 'Normal' })).rejects.toMatchObject({ errorCode: 'UNKNOWN_EXCEPTION' });
  sb.faults.clear();
  sb.faults.add({ system: 'salesforce', kind: 'error', actor: 'any', params: { status: 500 } });
  await expect(rmConn.sobject('Task').create({ Subject: 'Call', Status: 'Completed', Priority: 'Normal' })).rejects.toMatchObject({ errorCode: 'UNKNOWN_EXCEPTION' });
  const byActor = sb.callCounts().salesforceByActor;
  expect(byActor.rm.byStatus).toEqual({ '201': 1, '500': 1 });
  expect(byActor.integration.byStatus).toEqual({ '500': 1 });
});
