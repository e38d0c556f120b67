import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import { applyPlan } from '../../../../src/engine/apply';
import { runDispatchOnce } from '../../../../src/engine/dispatcher';
import { DEFAULT_LEDGER_TTL_MS, closeConfirmed, consumeEcho, filterEchoes, filterEchoesOfRead, pruneLedger, recordWrites, recordsWithLiveEntries } from '../../../../src/engine/ledger';
import { FakeWriter, clockAt, newLeadPlan, resetTables } from '../support';

export function ledgerCases(backend: Backend): void {
  const t = useTestDb(backend, { migrate: true });
  beforeEach(() => resetTables(t().db));

  it('lets each recorded write suppress exactly one echo; a different value is a real change', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [{ system: 'salesforce', recordId: '00Q1', field: 'Status', value: 'Working' }]);
    const echo = { system: 'salesforce' as const, recordId: '00Q1', field: 'Status', value: 'Working' };
    expect(await consumeEcho(t().db, { ...echo, value: 'Closed' }, clock.now())).toBe(false);
    expect(await consumeEcho(t().db, { ...echo, system: 'hubspot' }, clock.now())).toBe(false);
    expect(await consumeEcho(t().db, echo, clock.now())).toBe(true);
    // The same value again is someone setting it again (an automation, a person): real.
    expect(await consumeEcho(t().db, echo, clock.now())).toBe(false);
  });

  it('matches values as the systems echo them back (HubSpot strings, Salesforce types)', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [
      { system: 'hubspot', recordId: '42', field: 'annualrevenue', value: 5000 },
      { system: 'hubspot', recordId: '42', field: 'opted_out', value: true },
      { system: 'hubspot', recordId: '42', field: 'interests', value: ['loans', 'cards'] },
      { system: 'hubspot', recordId: '42', field: 'phone', value: null },
    ]);
    const r = await filterEchoes(t().db, 'hubspot', '42', { annualrevenue: '5000.0', opted_out: 'true', interests: 'cards;loans', phone: '', lastname: 'Lovelace' }, clock.now());
    expect(r).toEqual({ echoes: ['annualrevenue', 'opted_out', 'interests', 'phone'], real: { lastname: 'Lovelace' } });
  });

  it('expires: an old write does not swallow a later genuine change', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [{ system: 'salesforce', recordId: '00Q2', field: 'Status', value: 'Open' }], 60_000);
    clock.advance(60_000);
    expect(await consumeEcho(t().db, { system: 'salesforce', recordId: '00Q2', field: 'Status', value: 'Open' }, clock.now())).toBe(false);
    expect(await pruneLedger(t().db, clock.now())).toBe(1);
  });

  it('drops the entries of values a coalesced write superseded: they are never sent, so never echoed', async () => {
    const clock = clockAt();
    const w = (payload: Record<string, unknown>) => ({ system: 'salesforce' as const, object: 'Lead', operation: 'update' as const, recordKey: 'hs-9', payload });
    await applyPlan(t().db, newLeadPlan('L9', { outbox: [w({ Status: 'Open', Phone: '1' }), w({ Status: 'Working' })] }), clock);
    await runDispatchOnce({ db: t().db, clock, writer: new FakeWriter() });
    const echo = (field: string, value: string) => consumeEcho(t().db, { system: 'salesforce', recordId: 'hs-9', field, value }, clock.now());
    expect(await echo('Status', 'Open')).toBe(false);
    expect(await echo('Status', 'Working')).toBe(true);
    expect(await echo('Phone', '1')).toBe(true);
  });

  it('has a read consume the live entry of every field it shows with that value, moved or not; of the moved fields, the rest are real', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [
      { system: 'hubspot', recordId: '77', field: 'firstname', value: 'Robert' },
      { system: 'hubspot', recordId: '77', field: 'city', value: 'Denver' },
    ]);
    const read = { firstname: 'Robert', city: 'Denver', lastname: 'Lovelace' };
    // firstname equals what Handoff last saw (not moved); city and lastname moved.
    expect(await filterEchoesOfRead(t().db, 'hubspot', '77', read, ['city', 'lastname'], clock.now())).toEqual({ echoes: ['firstname', 'city'], real: { lastname: 'Lovelace' } });
    // Consumed once: the same read again finds nothing to consume, and what moved is real.
    expect(await filterEchoesOfRead(t().db, 'hubspot', '77', read, ['city'], clock.now())).toEqual({ echoes: [], real: { city: 'Denver' } });
    expect(await recordsWithLiveEntries(t().db, 'hubspot', ['77'], clock.now())).toEqual(new Set());
  });

  it('treats a different value as real, even with a live entry for the field', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [{ system: 'salesforce', recordId: '00Q5', field: 'FirstName', value: 'Robert' }]);
    expect(await filterEchoesOfRead(t().db, 'salesforce', '00Q5', { FirstName: 'Bob' }, ['FirstName'], clock.now())).toEqual({ echoes: [], real: { FirstName: 'Bob' } });
    expect(await recordsWithLiveEntries(t().db, 'salesforce', ['00Q5', '00Q6'], clock.now())).toEqual(new Set(['00Q5']));
  });

  it('closes the entries of a confirmed write (coalesced rows too): its echo is no change by then, and a later same value is real', async () => {
    const clock = clockAt();
    const w = (payload: Record<string, unknown>) => ({ system: 'salesforce' as const, object: 'Lead', operation: 'update' as const, recordKey: 'hs-8', payload });
    await applyPlan(t().db, newLeadPlan('L8', { outbox: [w({ Status: 'Open', Phone: '1' }), w({ Status: 'Working' }), { ...w({ City: 'Denver' }), recordKey: 'hs-other' }] }), clock);
    await runDispatchOnce({
      db: t().db,
      clock,
      writer: new FakeWriter((item) => (item.recordKey === 'hs-8' ? { ok: true } : { ok: false, failure: { kind: 'retryable', message: 'socket hang up' } })),
      onWritten: (tx, written) => closeConfirmed(tx, written.rowIds, clock.now()),
    });
    const echo = (recordId: string, field: string, value: string) => consumeEcho(t().db, { system: 'salesforce', recordId, field, value }, clock.now());
    expect(await echo('hs-8', 'Status', 'Working')).toBe(false);
    expect(await echo('hs-8', 'Phone', '1')).toBe(false);
    // The write whose answer was lost still suppresses its one echo.
    expect(await echo('hs-other', 'City', 'Denver')).toBe(true);
    expect(await echo('hs-other', 'City', 'Denver')).toBe(false);
  });

  it('lives six hours from the last send, however long the write waited to go', async () => {
    const clock = clockAt();
    expect(DEFAULT_LEDGER_TTL_MS).toBe(6 * 3600_000);
    const w = (recordKey: string) => ({ system: 'salesforce' as const, object: 'Lead', operation: 'update' as const, recordKey, payload: { Status: 'Open' } });
    await applyPlan(t().db, newLeadPlan('L7', { outbox: [w('hs-sent'), w('hs-waiting')] }), clock);
    await t().db.query(`UPDATE outbox SET next_attempt_at = $1 WHERE record_key = 'hs-waiting'`, [new Date(clock.now().getTime() + 24 * 3600_000)]);
    clock.advance(5 * 3600_000);
    // Sent five hours after it was queued, and its answer lost.
    await runDispatchOnce({ db: t().db, clock, writer: new FakeWriter(() => ({ ok: false, failure: { kind: 'retryable', message: 'socket hang up' } })) });
    clock.advance(5 * 3600_000);
    const echo = (recordId: string) => consumeEcho(t().db, { system: 'salesforce', recordId, field: 'Status', value: 'Open' }, clock.now());
    expect(await echo('hs-waiting')).toBe(false);
    expect(await echo('hs-sent')).toBe(true);
  });

  it('consumes one entry once even when two workers see the same echo at once', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [{ system: 'salesforce', recordId: '00Q3', field: 'Status', value: 'Open' }]);
    const echo = { system: 'salesforce' as const, recordId: '00Q3', field: 'Status', value: 'Open' };
    const results = await Promise.all(Array.from({ length: 6 }, () => consumeEcho(t().db, echo, clock.now())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
}
