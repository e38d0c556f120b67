/** 429, 5xx and reset storms on PGlite: the scenarios are in ./scenarios/faults.ts, shared with ./postgres/faults.test.ts. */
import { faultStorms } from './scenarios/faults';

describe('429, 5xx and reset storms (PGlite)', () => {
  faultStorms('pglite');
});
