/** Sync health on PGlite: the scenario is in ./scenarios/sync-health.ts, shared with ./postgres/sync-health.test.ts. */
import { syncHealth } from './scenarios/sync-health';

describe('sync health: dead letters and handoff latency (PGlite)', () => {
  syncHealth('pglite');
});
