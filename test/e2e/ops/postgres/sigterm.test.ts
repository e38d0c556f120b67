/**
 * SIGTERM while writes are in flight (PostgreSQL, so the test can watch the child's claims as it
 * works): Salesforce answers every Lead upsert slowly, the daemon is stopped while one is out,
 * and it exits 0 with no claim left behind — what was in flight finished or was released. The
 * restarted daemon hands off the rest, and every contact ends with exactly one Lead.
 */
import { createTestDb, describeIfPg } from '../../../support/db';
import type { TestDb } from '../../../support/db';
import type { Kill9World } from '../kill9-harness';
import { createContacts, handedOff, kill9World, leadsByContact, startRun, until } from '../kill9-harness';

describeIfPg('SIGTERM mid-dispatch (PostgreSQL)', () => {
  let w: Kill9World | undefined;
  let t: TestDb | undefined;
  afterAll(async () => {
    await w?.dispose();
    await t?.dispose();
  });

  const claimed = async (): Promise<number> => (await t!.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'claimed'`)).rows[0]!.n;

  it('finishes or releases the writes in flight, exits 0, and the restart hands off the rest once', async () => {
    t = await createTestDb('pg');
    const slowUpsert = { id: 'slow-upsert', system: 'salesforce' as const, route: 'PATCH /composite/sobjects/:sobject/:extIdField', kind: 'latency' as const, params: { ms: 1_500 } };
    w = await kill9World({ DATABASE_URL: t.databaseUrl! }, { faults: [slowUpsert] });
    const first = await startRun(w);
    const ids = createContacts(w.sandbox, 40);
    for (const id of ids) w.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });

    await until('a write in flight', async () => ((await claimed()) > 0 ? true : undefined), 90_000, 20);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).not.toMatch(/"level":"error"/);
    expect(await claimed()).toBe(0);

    const second = await startRun(w);
    try {
      await until('every contact handed off', () => (handedOff(w!.sandbox, ids) ? true : undefined), 2 * 60_000, 250);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    const leads = leadsByContact(w.sandbox);
    expect(ids.filter((id) => leads.get(id)?.length !== 1)).toEqual([]);
    expect(w.sandbox.salesforce.records('Lead')).toHaveLength(ids.length);
  }, 4 * 60_000);
});
