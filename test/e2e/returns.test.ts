/** What an RM's return leads to, on PGlite: the scenarios are in ./scenarios/returns.ts, shared with ./postgres/returns.test.ts. */
import { returns } from './scenarios/returns';

describe('returns and recycling (PGlite)', () => {
  returns('pglite');
});
