/** Re-inquiries on PGlite: the scenarios are in ./scenarios/re-inquiry.ts, shared with ./postgres/re-inquiry.test.ts. */
import { reInquiry } from './scenarios/re-inquiry';

describe('re-inquiries (PGlite)', () => {
  reInquiry('pglite');
});
