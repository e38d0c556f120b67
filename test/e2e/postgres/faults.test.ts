/** 429, 5xx and reset storms on PostgreSQL, in a schema of its own: the scenarios of ../faults.test.ts. */
import { describeIfPg } from '../../support/db';
import { faultStorms } from '../scenarios/faults';

describeIfPg('429, 5xx and reset storms (PostgreSQL)', () => {
  faultStorms('pg');
});
