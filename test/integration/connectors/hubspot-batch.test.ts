/**
 * Batch reads and writes against the emulator with the real SDK: per-record results in input
 * order, a 207 mapped back to its inputs (never read as success), duplicates merged, the 100 cap.
 */
import { mapBatchResults } from '../../../src/connectors/hubspot/batch-results';
import type { ApiError } from '../../../src/connectors/api-failure';
import { WITHHELD } from '../../../src/connectors/error-text';
import { HandoffError } from '../../../src/errors';
import type { HubSpotHarness } from './hubspot-harness';
import { startHubSpot } from './hubspot-harness';

let h: HubSpotHarness;
beforeEach(async () => {
  h = await startHubSpot({ searchLagMs: 0 });
});
afterEach(() => h.close());

describe('batchUpsertContactsByEmail', () => {
  it('creates and updates by email, one result per input in input order', async () => {
    const existing = h.emu.createContact({ email: 'known@example.com', firstname: 'Old' });
    const results = await h.hs.batchUpsertContactsByEmail([
      { email: 'new1@example.com', properties: { firstname: 'Ann' } },
      { email: 'known@example.com', properties: { firstname: 'New' } },
      { email: 'new2@example.com', properties: { firstname: 'Bo' } },
    ]);
    expect(results).toEqual([
      { key: 'new1@example.com', ok: true, id: expect.any(String), created: true },
      { key: 'known@example.com', ok: true, id: existing.id, created: false },
      { key: 'new2@example.com', ok: true, id: expect.any(String), created: true },
    ]);
    expect(h.emu.getContact(existing.id)!.properties['firstname']).toBe('New');
    const ids = results.map((r) => (r.ok ? r.id : ''));
    expect(h.emu.getContact(ids[0]!)!.properties['email']).toBe('new1@example.com');
  });

  it('reads a 207 per input: the bad input fails with its reason, the others are written', async () => {
    const results = await h.hs.batchUpsertContactsByEmail([
      { email: 'good1@example.com', properties: { firstname: 'A' } },
      { email: 'bad@example.com', properties: { no_such_property: 'x' } },
      { email: 'good2@example.com', properties: { firstname: 'B' } },
    ]);
    expect(h.emu.callCounts().byRouteStatus).toEqual({ 'POST /crm/v3/objects/contacts/batch/upsert 207': 1 });
    expect(results[0]).toMatchObject({ key: 'good1@example.com', ok: true });
    expect(results[1]).toEqual({
      key: 'bad@example.com',
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('no_such_property'), fields: ['no_such_property'], retryable: false },
    });
    expect(results[2]).toMatchObject({ key: 'good2@example.com', ok: true });
    expect(h.emu.contacts.findByEmail('bad@example.com')).toBeUndefined();
    expect(h.emu.contacts.findByEmail('good2@example.com')).toBeDefined();
  });

  it('merges inputs for the same email (HubSpot would reject the whole batch) and answers each', async () => {
    const results = await h.hs.batchUpsertContactsByEmail([
      { email: 'Dup@Example.com', properties: { firstname: 'First', lastname: 'Kept' } },
      { email: 'other@example.com', properties: { firstname: 'O' } },
      { email: 'dup@example.com', properties: { firstname: 'Second' } },
    ]);
    expect(results.map((r) => [r.key, r.ok])).toEqual([
      ['Dup@Example.com', true],
      ['other@example.com', true],
      ['dup@example.com', true],
    ]);
    const [a, , c] = results;
    expect(a!.ok && c!.ok && a!.id === c!.id).toBe(true);
    const stored = h.emu.contacts.findByEmail('dup@example.com')!;
    expect(stored.properties).toMatchObject({ firstname: 'Second', lastname: 'Kept' });
  });

  it('refuses more than 100 inputs before calling HubSpot: chunking is the caller’s', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ email: `u${i}@example.com`, properties: {} }));
    const err = await h.hs.batchUpsertContactsByEmail(inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect((err as HandoffError).code).toBe('HUBSPOT_BATCH_TOO_LARGE');
    expect(h.emu.callCounts().total).toBe(0);
  });
});

describe('batchUpdateContacts', () => {
  it('maps an unknown id (207 OBJECT_NOT_FOUND, context.ids) and a bad value to their inputs', async () => {
    const a = h.emu.createContact({ email: 'a@example.com' });
    const b = h.emu.createContact({ email: 'b@example.com' });
    const results = await h.hs.batchUpdateContacts([
      { id: a.id, properties: { firstname: 'A2' } },
      { id: '999999', properties: { firstname: 'Nobody' } },
      { id: b.id, properties: { lifecyclestage: 'not-a-stage' } },
      { id: a.id, properties: { lastname: 'Merged' } },
    ]);
    expect(results).toEqual([
      { key: a.id, ok: true, id: a.id },
      { key: '999999', ok: false, error: { code: 'OBJECT_NOT_FOUND', message: expect.any(String), retryable: false } },
      { key: b.id, ok: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('lifecyclestage'), fields: ['lifecyclestage'], retryable: false } },
      { key: a.id, ok: true, id: a.id },
    ]);
    expect(h.emu.getContact(a.id)!.properties).toMatchObject({ firstname: 'A2', lastname: 'Merged' });
  });
});

describe('reads', () => {
  it('batchReadContacts returns found records and lists the missing ids', async () => {
    const a = h.emu.createContact({ email: 'a@example.com', firstname: 'Ann' });
    const { records, missing } = await h.hs.batchReadContacts([a.id, '424242', a.id], ['firstname']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: a.id, properties: { firstname: 'Ann' }, modifiedMs: h.clock.now().getTime() });
    expect(missing).toEqual(['424242']);
  });

  it('batchReadContacts does not pass another 207 error off as a missing contact', async () => {
    h.emu.intercept((_req, res, key) => {
      if (key !== 'POST /crm/v3/objects/contacts/batch/read') return false;
      res.status(207).json({ status: 'COMPLETE', results: [], numErrors: 1, errors: [{ status: 'error', category: 'INTERNAL_ERROR', message: 'try again', context: { ids: ['1'] } }] });
      return true;
    });
    const err = await h.hs.batchReadContacts(['1'], []).catch((e: unknown) => e);
    expect((err as ApiError).failure).toMatchObject({ kind: 'retryable', status: 207, code: 'INTERNAL_ERROR' });
  });

  it('getContact answers undefined for an id HubSpot does not have', async () => {
    const a = h.emu.createContact({ email: 'a@example.com', firstname: 'Ann' });
    expect((await h.hs.getContact(a.id, ['firstname']))?.properties['firstname']).toBe('Ann');
    expect(await h.hs.getContact('31337', ['firstname'])).toBeUndefined();
  });
});

describe('mapping a batch answer without echoed trace ids', () => {
  // Real HubSpot may leave objectWriteTraceId out of results: match by email or id instead.
  const unique = [
    { key: 'A@x.com', match: 'a@x.com', properties: {} },
    { key: 'b@x.com', match: 'b@x.com', properties: {} },
    { key: 'c@x.com', match: 'c@x.com', properties: {} },
  ];
  const obj = (id: string, email: string) => ({ id, properties: { email } });

  it('matches results by email and errors by context.ids, case-insensitively', () => {
    const results = mapBatchResults(
      unique,
      { results: [obj('2', 'b@x.com'), obj('1', 'a@x.com')], errors: [{ category: 'CONFLICT', message: 'nope', context: { ids: ['C@X.COM'] } }] },
      (o) => o.properties['email']?.toLowerCase(),
    );
    expect(results.map((r) => (r.ok ? r.id : r.error.code))).toEqual(['1', '2', 'CONFLICT']);
  });

  it('gives an error that names no input to the one input left, and a retryable no-result to silence', () => {
    const one = mapBatchResults(unique, { results: [obj('1', 'a@x.com'), obj('2', 'b@x.com')], errors: [{ category: 'VALIDATION_ERROR', message: 'bad' }] }, (o) => o.properties['email'] ?? undefined);
    expect(one[2]).toMatchObject({ key: 'c@x.com', ok: false, error: { code: 'VALIDATION_ERROR', retryable: false } });
    const none = mapBatchResults(unique, { results: [obj('1', 'a@x.com')] }, (o) => o.properties['email'] ?? undefined);
    expect(none.slice(1).map((r) => !r.ok && r.error)).toEqual([
      { code: 'HUBSPOT_NO_RESULT', message: expect.any(String), retryable: true },
      { code: 'HUBSPOT_NO_RESULT', message: expect.any(String), retryable: true },
    ]);
  });

  it('marks an input a rate limit refused with the limit and its window', () => {
    const results = mapBatchResults(
      unique.slice(0, 2),
      {
        results: [],
        errors: [
          { category: 'RATE_LIMITS', message: 'You have reached your secondly limit.', context: { ids: ['a@x.com'] } },
          { category: 'RATE_LIMIT', message: 'slow down', context: { ids: ['b@x.com'] } },
        ],
      },
      () => undefined,
    );
    expect(results.map((r) => !r.ok && r.error.rateLimit)).toEqual([
      { policy: 'SECONDLY', waitMs: 1_000 },
      { policy: 'TEN_SECONDLY_ROLLING', waitMs: 10_000 },
    ]);
  });

  it('keeps no value from error messages: a wording it does not know is withheld, the code kept', () => {
    const [r] = mapBatchResults(unique.slice(0, 1), { results: [], errors: [{ category: 'CONFLICT', message: 'Contact a@x.com already exists', context: { ids: ['a@x.com'] } }] }, () => undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: WITHHELD } });
  });
});
