/** Lead lifecycle on PostgreSQL, in a schema of its own: the scenarios of ../lifecycle.test.ts. */
import { describeIfPg } from '../../support/db';
import { leadLifecycle } from '../scenarios/lifecycle';

describeIfPg('lead lifecycle (PostgreSQL)', () => {
  leadLifecycle('pg');
});
