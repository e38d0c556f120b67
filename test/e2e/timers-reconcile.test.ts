/** Timers and reconciliation on PGlite: the scenarios are in ./scenarios/timers-reconcile.ts, shared with ./postgres/timers-reconcile.test.ts. */
import { timersAndReconcile } from './scenarios/timers-reconcile';

describe('timers and reconciliation (PGlite)', () => {
  timersAndReconcile('pglite');
});
