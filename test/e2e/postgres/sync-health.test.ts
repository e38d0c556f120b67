/** Sync health on PostgreSQL, in a schema of its own: the scenario of ../sync-health.test.ts. */
import { describeIfPg } from '../../support/db';
import { syncHealth } from '../scenarios/sync-health';

describeIfPg('sync health: dead letters and handoff latency (PostgreSQL)', () => {
  syncHealth('pg');
});
