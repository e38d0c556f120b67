/**
 * `handoff explain`: a lead's story told from audit rows written as the pipeline writes them (the
 * decisions made by the real domain functions on the shipped mappings, the explanation plus the
 * cause, from and to), found by each kind of key a person may have, and pinned as people read it.
 */
import { decideHandoffResponse } from '../../../src/domain/acceptance';
import { ManualClock } from '../../../src/domain/clock';
import type { LeadView } from '../../../src/domain/lead';
import { decideReadiness } from '../../../src/domain/readiness';
import { decideAfterReturn } from '../../../src/domain/recycle';
import { decideRouting } from '../../../src/domain/routing';
import { onSlaBreach } from '../../../src/domain/sla';
import { appendAudit } from '../../../src/engine/audit';
import { decideOutcome } from '../../../src/engine/pipeline/outcome';
import { emailHash } from '../../../src/engine/pipeline/view';
import { isHandoffError } from '../../../src/errors';
import { decideReinquiry } from '../../../src/domain/inquiry';
import type { Inquiry } from '../../../src/domain/inquiry';
import { findLeadFor, leadQueryKind, leadStory, renderStory } from '../../../src/ops/explain';
import { rosterNames } from '../../../src/ops/names';
import { describeEvent } from '../../../src/ops/story';
import type { Db } from '../../../src/store/db';
import { useTestDb } from '../../support/db';
import { TUESDAY, config, hot, lead } from '../domain/routing/fixtures';

const LEAD_ID = '3f2a1c9e-5b7d-4e21-9a3c-2d5e8f0a6b11';
const SF_ID = '00Q8d00000Ab12CEAR';
const at = (minutes: number): Date => new Date(TUESDAY.getTime() + minutes * 60_000);

/** What apply-decision stores: the explanation, the cause, and the move. */
function stored(d: { audit: { explanation: Record<string, unknown> }; newState: string | null; via?: string[] }, from: string, cause?: Record<string, unknown>) {
  return { ...d.audit.explanation, ...(d.via ? { via: d.via } : {}), ...(cause ? { cause } : {}), ...(d.newState ? { from, to: d.newState } : {}) };
}

async function seed(db: Db): Promise<void> {
  const clock = new ManualClock(TUESDAY);
  const write = async (minutes: number, d: Parameters<typeof stored>[0] & { audit: { type: string; summary: string } }, from: string, cause?: Record<string, unknown>) => {
    clock.set(at(minutes));
    await appendAudit(db, clock, { leadId: LEAD_ID, actor: 'handoff', type: d.audit.type, summary: d.audit.summary, data: stored(d, from, cause) });
  };
  const mortgage = (over: Partial<LeadView> = {}): LeadView => lead({ id: LEAD_ID, product: 'mortgage', signals: hot(at(0)), ...over });

  const ready = decideReadiness({ lead: mortgage({ state: 'captured' }), config, now: at(0) });
  await write(0, ready.decision, 'captured', { source: 'hubspot.contact', trigger: 'marketing qualified' });
  const routed = decideRouting({ lead: mortgage({ state: 'ready' }), config, now: at(0), poolStates: {}, openLeadCounts: {} });
  await write(0, routed.decision, 'ready');
  const first = mortgage({ state: 'routed', owner: { kind: 'rm', id: routed.route.owner.id }, attempt: 1, ownersSoFar: [routed.route.owner.id] });
  const breach = onSlaBreach({ lead: first, deadline: 'accept', timer: { attempt: 1, ownerId: routed.route.owner.id }, config, now: at(130), poolStates: {}, openLeadCounts: {} });
  await write(130, breach.decision, 'routed');
  const second = breach.decision.owner!;
  const answered = decideHandoffResponse({
    lead: mortgage({ state: 'routed', owner: { kind: 'rm', id: second.id }, attempt: 2, ownersSoFar: [routed.route.owner.id, second.id], timestamps: { createdAt: at(0), acceptBy: breach.plan!.acceptBy } }),
    change: { handoffStatus: 'Accepted', returnReason: null, ownerId: second.id },
    config,
    now: at(150),
  });
  await write(150, answered.decision, 'routed', { source: 'salesforce.lead', changed: ['Handoff_Status__c'], by: '005000000000002AAA' });
  const funded = decideOutcome(mortgage({ state: 'approved' }), 'funded', config.statuses, at(60 * 24 * 20), { source: 'salesforce.opportunity', detail: { opportunityId: '006000000000001AAA', stage: 'Funded', amount: 412000 } });
  await write(60 * 24 * 20, funded!, 'approved');

  await db.query(
    `INSERT INTO leads (id, hubspot_contact_id, salesforce_lead_id, email_hash, state, kind, segment, product, owner_id, owner_kind, branch_id, attempt, data, created_at)
     VALUES ($1, '501', $2, $3, 'funded', 'lead', 'consumer', 'mortgage', $4, 'rm', 'evanston', 2, '{}', $5)`,
    [LEAD_ID, SF_ID, emailHash('pat.doe@example.com'), second.id, TUESDAY.toISOString()],
  );
}

const OTHER_ID = '7c41d2e0-1111-4a22-8b33-444455556666';

/** A second lead: blocked (no phone, on do-not-call), then ready and routed, returned with a reason, recycled. */
async function seedReturned(db: Db): Promise<void> {
  const clock = new ManualClock(TUESDAY);
  const write = async (minutes: number, d: Parameters<typeof stored>[0] & { audit: { type: string; summary: string } }, from: string) => {
    clock.set(at(minutes));
    await appendAudit(db, clock, { leadId: OTHER_ID, actor: 'handoff', type: d.audit.type, summary: d.audit.summary, data: stored(d, from) });
  };
  const base = lead({ id: OTHER_ID, signals: hot(at(0)) });
  const blocked = decideReadiness({ lead: { ...base, state: 'captured', fields: { ...base.fields, phone: undefined }, consent: { ...base.consent, doNotCall: true } }, config, now: at(0) });
  await write(0, blocked.decision, 'captured');
  const routed = decideRouting({ lead: { ...base, state: 'ready' }, config, now: at(30), poolStates: {}, openLeadCounts: {} });
  await write(30, routed.decision, 'ready');
  const owner = routed.route.owner.id;
  const withOwner = { ...base, state: 'routed' as const, owner: { kind: 'rm' as const, id: owner }, attempt: 1, ownersSoFar: [owner] };
  const ret = decideHandoffResponse({ lead: withOwner, change: { handoffStatus: 'Returned', returnReason: 'Not_Ready_Timing', ownerId: owner }, config, now: at(45) });
  await write(45, ret.decision, 'routed');
  const after = decideAfterReturn({ lead: { ...withOwner, state: 'returned' }, reason: 'Not_Ready_Timing', config, now: at(45), poolStates: {}, openLeadCounts: {} });
  await write(45, after.decision, 'returned');
  await db.query(`INSERT INTO leads (id, state, owner_id, owner_kind, data, created_at) VALUES ($1, 'recycled', NULL, NULL, '{}', $2)`, [OTHER_ID, TUESDAY.toISOString()]);
}

describe('handoff explain', () => {
  const t = useTestDb('pglite', { migrate: true });
  beforeAll(async () => {
    await seed(t().db);
    await seedReturned(t().db);
  });

  it('tells the story decision by decision: what, who, and why in plain words', async () => {
    const story = await leadStory(t().db, config, SF_ID, 'America/Chicago');
    expect(story.events.map((e) => e.type)).toEqual(['readiness_passed', 'routed', 'sla_breach_reassigned', 'accepted', 'outcome']);
    expect(renderStory(story, 'America/Chicago')).toMatchInlineSnapshot(`
"Lead 3f2a1c9e-5b7d-4e21-9a3c-2d5e8f0a6b11 (consumer · mortgage · lead)
  now funded; owner Michael Brooks (evanston); attempt 2; recycled 0 times
  HubSpot contact 501 · Salesforce Lead 00Q8d00000Ab12CEAR
  first seen 2026-03-10 12:00 CDT; 5 events in the audit trail

2026-03-10 12:00 CDT  Ready for handoff
    by Handoff
    Gates passed: every_lead, rm_follow_up_by_phone, lending_footprint, mortgage_prequal; score 100
    Seen in a change to the HubSpot contact
2026-03-10 12:00 CDT  Routed to Tomás Rivera (chicago_loop)
    by Handoff
    Lead 3f2a1c9e-5b7d-4e21-9a3c-2d5e8f0a6b11, attempt 1, at 2026-03-10T17:00:00.000Z: zip 60603, kind lead, score 100, state IL, attempt 1, product mortgage, segment consumer, product_family mortgage, existing_customer false
    Rules:
      existing_customer_to_owner: skipped, existing_customer is true is false (it is false)
      third_attempt_to_contact_center: skipped, attempt is at least 3 is false (it is 1)
      partner_referrals_to_contact_center: skipped, kind is referral is false (it is lead); referral_source matches ^partner: is false (not given)
      branch_referral_home_loans_to_branch: skipped, kind is referral is false (it is lead); referral_source matches ^branch: is false (not given)
      branch_referral_back_to_branch: skipped, kind is referral is false (it is lead); referral_source matches ^branch: is false (not given)
      commercial_to_commercial_rms: skipped, segment is commercial is false (it is consumer)
      treasury_to_commercial_rms: skipped, product is treasury_management is false (it is mortgage)
      wealth_to_licensed_advisors: skipped, product is wealth_management is false (it is mortgage)
      life_insurance_to_licensed_advisors: skipped, product is life_insurance is false (it is mortgage)
      mortgage_in_the_customers_language: skipped, language is not given
      mortgage_to_nearby_loan_officers: matched
        nearest_branches: within 50 mi of 60603: chicago_loop (0.0 mi), evanston (12.5 mi) (6 RMs)
        role: role loan_officer (2 RMs)
        - tomas_rivera: eligible
        - michael_brooks: eligible
        picked tomas_rivera: weighted: picked tomas_rivera, weight 2 of 2.5 across 2 eligible, highest credit 2 (smooth weighted round robin)
    Result: tomas_rivera (rm), by rule mortgage_to_nearby_loan_officers
    Accept by 2026-03-10 13:00 CDT (SLA policy hot_leads, branch chicago_loop (America/Chicago))
    First contact by 2026-03-10 14:00 CDT; appointment by 2026-03-12 11:00 CDT
2026-03-10 14:10 CDT  SLA breach: Tomás Rivera missed the accept deadline; reassigned to Michael Brooks (evanston)
    by Handoff
    Attempt 1 under SLA policy hot_leads (reassignments so far 0 of 2)
    Lead 3f2a1c9e-5b7d-4e21-9a3c-2d5e8f0a6b11, attempt 2, at 2026-03-10T19:10:00.000Z: zip 60603, kind lead, score 100, state IL, attempt 2, product mortgage, segment consumer, product_family mortgage, existing_customer false
    Not again: tomas_rivera
    Rules:
      existing_customer_to_owner: skipped, existing_customer is true is false (it is false)
      third_attempt_to_contact_center: skipped, attempt is at least 3 is false (it is 2)
      partner_referrals_to_contact_center: skipped, kind is referral is false (it is lead); referral_source matches ^partner: is false (not given)
      branch_referral_home_loans_to_branch: skipped, kind is referral is false (it is lead); referral_source matches ^branch: is false (not given)
      branch_referral_back_to_branch: skipped, kind is referral is false (it is lead); referral_source matches ^branch: is false (not given)
      commercial_to_commercial_rms: skipped, segment is commercial is false (it is consumer)
      treasury_to_commercial_rms: skipped, product is treasury_management is false (it is mortgage)
      wealth_to_licensed_advisors: skipped, product is wealth_management is false (it is mortgage)
      life_insurance_to_licensed_advisors: skipped, product is life_insurance is false (it is mortgage)
      mortgage_in_the_customers_language: skipped, language is not given
      mortgage_to_nearby_loan_officers: matched
        nearest_branches: within 50 mi of 60603: chicago_loop (0.0 mi), evanston (12.5 mi) (6 RMs)
        role: role loan_officer (2 RMs)
        - tomas_rivera: already had this lead
        - michael_brooks: eligible
        picked michael_brooks: weighted: picked michael_brooks, weight 0.5 of 0.5 across 1 eligible, highest credit 0.5 (smooth weighted round robin)
    Result: michael_brooks (rm), by rule mortgage_to_nearby_loan_officers
    Accept by 2026-03-10 15:10 CDT (SLA policy hot_leads, branch evanston (America/Chicago))
    First contact by 2026-03-10 16:10 CDT; appointment by 2026-03-12 14:10 CDT
2026-03-10 14:30 CDT  Accepted by Michael Brooks
    by Michael Brooks in Salesforce (applied by Handoff)
    Answered 40 min before the deadline
    Seen in a change to the Salesforce Lead (Handoff_Status__c) by Salesforce user 005000000000002AAA
2026-03-30 12:00 CDT  Funded: $412,000
    by Handoff
    Seen in the Salesforce Opportunity (stage Funded)"
`);
  });

  it('gives blocked reasons, the return reason and the recycling in words', async () => {
    const story = await leadStory(t().db, config, OTHER_ID.slice(0, 8));
    expect(story.events.map((e) => [e.type, e.title])).toEqual([
      ['readiness_blocked', 'Blocked: not ready for handoff'],
      ['routed', expect.stringMatching(/^Routed to /)],
      ['returned', expect.stringMatching(/^Returned by .+: Not_Ready_Timing$/)],
      ['recycled', 'Recycled to marketing into "Nurture - Not ready yet"'],
    ]);
    expect(story.events[0]!.why).toEqual(['a phone number is required [MISSING_FIELD:phone, gate rm_follow_up_by_phone]', 'on do-not-call [DO_NOT_CALL, gate rm_follow_up_by_phone]']);
    expect(story.events[3]!.why).toEqual(['Return reason: Not_Ready_Timing', 'Recycle 1 of 2', 'May be handed off again from 2026-05-09 17:45 UTC']);
    expect(renderStory(story)).toContain('  now recycled; owner none; attempt 0; recycled 0 times\n  HubSpot contact — · Salesforce Lead not created');
  });

  it('finds the lead by a HubSpot id, an email (any case, never echoed), a 15-character Salesforce id, or a short lead id', async () => {
    const db = t().db;
    for (const q of ['501', ' Pat.Doe@Example.com ', SF_ID.slice(0, 15), '3f2a1c9e', LEAD_ID]) {
      expect((await findLeadFor(db, q)).id).toBe(LEAD_ID);
    }
    expect(['00Q8d00000Ab12CEAR', '501', 'a@b.example', LEAD_ID, '3f2a'].map(leadQueryKind)).toEqual(['salesforce_lead', 'hubspot_contact', 'email', 'lead_id', 'lead_id_prefix']);
  });

  it('says clearly when no lead matches, without repeating an email address', async () => {
    const db = t().db;
    const err = await findLeadFor(db, 'nobody@mail.example.com').catch((e: unknown) => e);
    expect(isHandoffError(err) && err.code).toBe('LEAD_NOT_FOUND');
    expect((err as Error).message).toMatch(/^no lead matches that email address\. /);
    expect((err as Error).message).not.toContain('nobody');
    await expect(findLeadFor(db, '00Q000000000000')).rejects.toThrow('no lead matches Salesforce Lead id 00Q000000000000.');
  });
});

describe('handoff explain, re-inquiries', () => {
  const names = rosterNames(config);
  const form: Inquiry = { id: 'hubspot:conversion:2', source: 'hubspot.contact', what: 'Mortgage rate alert', product: null, branchId: null, at: TUESDAY };
  const referral: Inquiry = { id: 'events:branch_crm:ref-7', source: 'events:branch_crm', what: 'referral', product: 'heloc', branchId: 'evanston', at: TUESDAY };
  const told = (l: LeadView, inquiry: Inquiry, previousProduct?: string) => {
    const d = decideReinquiry({ lead: l, inquiry, config, now: TUESDAY, seen: [], ...(previousProduct ? { previousProduct } : {}) }).decision!;
    const e = describeEvent({ seq: 1, at: TUESDAY.toISOString(), type: d.audit.type, summary: d.audit.summary, actor: 'handoff', data: stored(d, l.state, { source: inquiry.source, inquiry: d.audit.explanation.inquiry }) }, { names, zone: 'America/Chicago' });
    return [e.title, ...e.why];
  };
  const mortgage = (over: Partial<LeadView>): LeadView => lead({ product: 'mortgage', attempt: 1, ...over });

  it('says what came in and what it did, for each kind of lead', () => {
    expect(told(mortgage({ state: 'accepted', owner: { kind: 'rm', id: 'tomas_rivera' } }), form, 'checking')).toEqual([
      'New inquiry: form "Mortgage rate alert" for mortgage, before checking; a Task for Tomás Rivera',
      'Contact them by 2026-03-10 16:00 CDT (SLA policy standard, first-contact deadline); no new Lead',
      'Seen in a change to the HubSpot contact',
    ]);
    expect(told(mortgage({ state: 'escalated', owner: { kind: 'queue', id: 'contact_center' } }), referral)).toEqual([
      'New inquiry: referral from branch evanston (an event from branch_crm) for heloc; recorded, no Task',
      'The lead is with the Contact Center queue, and a Task needs a person',
      'Seen in an event from branch_crm',
    ]);
    expect(told(mortgage({ state: 'closed_lost', recycleCount: 2 }), form)).toEqual([
      'New inquiry: form "Mortgage rate alert" for mortgage; not handed off again',
      'The lead is closed_lost after 2 recycle(s), at most 2',
      'Seen in a change to the HubSpot contact',
    ]);
    expect(told(mortgage({ state: 'disqualified', timestamps: { createdAt: TUESDAY, cooldownUntil: new Date('2026-04-01T00:00:00Z') } }), form)).toEqual([
      'Reopened by a new inquiry: form "Mortgage rate alert" for mortgage',
      'Was disqualified; back with marketing for readiness and a new routing, on the same Lead',
      'Recycle 1 of 2',
      'Held until the recycle cooldown ends, 2026-03-31 19:00 CDT',
      'Seen in a change to the HubSpot contact',
    ]);
  });
});

describe('handoff explain, outcomes', () => {
  const names = rosterNames(config);
  const told = (readAt: Date, occurredAt: Date | null) => {
    const d = decideOutcome(lead({ state: 'accepted' }), 'contacted', config.statuses, readAt, { source: 'salesforce.task', detail: { taskId: '00T000000000001AAA' }, occurredAt })!;
    const e = describeEvent({ seq: 1, at: readAt.toISOString(), type: d.audit.type, summary: d.audit.summary, actor: 'handoff', data: stored(d, 'accepted') }, { names, zone: 'America/Chicago' });
    return [e.title, ...e.why];
  };

  it('says when a call happened if it was read a minute or more later, by the time Salesforce gives', () => {
    expect(told(at(30), at(5))).toEqual(['Contacted', 'Seen in a call logged in Salesforce', 'Happened at 2026-03-10 12:05 CDT']);
    expect(told(at(30), new Date(at(30).getTime() - 20_000))).toEqual(['Contacted', 'Seen in a call logged in Salesforce']);
    // Not known, or ahead of the clock: the time it was read.
    expect(told(at(30), null)).toEqual(['Contacted', 'Seen in a call logged in Salesforce']);
    expect(told(at(30), at(45))).toEqual(['Contacted', 'Seen in a call logged in Salesforce']);
  });
});
