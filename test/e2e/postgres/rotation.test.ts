/** Out of rotation and back on PostgreSQL, in a schema of its own: the scenarios of ../rotation.test.ts. */
import { describeIfPg } from '../../support/db';
import { rotation } from '../scenarios/rotation';

describeIfPg('out of rotation and back (PostgreSQL)', () => {
  rotation('pg');
});
