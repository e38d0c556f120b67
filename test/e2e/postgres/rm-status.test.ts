/** RM answers carried to HubSpot on PostgreSQL, in a schema of its own: the scenarios of ../rm-status.test.ts. */
import { describeIfPg } from '../../support/db';
import { rmStatus } from '../scenarios/rm-status';

describeIfPg('RM answers carried to HubSpot (PostgreSQL)', () => {
  rmStatus('pg');
});
