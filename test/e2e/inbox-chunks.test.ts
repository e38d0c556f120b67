/**
 * The inbox job decides a burst a chunk at a time and dispatches between chunks: the first
 * chunk's Leads are in Salesforce before the last chunk is decided, each chunk's contacts are
 * written back in one batch call, and a run with nothing waiting dispatches nothing. With the
 * default chunk, a burst goes out in full batches: the minimum calls the batch sizes allow.
 */
import { DEFAULT_PIPELINE_OPTIONS } from '../../src/engine/pipeline/context';
import { storeInboundBatch } from '../../src/engine/inbox';
import type { E2E } from './support';
import { callSplit, createAndQualify, leadsByContact, pastSearchLag, startE2E } from './support';

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ daemon: { options: { inboxChunk: 10 } } });
});
afterAll(async () => e?.close());

it('dispatches between chunks of a burst, writing each chunk back in one batch', async () => {
  const ids = createAndQualify(e.sandbox, 0, 25);
  pastSearchLag(e.clock);
  expect((await e.daemon.pipeline.pollHubspot()).stored).toBe(25);
  e.sandbox.resetCounts();

  const leadsAfterEachChunk: number[] = [];
  const run = await e.daemon.pipeline.drainInbox(undefined, async () => {
    await e.daemon.pipeline.dispatch();
    leadsAfterEachChunk.push(e.sandbox.salesforce.records('Lead').length);
  });
  expect(run).toMatchObject({ chunks: 3, processed: 25 });
  expect(leadsAfterEachChunk).toEqual([10, 20, 25]);
  const leads = leadsByContact(e.sandbox);
  expect(ids.map((id) => leads.get(id)?.length ?? 0)).toEqual(ids.map(() => 1));
  // Each chunk's contacts get their Lead id and status back in one HubSpot batch update.
  expect(callSplit(e.sandbox).byRoute['hubspot POST /crm/v3/objects/contacts/batch/update']).toBe(3);

  let between = 0;
  expect(await e.daemon.pipeline.drainInbox(undefined, async () => void between++)).toEqual({ chunks: 1, webhooks: 0, processed: 0, applied: 0 });
  expect(between).toBe(0);
});

it('decides what is already in the inbox while webhooks cannot be resolved, and leaves them for the next run', async () => {
  const ids = createAndQualify(e.sandbox, 100, 3);
  pastSearchLag(e.clock);
  expect((await e.daemon.pipeline.pollHubspot()).stored).toBe(3);
  await storeInboundBatch(e.db, e.clock, [{ source: 'hubspot', sourceId: 'evt-down-1', kind: 'contact.propertyChange', payload: { objectId: ids[0], propertyName: 'lifecyclestage' } }]);
  e.sandbox.faults.add({ id: 'batch-read-down', system: 'hubspot', route: 'POST /crm/v3/objects/contacts/batch/read', kind: 'error', params: { status: 400 } });
  const run = await e.daemon.pipeline.drainInbox();
  expect(run).toMatchObject({ webhooks: 0, processed: 3, applied: 3 });
  const { rows } = await e.db.query(`SELECT processed_at FROM inbox WHERE source_id = 'evt-down-1'`);
  expect(rows).toEqual([{ processed_at: null }]);
});

it('sends a burst in full batches with the default chunk: one Lead or Task collection per 200, one HubSpot update per 100', async () => {
  const own = await startE2E();
  try {
    const n = 400;
    const ids = createAndQualify(own.sandbox, 500, n);
    pastSearchLag(own.clock);
    expect((await own.daemon.pipeline.pollHubspot()).stored).toBe(n);
    own.sandbox.resetCounts();
    const run = await own.daemon.pipeline.drainInbox(undefined, async () => void (await own.daemon.pipeline.dispatch()));
    await own.daemon.pipeline.dispatch();
    // Two full chunks, then one that finds the inbox empty.
    expect(run).toMatchObject({ chunks: n / DEFAULT_PIPELINE_OPTIONS.inboxChunk + 1, processed: n });
    expect(leadsByContact(own.sandbox).size).toBe(ids.length);
    const calls = callSplit(own.sandbox).byRoute;
    // Leads and their owners' Tasks are both upserts on an External ID: one collection per 200 of each.
    const tasks = own.sandbox.salesforce.records('Task').length;
    expect(tasks).toBeGreaterThan(0);
    expect(calls['salesforce PATCH /composite/sobjects/:sobject/:extIdField']).toBe(n / 200 + Math.ceil(tasks / 200));
    expect(calls['hubspot POST /crm/v3/objects/contacts/batch/update']).toBe(n / 100);
  } finally {
    await own.close();
  }
}, 120_000);
