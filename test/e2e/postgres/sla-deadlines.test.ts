/** SLA deadlines applied by the timer sweep on PostgreSQL, in a schema of its own: the scenarios of ../sla-deadlines.test.ts. */
import { describeIfPg } from '../../support/db';
import { slaDeadlines } from '../scenarios/sla-deadlines';

describeIfPg('SLA deadlines (PostgreSQL)', () => {
  slaDeadlines('pg');
});
