/** 1,000 MQL contacts handed off on PGlite: the scenarios are in ./scenarios/handoff-volume.ts, shared with ./postgres/handoff-volume.test.ts. */
import { handoffVolume } from './scenarios/handoff-volume';

describe('1,000 MQL contacts handed off (PGlite)', () => {
  handoffVolume('pglite');
});
