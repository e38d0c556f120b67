import fc from 'fast-check';
import { assertDecision } from '../../../../src/domain/decision';
import { decideRouting } from '../../../../src/domain/routing';
import type { PoolState } from '../../../../src/domain/routing';
import { onSlaBreach } from '../../../../src/domain/sla';
import { leadArb, nowArb, randomConfig, rosterArb } from '../routing/arbitraries';
import { applyDecision } from '../routing/fixtures';

describe('SLA breaches over random rosters and leads', () => {
  it('reassignment never returns to a previous owner, and after N reassignments the lead escalates', () => {
    const scenario = rosterArb.chain(({ branches, rms }) =>
      fc.record({ branches: fc.constant(branches), rms: fc.constant(rms), lead: leadArb(rms.map((m) => m.id)), now: nowArb, max: fc.integer({ min: 0, max: 4 }) }),
    );
    fc.assert(
      fc.property(scenario, (s) => {
        const base = randomConfig(s.branches, s.rms);
        // Every policy allows `max` reassignments, and never holds: the carousel must end.
        const config = { ...base, sla: { ...base.sla, policies: base.sla.policies.map((p) => ({ ...p, max_reassignments: s.max, when_owner_away: 'reassign' as const })) } };
        let states: Record<string, PoolState> = {};
        const first = decideRouting({ lead: { ...s.lead, attempt: 0, state: 'ready' }, config, poolStates: states, openLeadCounts: {}, now: s.now });
        assertDecision('ready', first.decision);
        let l = applyDecision({ ...s.lead, attempt: 0, state: 'ready' }, first.decision);
        const owners = l.owner?.kind === 'rm' ? [l.owner.id] : [];
        let reassignments = 0;
        for (let step = 0; step < s.max + 2; step++) {
          const out = onSlaBreach({ lead: l, deadline: 'accept', timer: { attempt: l.attempt, ownerId: l.owner!.id }, config, now: s.now, poolStates: states, openLeadCounts: {} });
          if (l.state === 'escalated') {
            expect(out.action).toBe('notify');
            return;
          }
          expect(['reassign', 'escalate']).toContain(out.action);
          assertDecision(l.state, out.decision);
          if (out.decision.poolStates) states = { ...states, ...out.decision.poolStates };
          const next = applyDecision(l, out.decision);
          if (out.action === 'reassign') {
            reassignments++;
            expect(reassignments).toBeLessThanOrEqual(s.max);
            if (next.owner?.kind === 'rm') {
              expect(owners).not.toContain(next.owner.id);
              owners.push(next.owner.id);
            }
          } else {
            expect(next.state).toBe('escalated');
            expect(next.owner).toEqual({ kind: 'queue', id: config.routing.fallback_queue });
          }
          l = next;
        }
        throw new Error('the lead never escalated');
      }),
      { numRuns: 100 },
    );
  });
});
