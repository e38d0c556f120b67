/**
 * A new inquiry from someone who already has a lead: how it is told from HubSpot's conversion
 * properties, and what it does to the lead in each state (decideReinquiry), on the shipped mappings.
 */
import { assertDecision } from '../../../../src/domain/decision';
import { conversionInquiry, decideReinquiry } from '../../../../src/domain/inquiry';
import type { Inquiry, ReinquiryAction } from '../../../../src/domain/inquiry';
import type { LeadView } from '../../../../src/domain/lead';
import type { LeadState } from '../../../../src/domain/lifecycle';
import { TUESDAY, applyDecision, config, lead, withRms } from '../routing/fixtures';
import type { LeadOverrides } from '../routing/fixtures';

describe('a new inquiry, from HubSpot conversion properties', () => {
  const seen = { num_conversion_events: '1', recent_conversion_date: '2026-02-01T10:00:00.000Z', recent_conversion_event_name: 'Contact us' };

  it.each([
    ['a second form (count and date move)', { num_conversion_events: '2', recent_conversion_date: '2026-03-10T16:58:00.000Z', recent_conversion_event_name: 'Rate alert sign-up' }, 'hubspot:conversion:2'],
    ['the count read before the date caught up', { ...seen, num_conversion_events: '2' }, 'hubspot:conversion:2'],
    ['the date catching up with a count already seen', { ...seen, recent_conversion_date: '2026-03-10T16:58:00.000Z' }, null],
    ['a re-read of the same values', seen, null],
    ['a count going down (a merge, a correction)', { ...seen, num_conversion_events: '0' }, null],
  ] as [string, Record<string, string>, string | null][])('%s', (_what, after, id) => {
    expect(conversionInquiry(seen, after)?.id ?? null).toBe(id);
  });

  it('names the form and leaves the product to the lead (the form changed product_interest itself)', () => {
    const after = { num_conversion_events: '3', recent_conversion_date: '1773161880000', recent_conversion_event_name: ' Rate alert sign-up ' };
    expect(conversionInquiry(seen, after)).toEqual({ id: 'hubspot:conversion:3', source: 'hubspot.contact', what: 'Rate alert sign-up', product: null, branchId: null, at: new Date(1773161880000) });
  });

  it('takes a property never read before for a baseline, not an inquiry; the date alone counts without a count', () => {
    expect(conversionInquiry({}, { num_conversion_events: '4' })).toBeNull();
    expect(conversionInquiry({ recent_conversion_date: null }, { recent_conversion_date: '2026-03-10T16:58:00.000Z' })?.id).toBe('hubspot:conversion_at:2026-03-10T16:58:00.000Z');
    expect(conversionInquiry({ recent_conversion_date: '2026-03-10T16:58:00.000Z' }, { recent_conversion_date: '2026-03-10T16:58:00.000Z' })).toBeNull();
    expect(conversionInquiry({}, { recent_conversion_date: '2026-03-10T16:58:00.000Z' })).toBeNull();
  });
});

describe('decideReinquiry', () => {
  const form: Inquiry = { id: 'hubspot:conversion:2', source: 'hubspot.contact', what: 'Rate alert sign-up', product: null, branchId: null, at: TUESDAY };
  const referral: Inquiry = { id: 'events:branch_crm:ref-7', source: 'events:branch_crm', what: 'referral', product: 'heloc', branchId: 'evanston', at: TUESDAY };
  const tomas = { kind: 'rm' as const, id: 'tomas_rivera' };
  const at = (state: LeadState, over: LeadOverrides = {}): LeadView =>
    lead({ state, product: 'mortgage', owner: state === 'routed' || state === 'accepted' || state === 'contacted' || state === 'approved' ? tomas : null, attempt: 1, ...over });
  const decide = (l: LeadView, inquiry: Inquiry = form, extra: { seen?: string[]; previousProduct?: string | null; config?: typeof config } = {}) =>
    decideReinquiry({ lead: l, inquiry, config: extra.config ?? config, now: TUESDAY, seen: extra.seen ?? [], ...(extra.previousProduct !== undefined ? { previousProduct: extra.previousProduct } : {}) });

  it.each([
    ['captured', {}, 'decide_again'],
    ['blocked', {}, 'decide_again'],
    ['ready', {}, 'decide_again'],
    ['recycled', { recycleCount: 1 }, 'decide_again'],
    ['routed', {}, 'task'],
    ['accepted', {}, 'task'],
    ['contacted', {}, 'task'],
    ['approved', {}, 'task'],
    ['escalated', { owner: { kind: 'queue', id: 'contact_center' } }, 'noted'],
    ['accepted', { owner: { kind: 'rm', id: 'left_the_bank' } }, 'noted'],
    ['funded', { recycleCount: 2 }, 'reopen'],
    ['closed_lost', { recycleCount: 1 }, 'reopen'],
    ['disqualified', {}, 'reopen'],
    ['closed_lost', { recycleCount: 2 }, 'refused'],
    ['disqualified', { recycleCount: 3 }, 'refused'],
  ] as [LeadState, LeadOverrides, ReinquiryAction][])('%s %j → %s', (state, over, action) => {
    const out = decide(at(state, over));
    expect(out.action).toBe(action);
    expect(out.decision === null).toBe(action === 'decide_again');
    if (out.decision) expect(() => assertDecision(state, out.decision!)).not.toThrow();
  });

  it('does nothing for an inquiry already handled (a webhook read and a poll of the same form)', () => {
    expect(decide(at('accepted'), form, { seen: ['hubspot:conversion:1', 'hubspot:conversion:2'] })).toEqual({ action: 'duplicate', decision: null });
    expect(decide(at('funded'), form, { seen: ['hubspot:conversion:2'] }).action).toBe('duplicate');
  });

  it('gives the owner a Task about the new product, due by the policy\'s first-contact deadline, keyed by the inquiry', () => {
    const out = decide(at('accepted'), form, { previousProduct: 'checking' });
    const d = out.decision!;
    expect(d.newState).toBeNull();
    expect(d.writes.tasks).toEqual([
      {
        key: 'L-1:inquiry:hubspot:conversion:2',
        assignee: { kind: 'rm', id: 'tomas_rivera', salesforceUsername: 'tomas.rivera@bank.example' },
        subject: 'New inquiry: Mortgage (purchase and refinance)',
        description:
          'A new inquiry on this lead (form "Rate alert sign-up"); they now ask about Mortgage (purchase and refinance), before Checking account. ' +
          'Contact them about it by 16:00 CDT. No new Lead was made; if someone else should take it, return it with reason Wrong_Product.',
        activityDate: '2026-03-10',
        dueAt: new Date('2026-03-10T21:00:00.000Z'),
        priority: 'Normal',
        status: 'Not Started',
      },
    ]);
    expect(d.audit).toEqual({
      type: 'reinquiry',
      summary: 'New inquiry (form "Rate alert sign-up") for Mortgage (purchase and refinance): a Task for Tomás Rivera, due by 16:00 CDT',
      explanation: {
        inquiry: { id: 'hubspot:conversion:2', source: 'hubspot.contact', what: 'Rate alert sign-up', product: 'mortgage', previousProduct: 'checking', at: TUESDAY.toISOString() },
        state: 'accepted',
        owner: 'tomas_rivera',
        dueAt: '2026-03-10T21:00:00.000Z',
        policy: 'standard',
        taskKey: 'L-1:inquiry:hubspot:conversion:2',
      },
    });
    // The same form again makes the same Task key: Salesforce upserts it, no second Task.
    expect(decide(at('accepted')).decision!.writes.tasks![0]!.key).toBe('L-1:inquiry:hubspot:conversion:2');
  });

  it('takes a referral\'s product for the Task and the SLA, and says which branch sent it', () => {
    const d = decide(at('contacted'), referral).decision!;
    expect(d.writes.tasks![0]).toMatchObject({ key: 'L-1:inquiry:events:branch_crm:ref-7', subject: 'New inquiry: Home equity line of credit' });
    expect(d.audit.summary).toMatch(/^New inquiry \(referral from branch evanston\) for Home equity line of credit: a Task for Tomás Rivera, due by /);
    expect(d.audit.explanation.inquiry).toMatchObject({ product: 'heloc', branchId: 'evanston' });
  });

  it('records an inquiry on a queue\'s lead, or one whose owner left the roster, with no Task', () => {
    const queue = decide(at('escalated', { owner: { kind: 'queue', id: 'contact_center' } })).decision!;
    expect(queue.writes).toEqual({});
    expect(queue.audit.summary).toBe('New inquiry (form "Rate alert sign-up") for Mortgage (purchase and refinance): recorded; the lead is with queue contact_center, which a Task cannot be given to');
    const gone = withRms((rms) => rms.filter((r) => r.id !== 'tomas_rivera'));
    expect(decide(at('accepted'), form, { config: gone }).action).toBe('noted');
  });

  it('reopens a lost lead as a new round with marketing, counted as a recycle', () => {
    const l = at('closed_lost', { recycleCount: 1, owner: tomas, ownersSoFar: ['tomas_rivera'], attempt: 2 });
    const d = decide(l).decision!;
    expect(d.newState).toBe('recycled');
    expect(d.lead).toEqual({ owner: null, branchId: null, attempt: 0, ownersSoFar: [], recycleCount: 2, timestamps: { recycledAt: TUESDAY, acceptBy: null } });
    expect(d.writes).toEqual({ hubspot: { hs_lead_status: 'BAD_TIMING', handoff_status: 'recycled' } });
    expect(d.timers).toEqual([]);
    expect(d.audit.type).toBe('reopened');
    expect(d.audit.summary).toBe('New inquiry (form "Rate alert sign-up") for Mortgage (purchase and refinance): reopened from closed_lost for a new handoff, recycle 2 of 2');
    // A new round: nobody has had it yet, so the owners of the last one may be given it again.
    expect(applyDecision(l, d)).toMatchObject({ state: 'recycled', owner: null, attempt: 0, ownersSoFar: [], recycleCount: 2 });
  });

  it('reopens a funded customer\'s lead without counting a recycle, whatever the count', () => {
    const d = decide(at('funded', { recycleCount: 2 }), referral).decision!;
    expect(d.lead?.recycleCount).toBe(2);
    expect(d.audit.explanation).toMatchObject({ countedAsRecycle: false, recycleCount: 2, maxRecycles: 2 });
    expect(d.audit.summary).toBe('New inquiry (referral from branch evanston) for Home equity line of credit: reopened from funded for a new handoff');
  });

  it('holds a reopened lead whose recycle cooldown is still running, with the timer that decides it again', () => {
    const until = new Date('2026-04-01T00:00:00Z');
    const d = decide(at('disqualified', { timestamps: { createdAt: new Date('2026-01-01'), cooldownUntil: until } })).decision!;
    expect(d.timers).toEqual([{ op: 'arm', kind: 'recycle_cooldown', dueAt: until, payload: { recycleCount: 1 } }]);
    expect(d.audit.explanation).toMatchObject({ cooldownUntil: until.toISOString() });
    expect(decide(at('disqualified', { timestamps: { createdAt: new Date('2026-01-01'), cooldownUntil: new Date('2026-03-01') } })).decision!.timers).toEqual([]);
  });

  it('does not reopen a lost lead at the recycle cap, and says why', () => {
    const d = decide(at('closed_lost', { recycleCount: 2 })).decision!;
    expect(d).toMatchObject({ newState: null, writes: {}, timers: [] });
    expect(d.audit.summary).toBe('New inquiry (form "Rate alert sign-up") for Mortgage (purchase and refinance): the lead is closed_lost after 2 recycle(s), the most allowed (2), so it is not handed off again');
  });
});
