/** Polling and the dead-letter queue on PGlite: the scenarios are in ./scenarios/poll-and-dlq.ts, shared with ./postgres/poll-and-dlq.test.ts. */
import { pollAndDeadLetters } from './scenarios/poll-and-dlq';

describe('Polling and the dead-letter queue (PGlite)', () => {
  pollAndDeadLetters('pglite');
});
