/** What an RM's return leads to, on PostgreSQL, in a schema of its own: the scenarios of ../returns.test.ts. */
import { describeIfPg } from '../../support/db';
import { returns } from '../scenarios/returns';

describeIfPg('returns and recycling (PostgreSQL)', () => {
  returns('pg');
});
