/** Priority lanes on PGlite: the scenario is in ./scenarios/lanes.ts, shared with ./postgres/lanes.test.ts. */
import { priorityLanes } from './scenarios/lanes';

describe('priority lanes (PGlite)', () => {
  priorityLanes('pglite');
});
