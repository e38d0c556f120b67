import pg from 'pg';
import type { TestDb } from '../../../support/db';
import { TEST_DATABASE_URL, createTestDb, describeIfPg } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { openDb } from '../../../../src/store/open';
import { LeaderElector, leaderLockKey } from '../../../../src/engine/leadership';

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

describeIfPg('leadership failover on PostgreSQL', () => {
  let t: TestDb;
  let replicaA: Db;
  let replicaB: Db;
  beforeEach(async () => {
    t = await createTestDb('pg', { migrate: true });
    replicaA = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: t.schema });
    replicaB = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: t.schema });
  });
  afterEach(async () => {
    await replicaB.close();
    await t.dispose();
  });

  it('hands the role to the other replica when the leader shuts down', async () => {
    const a = new LeaderElector(replicaA, 'pollers');
    const b = new LeaderElector(replicaB, 'pollers');
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await a.resign();
    await replicaA.close();
    expect(await b.isLeader()).toBe(true);
    await b.resign();
  });

  it('hands the role over when the leader dies without a word, and the old leader knows it lost', async () => {
    const a = new LeaderElector(replicaA, 'sweeps');
    const b = new LeaderElector(replicaB, 'sweeps');
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await killBackend(a.backendPid!);
    expect(await b.isLeader()).toBe(true);
    expect(await a.isLeader()).toBe(false);
    await a.resign();
    await b.resign();
    await replicaA.close();
  });
});

describeIfPg('leadership per deployment on one PostgreSQL database', () => {
  let one: TestDb;
  let other: TestDb;
  let oneAgain: Db;
  beforeEach(async () => {
    one = await createTestDb('pg', { migrate: false });
    other = await createTestDb('pg', { migrate: false });
    oneAgain = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: one.schema! });
  });
  afterEach(async () => {
    await oneAgain.close();
    await other.dispose();
    await one.dispose();
  });

  it('gives each schema its own leader of a role, and still one leader within a schema', async () => {
    const a = new LeaderElector(one.db, 'pollers');
    const b = new LeaderElector(other.db, 'pollers');
    const a2 = new LeaderElector(oneAgain, 'pollers');
    expect(await a.isLeader()).toBe(true);
    // Another deployment in the same database is not blocked by the first one's lock.
    expect(await b.isLeader()).toBe(true);
    // A second replica of the first deployment is.
    expect(await a2.isLeader()).toBe(false);
    await a.resign();
    await b.resign();
    expect(await a2.isLeader()).toBe(true);
    await a2.resign();
  });

  it('keys a role by the scope it is given, the same for every replica of a deployment', () => {
    expect(leaderLockKey('pollers', 'bank_a')).toBe(leaderLockKey('pollers', 'bank_a'));
    expect(leaderLockKey('pollers', 'bank_a')).not.toBe(leaderLockKey('pollers', 'bank_b'));
    expect(leaderLockKey('pollers', 'bank_a')).not.toBe(leaderLockKey('sweeps', 'bank_a'));
  });
});
