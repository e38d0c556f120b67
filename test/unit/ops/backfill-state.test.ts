/**
 * How the backfill reads an existing Lead's standing from its fields (statuses.yaml inbound),
 * and the cursor that lets it resume.
 */
import { existingLeadState } from '../../../src/ops/backfill-state';
import { placeCursor, readPlace } from '../../../src/ops/backfill';
import { compareCursor } from '../../../src/engine/cursors';
import { config } from '../domain/routing/fixtures';

describe('existingLeadState', () => {
  it.each([
    [{}, null, 'routed', 'owned in Salesforce, not answered yet'],
    [{ Handoff_Status__c: 'Pending' }, null, 'routed', 'owned in Salesforce, not answered yet'],
    [{ Handoff_Status__c: 'Accepted' }, null, 'accepted', 'Handoff_Status__c = Accepted'],
    [{ Handoff_Status__c: 'Returned' }, null, 'returned', 'Handoff_Status__c = Returned'],
    [{ Handoff_Status__c: 'Accepted', Status: 'Working - Contacted' }, null, 'contacted', 'Status = Working - Contacted'],
    [{ Status: 'Closed - Not Converted', Handoff_Status__c: 'Accepted' }, null, 'disqualified', 'Status = Closed - Not Converted'],
    [{ IsConverted: true }, null, 'application_started', 'converted'],
    [{ IsConverted: true, Handoff_Status__c: 'Accepted' }, 'Funded', 'funded', 'converted; Opportunity StageName = Funded'],
    [{ IsConverted: true }, 'Closed Lost', 'closed_lost', 'converted; Opportunity StageName = Closed Lost'],
  ])('%j with opportunity stage %s → %s', (lead, stage, state, because) => {
    expect(existingLeadState(lead, stage, config)).toEqual({ state, because });
  });
});

describe('the backfill cursor', () => {
  it('round-trips, and each step of a walk sorts after the one before (the cursor table only moves forward)', () => {
    const steps = [
      { untilMs: 1_700_000_000_000, afterId: '951', walked: 100, done: false },
      { untilMs: 1_700_000_000_000, afterId: '10043', walked: 200, done: false },
      { untilMs: 1_700_000_000_000, afterId: '10043', walked: 213, done: true },
    ];
    const cursors = steps.map((s) => placeCursor(0, s));
    expect(cursors.map((c) => readPlace(c))).toEqual([steps[0], steps[1], { untilMs: 1_700_000_000_000, walked: 213, done: true }]);
    expect(compareCursor(cursors[0]!, cursors[1]!)).toBeLessThan(0);
    expect(compareCursor(cursors[1]!, cursors[2]!)).toBeLessThan(0);
    expect(readPlace({ ts: new Date(0), id: 'garbage' })).toBeNull();
  });
});
