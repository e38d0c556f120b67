/**
 * The connectors as the dispatcher's RecordWriter, against both emulators: per-item results in
 * order, and a whole-call failure kept as its kind (a 429 stays rate_limited with its wait), as
 * is an item a rate limit refused inside a 207.
 */
import { randomUUID } from 'node:crypto';
import type { RecordWriter } from '../../../src/engine/dispatcher';
import { createRecordWriter } from '../../../src/connectors/record-writer';
import { createRateLimiters } from '../../../src/connectors/rate-limits';
import { createRetryPolicy } from '../../../src/engine/retry-policy';
import { installHubSpotFaults } from '../../../src/sandbox/faults/hubspot';
import { FaultInjector } from '../../../src/sandbox/faults/injector';
import type { HubSpotHarness } from './hubspot-harness';
import { startHubSpot } from './hubspot-harness';
import type { SalesforceHarness } from './salesforce-harness';
import { startSalesforce } from './salesforce-harness';

let hs: HubSpotHarness;
let sf: SalesforceHarness;
beforeEach(async () => {
  hs = await startHubSpot({ searchLagMs: 0 });
  sf = await startSalesforce();
});
afterEach(async () => {
  await Promise.all([hs.close(), sf.close()]);
});

const item = (recordKey: string, payload: Record<string, unknown>, rowId = 1) => ({ rowIds: [rowId], recordKey, payload });

it('fits the engine’s RecordWriter port and writes both systems with a result per item', async () => {
  const writer: RecordWriter = createRecordWriter({ hubspot: hs.hs, salesforce: sf.sf });

  const hsResults = await writer.write('hubspot', 'contacts', 'upsert', [
    item('ann@example.com', { firstname: 'Ann', handoff_sla_breached: false, salesforce_lead_id: null }),
    item('bad@example.com', { no_such_property: 'x' }),
  ]);
  expect(hsResults).toEqual([
    { ok: true, id: expect.any(String) },
    { ok: false, failure: { kind: 'permanent', code: 'VALIDATION_ERROR', message: expect.stringContaining('no_such_property') } },
  ]);
  const annId = (hsResults[0] as { id: string }).id;
  expect(hs.emu.getContact(annId)!.properties['handoff_sla_breached']).toBe('false');

  const sfResults = await writer.write('salesforce', 'Lead', 'upsert', [
    item(annId, { LastName: 'Lee', Company: 'Acme', Email: 'ann@example.com' }),
    item('999', { LastName: 'NoCompany' }),
  ]);
  expect(sfResults).toEqual([
    { ok: true, id: expect.stringMatching(/^00Q/) },
    { ok: false, failure: { kind: 'permanent', code: 'REQUIRED_FIELD_MISSING', message: expect.any(String) } },
  ]);
  expect(sf.emu.records('Lead').find((l) => l['HubSpot_Contact_Id__c'] === annId)).toBeDefined();

  const update = await writer.write('salesforce', 'Lead', 'update', [item((sfResults[0] as { id: string }).id, { Handoff_Status__c: 'Accepted' })]);
  expect(update).toEqual([{ ok: true, id: (sfResults[0] as { id: string }).id }]);
});

it('turns a whole-call 429 into a rate_limited failure on every item, with its wait', async () => {
  const writer = createRecordWriter({ hubspot: hs.hs });
  hs.emu.intercept((_req, res, key) => {
    if (key !== 'POST /crm/v3/objects/contacts/batch/update') return false;
    res.status(429).json({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING' });
    return true;
  });
  const results = await writer.write('hubspot', 'contacts', 'update', [item('1', { firstname: 'A' }), item('2', { firstname: 'B' }, 2)]);
  const failure = { kind: 'rate_limited', code: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.', retryAfterMs: 10_000 };
  expect(results).toEqual([
    { ok: false, failure },
    { ok: false, failure },
  ]);
});

it('makes an item a rate limit refused inside a 207 rate_limited for the window, pausing the budget, never using up attempts', async () => {
  const limiters = createRateLimiters({ hubspotTier: 'starter', salesforceApiShare: 0.25, idPrefix: `t-${randomUUID()}` });
  try {
    const writer = createRecordWriter({ hubspot: hs.connector({ limiters: limiters.hubspot }) });
    const faults = new FaultInjector(hs.clock, 1);
    installHubSpotFaults(hs.emu, faults);
    faults.add({
      system: 'hubspot',
      route: 'POST /crm/v3/objects/contacts/batch/upsert',
      kind: 'partial',
      count: 1,
      params: { indexes: [1], code: 'RATE_LIMITS', message: 'You have reached your ten_secondly_rolling limit.' },
    });
    const results = await writer.write('hubspot', 'contacts', 'upsert', [item('a@example.com', { firstname: 'A' }), item('b@example.com', { firstname: 'B' }, 2)]);
    expect(results).toEqual([
      { ok: true, id: expect.any(String) },
      { ok: false, failure: { kind: 'rate_limited', code: 'RATE_LIMITS', message: 'You have reached your ten_secondly_rolling limit.', retryAfterMs: 10_000 } },
    ]);
    expect(hs.emu.callCounts().byRouteStatus).toEqual({ 'POST /crm/v3/objects/contacts/batch/upsert 207': 1 });
    // The next batch would meet the same limit: the whole budget waits out the window.
    expect((await limiters.hubspot.general.state()).pausedForMs).toBeGreaterThan(9_000);
    // Even on what would be the last attempt, the record waits out the window instead of dying.
    const failure = (results[1] as { failure: Parameters<ReturnType<typeof createRetryPolicy>>[0] }).failure;
    expect(createRetryPolicy({ maxAttempts: 8, random: () => 0 })(failure, 8)).toEqual({ action: 'retry', delayMs: 10_000, countsAsAttempt: false });
  } finally {
    await limiters.close();
  }
});

it('refuses what it cannot write as permanent, without a call', async () => {
  const writer = createRecordWriter({ hubspot: hs.hs });
  expect(await writer.write('hubspot', 'deals', 'upsert', [item('x', {})])).toEqual([{ ok: false, failure: { kind: 'permanent', code: 'UNSUPPORTED_OBJECT', message: expect.any(String) } }]);
  expect(await writer.write('salesforce', 'Lead', 'upsert', [item('x', {})])).toEqual([{ ok: false, failure: { kind: 'permanent', code: 'NOT_CONFIGURED', message: 'Salesforce is not configured' } }]);
  expect(hs.emu.callCounts().total).toBe(0);
});
