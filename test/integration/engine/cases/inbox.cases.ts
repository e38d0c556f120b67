import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import { applyPlan } from '../../../../src/engine/apply';
import type { InboxHandler } from '../../../../src/engine/inbox';
import { processInbox, storeInbound } from '../../../../src/engine/inbox';
import { createMetrics } from '../../../../src/observability/metrics';
import { clockAt, newLeadPlan, resetTables, secondHandle } from '../support';

const event = (sourceId: string, leadId = sourceId) => ({ source: 'hubspot' as const, sourceId, kind: 'contact.creation', payload: { objectId: 42, leadId } });

/** A handler that creates the lead the event names, through the same transaction. */
const createLeadHandler: InboxHandler = async (tx, row) => {
  const { leadId } = row.payload as { leadId: string };
  await applyPlan(tx, newLeadPlan(leadId), clockAt());
  return 'applied';
};

export function inboxCases(backend: Backend): void {
  const t = useTestDb(backend, { migrate: true });
  beforeEach(() => resetTables(t().db));

  it('stores the same event three times once', async () => {
    const clock = clockAt();
    const metrics = createMetrics();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await storeInbound(t().db, clock, event('evt-1'), metrics));
    expect(results).toEqual([{ status: 'stored', id: expect.any(Number) }, { status: 'duplicate' }, { status: 'duplicate' }]);
    expect(await storeInbound(t().db, clock, { ...event('evt-1'), source: 'events' })).toMatchObject({ status: 'stored' });
    expect((await t().db.query('SELECT count(*)::int AS n FROM inbox')).rows).toEqual([{ n: 2 }]);
    expect(await metrics.registry.getSingleMetricAsString('handoff_inbox_received_total')).toContain('handoff_inbox_received_total{source="hubspot",result="duplicate"} 2');
  });

  it('commits the handler effects and "processed" together', async () => {
    const clock = clockAt();
    await storeInbound(t().db, clock, event('e1', 'L1'));
    await storeInbound(t().db, clock, event('e2', 'L2'));
    const r = await processInbox(t().db, clock, createLeadHandler, { limit: 10 });
    expect(r).toEqual({ processed: 2, applied: 2, ignored: 0, failed: 0, dead: 0 });
    expect((await t().db.query('SELECT id FROM leads ORDER BY id')).rows).toEqual([{ id: 'L1' }, { id: 'L2' }]);
    expect((await t().db.query('SELECT outcome, processed_at, attempts FROM inbox ORDER BY id')).rows).toEqual([
      { outcome: 'applied', processed_at: clock.now(), attempts: 1 },
      { outcome: 'applied', processed_at: clock.now(), attempts: 1 },
    ]);
    expect(await processInbox(t().db, clock, createLeadHandler, { limit: 10 })).toMatchObject({ processed: 0 });
  });

  it('rolls back a failing handler, retries it later with backoff, then parks it dead with the reason', async () => {
    const clock = clockAt();
    await storeInbound(t().db, clock, event('bad', 'LX'));
    const failing: InboxHandler = async (tx, row) => {
      await createLeadHandler(tx, row);
      throw new Error('routing rules matched no one');
    };
    const opts = { limit: 5, maxAttempts: 3, backoff: { baseMs: 1000, capMs: 60_000, random: () => 0.5 } };
    expect(await processInbox(t().db, clock, failing, opts)).toMatchObject({ processed: 1, failed: 1 });
    expect((await t().db.query('SELECT count(*)::int AS n FROM leads')).rows).toEqual([{ n: 0 }]);
    const row = await t().db.query<{ available_at: Date; attempts: number; last_error: string; processed_at: Date | null }>('SELECT available_at, attempts, last_error, processed_at FROM inbox');
    expect(row.rows[0]).toEqual({ available_at: new Date(clock.now().getTime() + 500), attempts: 1, last_error: 'routing rules matched no one', processed_at: null });
    expect(await processInbox(t().db, clock, failing, opts)).toMatchObject({ processed: 0 });
    clock.advance(500);
    expect(await processInbox(t().db, clock, failing, opts)).toMatchObject({ failed: 1 });
    clock.advance(60_000);
    expect(await processInbox(t().db, clock, failing, opts)).toMatchObject({ dead: 1 });
    expect((await t().db.query('SELECT outcome, attempts, last_error FROM inbox')).rows).toEqual([{ outcome: 'dead', attempts: 3, last_error: 'routing rules matched no one' }]);
    expect((await t().db.query('SELECT count(*)::int AS n FROM leads')).rows).toEqual([{ n: 0 }]);
  });

  it('never hands one item to two workers', async () => {
    const clock = clockAt();
    for (let i = 0; i < 40; i++) await storeInbound(t().db, clock, event(`e${i}`, `L${i}`));
    const seen: string[] = [];
    const handler: InboxHandler = async (tx, row) => {
      seen.push(row.sourceId);
      await new Promise((r) => setImmediate(r));
      return createLeadHandler(tx, row);
    };
    const other = await secondHandle(backend, t().db, t().schema);
    try {
      const [a, b] = await Promise.all([processInbox(t().db, clock, handler, { limit: 100 }), processInbox(other.db, clock, handler, { limit: 100 })]);
      expect(a.applied + b.applied).toBe(40);
    } finally {
      await other.close();
    }
    expect(new Set(seen).size).toBe(40);
    expect(seen).toHaveLength(40);
  });
}
