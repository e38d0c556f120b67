/** Consent revocations carried both ways on PostgreSQL, in a schema of its own: the scenarios of ../consent.test.ts. */
import { describeIfPg } from '../../support/db';
import { consentBothWays } from '../scenarios/consent';

describeIfPg('consent revocations reach the other system (PostgreSQL)', () => {
  consentBothWays('pg');
});
