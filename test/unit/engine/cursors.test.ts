/**
 * The Salesforce look-back re-read's position: how far it may go (what the forward walk read, and
 * nothing younger than the look-back, from the start of a second), and when a forward page lets it
 * move up without a second read.
 */
import type { Cursor } from '../../../src/engine/cursors';
import { FIRST_ID, reReadAfterForwardPage, reReadThrough } from '../../../src/engine/cursors';

const at = (iso: string, id = FIRST_ID): Cursor => ({ ts: new Date(iso), id });
const ms = (iso: string): number => new Date(iso).getTime();
const MINUTE = 60_000;

describe('reReadThrough', () => {
  it('stops at the forward cursor, or before the second that is a look-back old, whichever is first', () => {
    const forward = at('2025-03-04T15:01:00Z', '00Q000000000200');
    expect(reReadThrough(forward, ms('2025-03-04T15:03:00Z'), MINUTE)).toEqual(forward);
    expect(reReadThrough(forward, ms('2025-03-04T15:01:30.700Z'), MINUTE)).toEqual(at('2025-03-04T15:00:30Z'));
  });
});

describe('reReadAfterForwardPage', () => {
  const from = at('2025-03-04T14:00:00Z', '00Q000000000100');
  const to = at('2025-03-04T15:00:00Z', '00Q000000000200');

  it('moves up to what the page read when it was already a look-back old', () => {
    expect(reReadAfterForwardPage(from, from, to, ms('2025-03-04T15:05:00Z'), MINUTE)).toEqual(to);
    // Read young: only the part older than the look-back needs no second read.
    expect(reReadAfterForwardPage(from, from, to, ms('2025-03-04T15:00:20Z'), MINUTE)).toEqual(at('2025-03-04T14:59:20Z'));
  });

  it('stays where it is while a gap behind the page is still to be re-read, and never moves back', () => {
    const behind = at('2025-03-04T13:00:00Z');
    expect(reReadAfterForwardPage(behind, from, to, ms('2025-03-04T15:05:00Z'), MINUTE)).toEqual(behind);
    const ahead = at('2025-03-04T15:00:00Z', '00Q000000000300');
    expect(reReadAfterForwardPage(ahead, from, to, ms('2025-03-04T15:05:00Z'), MINUTE)).toEqual(ahead);
  });
});
