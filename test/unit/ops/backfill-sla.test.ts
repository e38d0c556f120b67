/**
 * The SLA a backfilled Lead starts with: an owned, unanswered Lead gets its accept window counted
 * from the backfill on the owner's calendar (never from when the Lead was made, so nothing
 * breaches on day one); answered Leads and owners outside the roster get no timers.
 */
import fc from 'fast-check';
import { rosterIndex } from '../../../src/domain/roster-index';
import { rmOwner } from '../../../src/domain/routing/route';
import { planAssignment } from '../../../src/domain/sla';
import { backfillSla } from '../../../src/ops/backfill-sla';
import { config, lead } from '../domain/routing/fixtures';

const index = rosterIndex(config);
const rms = [...index.rmById.keys()];
const queue = config.roster.queues[0]!.id;
// Made a month before Handoff went live: a clock started then would be long past every deadline.
const old = { createdAt: new Date('2026-02-10T15:00:00Z') };
const owned = (state: 'routed' | 'escalated' | 'accepted' | 'contacted', owner: { kind: 'rm' | 'queue'; id: string }) =>
  lead({ state, owner, attempt: 1, ownersSoFar: owner.kind === 'rm' ? [owner.id] : [], timestamps: old });

describe('backfillSla', () => {
  it('arms the full plan of a fresh routing, counted from the backfill, for a routed Lead', () => {
    const now = new Date('2026-03-10T17:00:00Z'); // Tuesday 12:00 in Chicago, the branch open
    const l = owned('routed', { kind: 'rm', id: 'tomas_rivera' });
    const sla = backfillSla({ lead: l, config, now });
    const plan = planAssignment({ lead: l, owner: rmOwner(index.rmById.get('tomas_rivera')!), config, now, attempt: 1 });
    expect(sla).toMatchObject({ armed: true, acceptBy: plan.acceptBy, calendar: 'branch chicago_loop (America/Chicago)', policy: plan.policy.name });
    if (!sla.armed) return;
    expect(sla.timers).toEqual(plan.timers.map((t) => (t.op === 'arm' ? { kind: t.kind, dueAt: t.dueAt, payload: t.payload } : t)));
    expect(sla.note).toBe(`accept by 14:00 CDT (${plan.policy.name} policy, counted from the backfill on branch chicago_loop (America/Chicago))`);
  });

  it('starts a Saturday backfill\'s clock when the branch opens on Monday', () => {
    const sla = backfillSla({ lead: owned('routed', { kind: 'rm', id: 'tomas_rivera' }), config, now: new Date('2026-03-14T16:00:00Z') });
    expect(sla.armed && sla.acceptBy.toISOString()).toBe('2026-03-16T15:30:00.000Z');
  });

  it('arms a queue-owned (escalated) Lead on the queue\'s calendar', () => {
    const sla = backfillSla({ lead: owned('escalated', { kind: 'queue', id: queue }), config, now: new Date('2026-03-10T17:00:00Z') });
    expect(sla).toMatchObject({ armed: true, calendar: expect.stringContaining(`queue ${queue}`) });
  });

  it.each([
    ['accepted', { kind: 'rm' as const, id: 'tomas_rivera' }, null],
    ['contacted', { kind: 'rm' as const, id: 'tomas_rivera' }, null],
    ['routed', { kind: 'rm' as const, id: 'someone_gone' }, 'no SLA timers: the Salesforce owner is not in the roster, so there is no calendar to count on'],
  ] as const)('arms nothing for a %s Lead owned by %j', (state, owner, note) => {
    expect(backfillSla({ lead: owned(state, owner), config, now: new Date('2026-03-10T17:00:00Z') })).toEqual({ armed: false, note });
  });

  it('never arms a timer at or before the backfill, whenever it runs and whoever owns the Lead', () => {
    const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.constantFrom(...rms), (now, id) => {
        const sla = backfillSla({ lead: owned('routed', { kind: 'rm', id }), config, now });
        expect(sla.armed).toBe(true);
        if (sla.armed) for (const t of sla.timers) expect(t.dueAt.getTime()).toBeGreaterThan(now.getTime());
      }),
      { numRuns: 100 },
    );
  });
});
