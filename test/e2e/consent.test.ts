/** Consent revocations carried both ways on PGlite: the scenarios are in ./scenarios/consent.ts, shared with ./postgres/consent.test.ts. */
import { consentBothWays } from './scenarios/consent';

describe('consent revocations reach the other system (PGlite)', () => {
  consentBothWays('pglite');
});
