/** Echo suppression against the write ledger on PGlite: the scenarios are in ./scenarios/echo-suppression.ts, shared with ./postgres/echo-suppression.test.ts. */
import { echoSuppression } from './scenarios/echo-suppression';

describe('echo suppression (PGlite)', () => {
  echoSuppression('pglite');
});
