/** Priority lanes on PostgreSQL, in a schema of its own: the scenario of ../lanes.test.ts. */
import { describeIfPg } from '../../support/db';
import { priorityLanes } from '../scenarios/lanes';

describeIfPg('priority lanes (PostgreSQL)', () => {
  priorityLanes('pg');
});
