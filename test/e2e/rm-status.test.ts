/** RM answers carried to HubSpot on PGlite: the scenarios are in ./scenarios/rm-status.ts, shared with ./postgres/rm-status.test.ts. */
import { rmStatus } from './scenarios/rm-status';

describe('RM answers carried to HubSpot (PGlite)', () => {
  rmStatus('pglite');
});
