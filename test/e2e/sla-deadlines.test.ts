/** SLA deadlines applied by the timer sweep on PGlite: the scenarios are in ./scenarios/sla-deadlines.ts, shared with ./postgres/sla-deadlines.test.ts. */
import { slaDeadlines } from './scenarios/sla-deadlines';

describe('SLA deadlines (PGlite)', () => {
  slaDeadlines('pglite');
});
