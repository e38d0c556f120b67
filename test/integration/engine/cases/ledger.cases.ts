import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import { applyPlan } from '../../../../src/engine/apply';
import { runDispatchOnce } from '../../../../src/engine/dispatcher';
import { consumeEcho, filterEchoes, pruneLedger, recordWrites } from '../../../../src/engine/ledger';
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

  it('consumes one entry once even when two workers see the same echo at once', async () => {
    const clock = clockAt();
    await recordWrites(t().db, clock, [{ system: 'salesforce', recordId: '00Q3', field: 'Status', value: 'Open' }]);
    const echo = { system: 'salesforce' as const, recordId: '00Q3', field: 'Status', value: 'Open' };
    const results = await Promise.all(Array.from({ length: 6 }, () => consumeEcho(t().db, echo, clock.now())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
}
