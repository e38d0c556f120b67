/** Re-inquiries on PostgreSQL, in a schema of its own: the scenarios of ../re-inquiry.test.ts. */
import { describeIfPg } from '../../support/db';
import { reInquiry } from '../scenarios/re-inquiry';

describeIfPg('re-inquiries (PostgreSQL)', () => {
  reInquiry('pg');
});
