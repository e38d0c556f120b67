/**
 * The engine's transaction-scoped advisory locks (the audit chain's append, routing's pool
 * pointers) are per deployment, that is per schema: a deployment never waits on another one
 * sharing the database, while two replicas of one deployment still take turns. Waiting is told
 * apart from not waiting by the server's lock_timeout, so nothing here sleeps.
 */
import type { TestDb } from '../../../support/db';
import { TEST_DATABASE_URL, createTestDb, describeIfPg } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { openDb } from '../../../../src/store/open';
import { ManualClock } from '../../../../src/domain/clock';
import { appendAudit, auditHead } from '../../../../src/engine/audit';
import { lockKeySql } from '../../../../src/engine/lock-keys';
import { loadRoutingState } from '../../../../src/engine/pipeline/routing-state';

const clock = new ManualClock('2026-03-02T15:00:00.000Z');

/** Runs `fn` in a transaction left open until the returned `release` is called. */
async function holdOpen(db: Db, fn: (tx: Db) => Promise<unknown>): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let ready!: () => void;
  let failed!: (err: unknown) => void;
  const started = new Promise<void>((res, rej) => ((ready = res), (failed = rej)));
  const done = db
    .transaction(async (tx) => {
      await fn(tx);
      ready();
      await gate;
    })
    .catch(failed);
  await started;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** `fn` in a transaction that gives up on any lock it waits for longer than `ms`. */
function withLockTimeout<T>(db: Db, ms: number, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL lock_timeout = '${ms}ms'`);
    return fn(tx);
  });
}

describeIfPg('advisory locks per deployment on one PostgreSQL database', () => {
  let one: TestDb;
  let other: TestDb;
  let oneAgain: Db;
  beforeEach(async () => {
    one = await createTestDb('pg', { migrate: true });
    other = await createTestDb('pg', { migrate: true });
    oneAgain = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: one.schema! });
  });
  afterEach(async () => {
    await oneAgain.close();
    await other.dispose();
    await one.dispose();
  });

  it('an audit append in one schema does not wait for one open in another; a replica of the same schema waits, then chains after it', async () => {
    const held = await holdOpen(one.db, (tx) => appendAudit(tx, clock, { type: 'note', actor: 'test', summary: 'first' }));
    try {
      // The other deployment appends at once (the lock timeout would fail it if it waited).
      await expect(withLockTimeout(other.db, 5_000, (tx) => appendAudit(tx, clock, { type: 'note', actor: 'test' }))).resolves.toMatchObject({ prevHash: null });
      // A second replica of the first deployment waits for the open append.
      await expect(withLockTimeout(oneAgain, 300, (tx) => appendAudit(tx, clock, { type: 'note', actor: 'test' }))).rejects.toThrow(/lock timeout/);
    } finally {
      await held.release();
    }
    const first = await auditHead(one.db);
    const second = await appendAudit(oneAgain, clock, { type: 'note', actor: 'test', summary: 'second' });
    expect(second.prevHash).toBe(first!.hash);
  });

  it('routing in one schema does not wait for routing open in another; a replica of the same schema waits', async () => {
    const held = await holdOpen(one.db, (tx) => loadRoutingState(tx));
    try {
      await expect(withLockTimeout(other.db, 5_000, (tx) => loadRoutingState(tx))).resolves.toMatchObject({ poolStates: {} });
      await expect(withLockTimeout(oneAgain, 300, (tx) => loadRoutingState(tx))).rejects.toThrow(/lock timeout/);
    } finally {
      await held.release();
    }
    await expect(withLockTimeout(oneAgain, 5_000, (tx) => loadRoutingState(tx))).resolves.toMatchObject({ poolStates: {} });
  });

  it('keys differ by schema and by purpose, and are the same for every connection to one schema', async () => {
    const key = async (db: Db, purpose: 'audit' | 'routing') => (await db.query<{ k: string }>(`SELECT ${lockKeySql(purpose)}::text AS k`)).rows[0]!.k;
    expect(await key(one.db, 'audit')).toBe(await key(oneAgain, 'audit'));
    expect(await key(one.db, 'audit')).not.toBe(await key(other.db, 'audit'));
    expect(await key(one.db, 'audit')).not.toBe(await key(one.db, 'routing'));
  });
});
