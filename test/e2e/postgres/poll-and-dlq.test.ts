/** Polling and the dead-letter queue on PostgreSQL, in a schema of its own: the scenarios of ../poll-and-dlq.test.ts. */
import { describeIfPg } from '../../support/db';
import { pollAndDeadLetters } from '../scenarios/poll-and-dlq';

describeIfPg('Polling and the dead-letter queue (PostgreSQL)', () => {
  pollAndDeadLetters('pg');
});
