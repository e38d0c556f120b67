/** Lead lifecycle on PGlite: the scenarios are in ./scenarios/lifecycle.ts, shared with ./postgres/lifecycle.test.ts. */
import { leadLifecycle } from './scenarios/lifecycle';

describe('lead lifecycle (PGlite)', () => {
  leadLifecycle('pglite');
});
