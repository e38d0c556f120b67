import { decideHandoffResponse } from '../../../../src/domain/acceptance';
import { assertDecision } from '../../../../src/domain/decision';
import type { LeadView } from '../../../../src/domain/lead';
import { decideAfterReturn, onRecycleCooldown } from '../../../../src/domain/recycle';
import { RETURN_REASONS } from '../../../../src/config/schemas/recycle';
import { TUESDAY, applyDecision, config, hot, lead } from '../routing/fixtures';
import type { LeadOverrides } from '../routing/fixtures';

const routed = (over: LeadOverrides = {}): LeadView =>
  lead({ state: 'routed', product: 'mortgage', owner: { kind: 'rm', id: 'tomas_rivera' }, attempt: 1, ownersSoFar: ['tomas_rivera'], timestamps: { createdAt: new Date('2026-03-01'), acceptBy: new Date('2026-03-10T19:00:00Z') }, ...over });

const respond = (l: LeadView, handoffStatus: string, returnReason?: string | null, ownerId?: string) =>
  decideHandoffResponse({ lead: l, change: { handoffStatus, ...(returnReason !== undefined ? { returnReason } : {}), ...(ownerId ? { ownerId } : {}) }, config, now: TUESDAY });

describe('accept or return, from Handoff_Status__c', () => {
  it('Accepted moves the lead on, stops the accept clock and says whether it was on time', () => {
    const out = respond(routed(), 'Accepted');
    expect(out.kind).toBe('accepted');
    expect(out.onTime).toBe(true);
    expect(out.ownerId).toBe('tomas_rivera');
    expect(out.decision.newState).toBe('accepted');
    expect(out.decision.timers).toEqual([{ op: 'cancel', kind: 'sla_accept_warning' }, { op: 'cancel', kind: 'sla_accept_breach' }]);
    expect(out.decision.writes).toEqual({ hubspot: { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS', handoff_status: 'accepted', handoff_owner: 'Tomás Rivera' }, salesforce: { Handoff_Status__c: 'Accepted' } });
    expect(out.decision.audit.summary).toBe('Accepted by Tomás Rivera, 120 min before the deadline');
    expect(respond(routed({ timestamps: { createdAt: new Date('2026-03-01'), acceptBy: new Date('2026-03-10T16:00:00Z') } }), 'Accepted').onTime).toBe(false);
  });

  it('a queue lead is taken by whoever accepts it', () => {
    const out = respond(routed({ state: 'escalated', owner: { kind: 'queue', id: 'contact_center' } }), 'Accepted', undefined, 'isabel_cruz');
    expect(out.decision.lead).toMatchObject({ owner: { kind: 'rm', id: 'isabel_cruz' }, branchId: null });
    expect(() => assertDecision('escalated', out.decision)).not.toThrow();
  });

  it('Returned with a reason gives the lead back and stops every SLA clock', () => {
    const out = respond(routed({ state: 'accepted' }), 'Returned', 'Not_Ready_Timing');
    expect(out).toMatchObject({ kind: 'returned', returnReason: 'Not_Ready_Timing' });
    expect(out.decision.newState).toBe('returned');
    expect(out.decision.writes.hubspot).toEqual({ hs_lead_status: 'OPEN', handoff_status: 'returned', handoff_return_reason: 'Not_Ready_Timing' });
    expect(out.decision.timers).toHaveLength(6);
  });

  it('a return by the accept-by is an answer on time (it ends a breach streak, as an acceptance does)', () => {
    expect(respond(routed(), 'Returned', 'Not_Ready_Timing')).toMatchObject({ kind: 'returned', onTime: true, ownerId: 'tomas_rivera' });
    const late = routed({ timestamps: { createdAt: new Date('2026-03-01'), acceptBy: new Date('2026-03-10T16:00:00Z') } });
    expect(respond(late, 'Returned', 'Not_Ready_Timing').onTime).toBe(false);
    // Returning a lead already accepted answers no deadline.
    expect(respond(routed({ state: 'accepted' }), 'Returned', 'Not_Ready_Timing').onTime).toBeUndefined();
  });

  it('judges an answer by when Salesforce says it was made, not by when Handoff read it', () => {
    // The accept-by passed 5 minutes ago; the RM accepted 2 minutes before it, read by a later poll.
    const acceptBy = new Date(TUESDAY.getTime() - 5 * 60_000);
    const waiting = routed({ timestamps: { createdAt: new Date('2026-03-01'), acceptBy } });
    const answer = (answeredAt: Date | null, handoffStatus = 'Accepted') =>
      decideHandoffResponse({ lead: waiting, change: { handoffStatus, returnReason: 'Not_Ready_Timing', answeredAt }, config, now: TUESDAY });
    const early = answer(new Date(acceptBy.getTime() - 2 * 60_000));
    expect(early).toMatchObject({ kind: 'accepted', onTime: true });
    expect(early.decision.audit.summary).toBe('Accepted by Tomás Rivera, 2 min before the deadline');
    expect(answer(new Date(acceptBy.getTime() - 60_000), 'Returned')).toMatchObject({ kind: 'returned', onTime: true });
    // Made after the deadline, unknown, or stamped ahead of the clock (skew): judged as read, now.
    expect(answer(new Date(acceptBy.getTime() + 60_000)).decision.audit.summary).toBe('Accepted by Tomás Rivera, 1 min after the deadline');
    expect(answer(null).decision.audit.summary).toBe('Accepted by Tomás Rivera, 5 min after the deadline');
    expect(answer(new Date(TUESDAY.getTime() + 3_600_000))).toMatchObject({ onTime: false });
  });

  it('Returned without a reason is not a return: the status goes back and the RM gets a Task', () => {
    const out = respond(routed(), 'Returned', null);
    expect(out.kind).toBe('needs_reason');
    expect(out.decision.newState).toBeNull();
    expect(out.decision.writes.salesforce).toEqual({ Handoff_Status__c: 'Pending' });
    expect(out.decision.writes.tasks?.[0]).toMatchObject({ key: 'L-1:return_reason:1', assignee: { id: 'tomas_rivera' }, subject: 'Give a Return Reason, or accept the lead', priority: 'High' });
    expect(out.decision.audit.summary).toBe('Return refused: no Return Reason was given; sent back to Tomás Rivera as a Task');
    // After acceptance the status goes back to Accepted, and an unknown reason gets a did-you-mean.
    const typo = respond(routed({ state: 'contacted' }), 'Returned', 'Not_Interestd');
    expect(typo.decision.writes.salesforce).toEqual({ Handoff_Status__c: 'Accepted' });
    expect(typo.decision.audit.summary).toBe('Return refused: "Not_Interestd" is not a Return Reason (did you mean "Not_Interested"?); sent back to Tomás Rivera as a Task');
  });

  it('dates the give-a-reason Task in the owner\'s branch time zone, not UTC', () => {
    // 19:30 on Tuesday in Chicago is already Wednesday in UTC.
    const out = decideHandoffResponse({ lead: routed(), change: { handoffStatus: 'Returned', returnReason: null }, config, now: new Date('2026-03-11T00:30:00Z') });
    expect(out.decision.writes.tasks?.[0]?.activityDate).toBe('2026-03-10');
  });

  it('ignores answers that do not apply', () => {
    expect(respond(routed({ state: 'accepted' }), 'Accepted').kind).toBe('ignored');
    expect(respond(routed(), 'Pending').decision.audit.summary).toBe('Handoff status Pending ignored: pending is what Handoff itself writes');
    expect(respond(routed(), 'Accepted', undefined, 'michael_brooks').decision.audit.summary).toBe('Handoff status Accepted ignored: michael_brooks answered, but the lead now belongs to tomas_rivera');
    expect(respond(routed({ state: 'funded' }), 'Returned', 'Duplicate').kind).toBe('ignored');
  });
});

describe('after a return, by recycle.yaml', () => {
  const returned = (over: LeadOverrides = {}) => routed({ state: 'returned', ...over });
  const after = (reason: string, over: LeadOverrides = {}) => decideAfterReturn({ lead: returned(over), reason, config, now: TUESDAY, poolStates: {}, openLeadCounts: {} });

  it('recycles with the reason\'s stage, status, nurture list and cooldown', () => {
    const out = after('Not_Ready_Timing');
    expect(out.action).toBe('recycle');
    const d = out.decision;
    expect(d.newState).toBe('recycled');
    expect(d.writes).toEqual({
      hubspot: { lifecyclestage: 'lead', hs_lead_status: 'BAD_TIMING', handoff_status: 'recycled' },
      salesforce: { Status: 'Closed - Not Converted' },
      hubspotLists: { add: ['Nurture - Not ready yet'] },
      hubspotClearFirst: ['lifecyclestage'],
    });
    expect(d.timers).toEqual([{ op: 'arm', kind: 'recycle_cooldown', dueAt: new Date('2026-05-09T17:00:00Z'), payload: { recycleCount: 1 } }]);
    expect(d.lead).toMatchObject({ owner: null, attempt: 0, ownersSoFar: [], recycleCount: 1, timestamps: { cooldownUntil: new Date('2026-05-09T17:00:00Z') } });
    expect(d.audit.summary).toBe('Returned (Not_Ready_Timing): recycled to marketing into "Nurture - Not ready yet", recycle 1 of 2; may be handed off again from 2026-05-09T17:00:00.000Z');
    expect(() => assertDecision('returned', d)).not.toThrow();
  });

  it('every return reason has a defined outcome', () => {
    for (const reason of RETURN_REASONS) {
      const out = after(reason);
      expect(['recycle', 'reroute', 'disqualify', 'close']).toContain(out.action);
      expect(() => assertDecision('returned', out.decision)).not.toThrow();
    }
  });

  it('ends the lead once it has been recycled the most times allowed', () => {
    const out = after('Not_Interested', { recycleCount: 2 });
    expect(out.action).toBe('end_after_cap');
    expect(out.decision.newState).toBe('closed_lost');
    expect(out.decision.audit.type).toBe('recycle_cap_reached');
    expect(out.decision.timers).toEqual([]);
  });

  it('routes again without the owner who returned it, when it went to the wrong person', () => {
    const out = after('Outside_Territory');
    expect(out.action).toBe('reroute');
    expect(out.decision.newState).toBe('routed');
    expect(out.decision.owner?.id).toBe('michael_brooks');
    expect(out.route?.explanation.excludedOwners).toEqual(['tomas_rivera']);
    expect(out.decision.audit.summary).toMatch(/^Returned \(Outside_Territory\), so routed again without tomas_rivera\. Routed to Michael Brooks/);
    expect(() => assertDecision('returned', out.decision)).not.toThrow();
  });

  it('disqualifies a duplicate', () => {
    const d = after('Duplicate').decision;
    expect(d.newState).toBe('disqualified');
    // statuses.yaml's disqualified writes, not the default recycling stage and list.
    expect(d.writes).toEqual({ hubspot: { hs_lead_status: 'UNQUALIFIED' }, salesforce: { Status: 'Closed - Not Converted' } });
  });

  it('after the cooldown a recycled lead that qualifies again becomes ready; one that does not stays recycled', () => {
    let l = applyDecision(returned(), after('Bad_Contact_Info').decision);
    expect(l.state).toBe('recycled');
    const early = onRecycleCooldown({ lead: { ...l, signals: hot() }, config, now: TUESDAY });
    expect(early.decision.newState).toBeNull();
    expect(early.result?.reasons.map((r) => r.code)).toEqual(['RECYCLE_COOLDOWN']);
    const later = new Date('2026-03-18T17:00:00Z');
    l = { ...l, signals: hot(later) };
    expect(onRecycleCooldown({ lead: l, config, now: later }).decision.newState).toBe('ready');
    expect(onRecycleCooldown({ lead: { ...l, signals: [] }, config, now: later }).decision.newState).toBeNull();
  });
});
