/** Echo suppression against the write ledger on PostgreSQL, in a schema of its own: the scenarios of ../echo-suppression.test.ts. */
import { describeIfPg } from '../../support/db';
import { echoSuppression } from '../scenarios/echo-suppression';

describeIfPg('echo suppression (PostgreSQL)', () => {
  echoSuppression('pg');
});
