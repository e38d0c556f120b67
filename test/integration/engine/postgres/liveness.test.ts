/**
 * Claims of a process that died are taken back at once, asked of PostgreSQL (the dead process's
 * liveness lock is gone), while a live replica's claims stay its own however long it holds them:
 * no clock moves in these tests, so no lease ever expires.
 */
import pg from 'pg';
import type { TestDb } from '../../../support/db';
import { TEST_DATABASE_URL, createTestDb, describeIfPg } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { openDb } from '../../../../src/store/open';
import { WorkerLiveness, advisoryKeyHalves } from '../../../../src/engine/liveness';
import { claimOutbox } from '../../../../src/engine/outbox';
import { claimDue, setTimer } from '../../../../src/engine/timers';
import { releaseClaimsOfDeadProcesses } from '../../../../src/engine/pipeline/claims';
import { clockAt, createLead, enqueueRows, row, statuses } from '../support';

/** Kills a backend as a crash of its process would, waiting until it is gone. */
async function killBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1, 10000) AS ok', [pid]);
    expect(rows[0]?.ok).toBe(true);
  } finally {
    await admin.end();
  }
}

const claimOpts = (workerId: string, clock: ReturnType<typeof clockAt>) => ({ workerId, clock, leaseMs: 5 * 60_000, limit: 100, maxAttempts: 8 });

describeIfPg('claims and the liveness of the process holding them (PostgreSQL)', () => {
  let t: TestDb;
  let replicaB: Db;
  let a: WorkerLiveness;
  let b: WorkerLiveness;
  beforeEach(async () => {
    t = await createTestDb('pg', { migrate: true });
    replicaB = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: t.schema });
    a = new WorkerLiveness(t.db, t.schema!, 'replica-a');
    b = new WorkerLiveness(replicaB, t.schema!, 'replica-b');
  });
  afterEach(async () => {
    await a.release();
    await b.release();
    await replicaB.close();
    await t.dispose();
  });

  it('leaves a live replica its claims, and takes them back the moment its process dies', async () => {
    const clock = clockAt();
    await enqueueRows(t.db, clock, [row('k1', { n: 1 }), row('k2', { n: 2 })]);
    await createLead(t.db, clock, 'lead-1');
    await setTimer(t.db, clock, 'lead-1', { kind: 'sla_accept_breach', dueAt: clock.now() });
    expect(await a.ensure()).toBe(true);
    expect(await b.ensure()).toBe(true);
    const held = await claimOutbox(replicaB, claimOpts('replica-b', clock));
    expect(held.groups.map((g) => g.recordKey)).toEqual(['k1', 'k2']);
    expect(await claimDue(replicaB, clock, { workerId: 'replica-b', limit: 10, leaseMs: 5 * 60_000 })).toHaveLength(1);

    // Replica A starts (or runs its dispatch) while B is mid-batch: nothing of B's is taken.
    for (const atStart of [true, false]) {
      expect(await releaseClaimsOfDeadProcesses(t.db, a, clock.now(), { atStart, maxAttempts: 8 })).toEqual({ outbox: 0, timers: 0, dead: 0 });
    }
    expect((await claimOutbox(t.db, claimOpts('replica-a', clock))).groups).toEqual([]);
    expect(await claimDue(t.db, clock, { workerId: 'replica-a', limit: 10, leaseMs: 5 * 60_000 })).toEqual([]);
    expect((await statuses(t.db)).map((r) => [r.record_key, r.status])).toEqual([
      ['k1', 'claimed'],
      ['k2', 'claimed'],
    ]);

    // B's process dies (its connection with it): A takes the rows back at once, the clock unmoved.
    await killBackend(b.backendPid!);
    expect(await releaseClaimsOfDeadProcesses(t.db, a, clock.now(), { atStart: false, maxAttempts: 8 })).toEqual({ outbox: 2, timers: 1, dead: 0 });
    const again = await claimOutbox(t.db, claimOpts('replica-a', clock));
    expect(again.groups.map((g) => [g.recordKey, g.attempts])).toEqual([
      ['k1', 2],
      ['k2', 2],
    ]);
    expect(await claimDue(t.db, clock, { workerId: 'replica-a', limit: 10, leaseMs: 5 * 60_000 })).toHaveLength(1);
    const { rows } = await t.db.query<{ last_error: string | null }>(`SELECT DISTINCT last_error FROM outbox`);
    expect(rows).toEqual([{ last_error: 'the process that claimed this write died before recording a result' }]);
  });

  it('counts a death as an attempt: a write that has used up its attempts goes dead, and the later write of its record is held', async () => {
    const clock = clockAt();
    await enqueueRows(t.db, clock, [row('k1', { n: 1 })]);
    await b.ensure();
    await claimOutbox(replicaB, { ...claimOpts('replica-b', clock), maxAttempts: 1 });
    await enqueueRows(t.db, clock, [row('k1', { n: 2 })]);
    await killBackend(b.backendPid!);
    expect(await releaseClaimsOfDeadProcesses(t.db, a, clock.now(), { atStart: true, maxAttempts: 1 })).toEqual({ outbox: 0, timers: 0, dead: 1 });
    expect((await t.db.query(`SELECT status FROM outbox ORDER BY id`)).rows).toEqual([{ status: 'dead' }, { status: 'held' }]);
  });

  it('a worker that lost its lock session takes it again before its next claim', async () => {
    await b.ensure();
    const first = b.backendPid!;
    await killBackend(first);
    expect(await b.ensure()).toBe(true);
    expect(b.backendPid).not.toBe(first);
    expect([...(await a.alive(['replica-b', 'replica-gone']))]).toEqual(['replica-b']);
  });

  it('reads a 64-bit key the way pg_locks shows it', async () => {
    for (const key of ['-1', '1', '-9223372036854775808', '4294967296', '-4294967297']) {
      const { rows } = await t.db.session(async (conn) => {
        await conn.query('SELECT pg_advisory_lock($1::bigint)', [key]);
        return conn.query<{ classid: number; objid: number }>(
          `SELECT classid::bigint AS classid, objid::bigint AS objid FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
        );
      });
      expect(rows).toEqual([advisoryKeyHalves(key)]);
    }
  });
});
