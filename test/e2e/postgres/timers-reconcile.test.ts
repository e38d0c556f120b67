/** Timers and reconciliation on PostgreSQL, in a schema of its own: the scenarios of ../timers-reconcile.test.ts. */
import { describeIfPg } from '../../support/db';
import { timersAndReconcile } from '../scenarios/timers-reconcile';

describeIfPg('timers and reconciliation (PostgreSQL)', () => {
  timersAndReconcile('pg');
});
