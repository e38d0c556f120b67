import { assertDecision, outboundWrites } from '../../../../src/domain/decision';
import { decideRouting } from '../../../../src/domain/routing';
import { TUESDAY, config, lead } from './fixtures';

describe('decideRouting: a ready lead routed, as one Decision', () => {
  it('owner, SLA plan, Lead and contact writes, the owner\'s Task, timers, pool pointer and audit', () => {
    const { decision: d, route, plan } = decideRouting({ lead: lead({ id: 'L-7', product: 'mortgage' }), config, poolStates: {}, openLeadCounts: {}, now: TUESDAY });
    expect(() => assertDecision('ready', d)).not.toThrow();
    expect(d.newState).toBe('routed');
    expect(d.owner).toEqual({ kind: 'rm', id: 'tomas_rivera', name: 'Tomás Rivera', branchId: 'chicago_loop', queueId: null, salesforceUsername: 'tomas.rivera@bank.example' });
    expect(d.lead).toEqual({
      owner: { kind: 'rm', id: 'tomas_rivera' },
      branchId: 'chicago_loop',
      attempt: 1,
      ownersSoFar: ['tomas_rivera'],
      timestamps: { acceptBy: plan.acceptBy, routedAt: TUESDAY },
      score: 30,
    });
    expect(d.writes.hubspot).toEqual({
      lifecyclestage: 'marketingqualifiedlead',
      hs_lead_status: 'OPEN',
      handoff_status: 'routed',
      handoff_owner: 'Tomás Rivera',
      handoff_accept_by: '2026-03-10T19:00:00.000Z',
      handoff_sla_breached: 'false',
    });
    expect(d.writes.salesforce).toEqual({
      Status: 'Open - Not Contacted',
      Handoff_Status__c: 'Pending',
      Accept_By__c: '2026-03-10T19:00:00.000Z',
      Handoff_Attempt__c: 1,
      Branch_Id__c: 'chicago_loop',
      Routing_Reason__c: route.summary,
      Handoff_Score__c: 30,
    });
    expect(d.writes.tasks).toEqual([plan.task]);
    expect(d.timers).toEqual(plan.timers);
    // Nearest-branch pools keep a pointer per set of branches found.
    expect(d.poolStates).toEqual({ 'mortgage_to_nearby_loan_officers@chicago_loop+evanston': route.poolStateUpdate?.state });
    expect(d.audit.type).toBe('routed');
    expect(d.audit.summary).toBe(`${route.summary}. Accept by 2026-03-10T19:00:00.000Z (standard, branch chicago_loop (America/Chicago)).`);
    expect(d.audit.explanation).toMatchObject({ routing: route.explanation, sla: { policy: 'standard', priority: 'standard', clock: 'business', acceptBy: '2026-03-10T19:00:00.000Z' } });
  });

  it('never routes to someone who had the lead in this round', () => {
    const { decision } = decideRouting({ lead: lead({ product: 'mortgage', ownersSoFar: ['tomas_rivera'] }), config, poolStates: {}, openLeadCounts: {}, now: TUESDAY });
    expect(decision.owner?.id).toBe('michael_brooks');
    expect(decision.lead?.ownersSoFar).toEqual(['tomas_rivera', 'michael_brooks']);
  });

  it('a lead held for an away owner starts its clock when they are back', () => {
    const { decision, plan } = decideRouting({
      lead: lead({ existingCustomer: true, existingOwnerId: 'yuki_tanaka', fields: { zip: '11201', state: 'NY' } }),
      config,
      poolStates: {},
      openLeadCounts: {},
      now: new Date('2026-12-22T15:00:00Z'),
    });
    expect(decision.audit.type).toBe('held_for_owner');
    expect(plan.start.toISOString()).toBe('2027-01-02T14:00:00.000Z');
    expect(plan.policy.clock).toBe('working');
    expect(decision.poolStates).toBeUndefined();
  });
});

describe('statuses.yaml writes', () => {
  it('nothing goes to Salesforce before the Lead exists there', () => {
    expect(outboundWrites(config.statuses, 'blocked')).toEqual({ hubspot: { handoff_status: 'blocked' }, salesforce: {} });
    expect(outboundWrites(config.statuses, 'escalated')).toEqual({ hubspot: { handoff_status: 'escalated' }, salesforce: { Handoff_Status__c: 'Pending' } });
  });

  it('assertDecision walks the path through via', () => {
    expect(() => assertDecision('routed', { newState: 'routed', via: ['reassigned'] })).not.toThrow();
    expect(() => assertDecision('ready', { newState: 'routed', via: ['reassigned'] })).toThrow('Lead cannot move from ready to reassigned');
    expect(() => assertDecision('funded', { newState: null })).not.toThrow();
  });
});
