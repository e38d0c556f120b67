/** 1,000 MQL contacts handed off on PostgreSQL, in a schema of its own: the scenarios of ../handoff-volume.test.ts. */
import { describeIfPg } from '../../support/db';
import { handoffVolume } from '../scenarios/handoff-volume';

describeIfPg('1,000 MQL contacts handed off (PostgreSQL)', () => {
  handoffVolume('pg');
});
