/**
 * What only PostgreSQL has (what replicas share): two daemons on one database — their cycles
 * racing — still making one Lead per contact, and only one of them leading the pollers. The
 * single-daemon scenarios (handoff, answers, quiet cycles…) run here from ../scenarios/.
 */
import { loadEnv } from '../../../src/config';
import { createDaemon, leaderRole } from '../../../src/engine/daemon';
import { LeaderElector } from '../../../src/engine/leadership';
import { openDb } from '../../../src/store/open';
import { TEST_DATABASE_URL, describeIfPg } from '../../support/db';
import type { E2E } from '../support';
import { createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

describeIfPg('pipeline on PostgreSQL', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend: 'pg' });
  });
  afterAll(async () => e?.close());

  it('lets two daemons on one database race their cycles without a second Lead, with one poller leader', async () => {
    const { env } = loadEnv({ ...e.sandbox.env, SALESFORCE_API_SHARE: '1' });
    const url = new URL(TEST_DATABASE_URL!);
    const schema = (await e.db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const otherDb = await openDb({ databaseUrl: url.toString(), schema });
    const other = await createDaemon({ env: env!, db: otherDb, clock: e.clock, http: false, workerId: 'replica-2' });
    try {
      const ids = createAndQualify(e.sandbox, 100, 30);
      pastSearchLag(e.clock);
      const [a, b] = await Promise.all([e.daemon.syncOnce(), other.syncOnce()]);
      expect([...a.errors, ...b.errors]).toEqual([]);
      // Whatever one left (a row the other held) the next cycle finishes.
      await e.daemon.syncOnce();
      const leads = leadsByContact(e.sandbox);
      expect(ids.map((id) => leads.get(id)?.length ?? 0)).toEqual(ids.map(() => 1));

      // The daemons' own role for this installation (its schema), as their poll jobs would ask.
      const one = new LeaderElector(e.db, leaderRole('pollers', schema));
      const two = new LeaderElector(otherDb, leaderRole('pollers', schema));
      try {
        const leaders = [await one.isLeader(), await two.isLeader()];
        expect(leaders.filter(Boolean)).toHaveLength(1);
      } finally {
        await one.resign();
        await two.resign();
      }
    } finally {
      await other.stop();
      await otherDb.close();
    }
  });
});
