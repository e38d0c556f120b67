/**
 * kill -9 on PostgreSQL: the same scenario as ../kill9.test.ts with the child's store in a schema
 * of its own (DATABASE_URL with its search_path).
 */
import { createTestDb, describeIfPg } from '../../../support/db';
import type { TestDb } from '../../../support/db';
import type { Kill9World } from '../kill9-harness';
import { kill9World, leadsByContact } from '../kill9-harness';
import { killNineScenario } from '../kill9-scenario';

describeIfPg('kill -9 (PostgreSQL)', () => {
  let w: Kill9World | undefined;
  let t: TestDb | undefined;
  afterAll(async () => {
    await w?.dispose();
    await t?.dispose();
  });

  it('kill -9 mid-handoff, restart: one Lead per contact, one Task per RM-owned Lead', async () => {
    t = await createTestDb('pg');
    w = await kill9World({ DATABASE_URL: t.databaseUrl! });
    const n = 300;
    const r = await killNineScenario(w, n);
    expect(r.atKill).toBeGreaterThan(0);
    expect(r.atKill).toBeLessThan(n);
    expect([...leadsByContact(w.sandbox).values()].filter((l) => l.length > 1)).toEqual([]);
    expect(w.sandbox.salesforce.records('Lead')).toHaveLength(n);
    // The dead process's claims were taken back at start, not after their 5-minute lease.
    expect(r.waitedMs).toBeLessThan(60_000);
  }, 4 * 60_000);
});
