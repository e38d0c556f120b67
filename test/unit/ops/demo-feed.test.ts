/**
 * What the demo prints, from audit rows the real domain decisions produce: one line per notable
 * event (pinned), nothing for the rest, and the running figures of the hourly summary.
 */
import { decideHandoffResponse } from '../../../src/domain/acceptance';
import { decideReadiness } from '../../../src/domain/readiness';
import { decideRouting } from '../../../src/domain/routing';
import { onSlaBreach } from '../../../src/domain/sla';
import type { AuditRecord } from '../../../src/engine/audit';
import { decideOutcome } from '../../../src/engine/pipeline/outcome';
import { DemoStats, demoLine, median, summaryTable } from '../../../src/ops/demo-feed';
import { nextWorkdayMorning } from '../../../src/ops/demo-clock';
import { rosterNames } from '../../../src/ops/names';
import { TUESDAY, config, hot, lead } from '../domain/routing/fixtures';

const ctx = { names: rosterNames(config), zone: 'America/New_York' };
const label = { kind: 'lead', segment: 'consumer', product: 'mortgage' };
let seq = 0;
function row(d: { audit: { type: string; summary: string; explanation: Record<string, unknown> } }, at: Date, leadId = '3f2a1c9e-0000-4000-8000-000000000001'): AuditRecord {
  return { seq: ++seq, leadId, at: at.toISOString(), actor: 'handoff', type: d.audit.type, summary: d.audit.summary, data: d.audit.explanation, prevHash: null, hash: 'x' };
}
const at = (min: number) => new Date(TUESDAY.getTime() + min * 60_000);

describe('the demo feed', () => {
  const base = lead({ product: 'mortgage', signals: hot(at(0)) });
  const blocked = decideReadiness({ lead: { ...base, state: 'captured', fields: { ...base.fields, zip: undefined } }, config, now: at(0) }).decision;
  const routed = decideRouting({ lead: base, config, now: at(1), poolStates: {}, openLeadCounts: {} });
  const first = { ...base, state: 'routed' as const, owner: { kind: 'rm' as const, id: routed.route.owner.id }, attempt: 1, ownersSoFar: [routed.route.owner.id] };
  const breach = onSlaBreach({ lead: first, deadline: 'accept', timer: { attempt: 1, ownerId: first.owner.id }, config, now: at(65), poolStates: {}, openLeadCounts: {} });
  const second = { ...first, owner: { kind: 'rm' as const, id: breach.decision.owner!.id }, attempt: 2, timestamps: { ...first.timestamps, acceptBy: breach.plan!.acceptBy } };
  const accepted = decideHandoffResponse({ lead: second, change: { handoffStatus: 'Accepted', returnReason: null, ownerId: second.owner.id }, config, now: at(80) }).decision;
  const funded = decideOutcome({ ...second, state: 'approved' }, 'funded', config.statuses, at(600), { source: 'salesforce.opportunity', detail: { stage: 'Funded', amount: 412_000 } })!;
  const events = [row(blocked, at(0)), row(routed.decision, at(1)), row(breach.decision, at(65)), row(accepted, at(80)), row(funded, at(600))];

  it('prints one line per notable event, in words', () => {
    expect(events.map((e) => demoLine(e, label, ctx))).toEqual([
      'Tue 13:00  blocked    3f2a1c9e consumer/mortgage  not ready: zip is required',
      'Tue 13:01  routed     3f2a1c9e consumer/mortgage  Routed to Tomás Rivera (chicago_loop) · rule mortgage_to_nearby_loan_officers, weighted: picked tomas_rivera, weight 2 of 2.5 across 2 eligible, highest credit 2 (smooth weighted round robin) · accept by 14:01',
      expect.stringMatching(/^Tue 14:05 {2}SLA breach 3f2a1c9e consumer\/mortgage {2}Tomás Rivera missed the accept deadline; reassigned to Michael Brooks \(evanston\) · rule mortgage_to_nearby_loan_officers/),
      'Tue 14:20  accepted   3f2a1c9e consumer/mortgage  Accepted by Michael Brooks, 45 min before the deadline',
      'Tue 23:00  outcome    3f2a1c9e consumer/mortgage  Funded: $412,000',
    ]);
  });

  it('says an escalation moves the lead, or that the fallback queue that let it lapse keeps it', () => {
    const escalation = (owner: { kind: 'rm' | 'queue'; id: string }) => {
      const late = { ...first, owner, attempt: 3, ownersSoFar: ['tomas_rivera', 'michael_brooks', owner.id] };
      const out = onSlaBreach({ lead: late, deadline: 'accept', timer: { attempt: 3, ownerId: owner.id }, config, now: at(65), poolStates: {}, openLeadCounts: {} });
      expect(out.action).toBe('escalate');
      return demoLine(row(out.decision, at(65)), label, ctx);
    };
    expect(escalation({ kind: 'rm', id: 'jordan_taylor' })).toMatch(/ {2}Jordan Taylor missed the accept deadline; escalated to the Contact Center queue · /);
    expect(escalation({ kind: 'queue', id: 'contact_center' })).toMatch(/ {2}Contact Center missed the accept deadline; escalated, staying with the Contact Center queue, the last resort · /);
  });

  it('says nothing about field syncs, warnings and ignored changes', () => {
    for (const type of ['field_sync', 'sla_warning', 'ignored', 'reconcile_repair']) {
      expect(demoLine({ ...events[0]!, type, data: {} }, label, ctx)).toBeNull();
    }
  });

  it('keeps the running figures: acceptance rate, median speed to accept, breaches, funded', () => {
    const stats = new DemoStats();
    for (const e of events) stats.observe(e);
    const f = stats.figures();
    expect(f).toMatchObject({ accepted: 1, returned: 0, acceptanceRate: 1, breaches: 1, reassigned: 1, funded: 1, fundedAmount: 412_000 });
    // From the reassignment (14:05) to the acceptance (14:20).
    expect(f.medianSpeedToAcceptMs).toBe(15 * 60_000);
    expect(summaryTable(at(120), 'America/New_York', { accepted: 1, routed: 3, blocked: 2 }, f, { hubspot: 12, salesforce: 9, rms: 30 })).toMatchInlineSnapshot(`
"── Tue 15:00 America/New_York ──────────────────────────────────────────
  leads            6 (routed 3 · blocked 2 · accepted 1)
  acceptance rate  100% (1 accepted, 0 returned)
  speed to accept  median 15 min
  SLA breaches     1 (1 reassigned, 0 escalated)
  funded           1 ($412,000)
  API calls        HubSpot 12 · Salesforce 9 (Handoff) · 30 by RMs in Salesforce"
`);
  });

  it('measures speed to accept to when the owner answered in Salesforce, not to when a poll read it', () => {
    const late = decideHandoffResponse({ lead: second, change: { handoffStatus: 'Accepted', returnReason: null, ownerId: second.owner.id, answeredAt: at(70) }, config, now: at(80) }).decision;
    const stats = new DemoStats();
    for (const e of [row(routed.decision, at(1)), row(breach.decision, at(65)), row(late, at(80))]) stats.observe(e);
    // From the reassignment (14:05) to the answer (14:10), though it was read at 14:20.
    expect(stats.figures().medianSpeedToAcceptMs).toBe(5 * 60_000);
  });

  it('median, and the next working-day morning in New York', () => {
    expect([median([]), median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([null, 2, 2.5]);
    // Friday evening → Monday 08:30 EST; Wednesday 07:00 → the same day; Christmas Day skipped.
    expect(nextWorkdayMorning(new Date('2026-03-06T23:00:00Z')).toISOString()).toBe('2026-03-09T12:30:00.000Z');
    expect(nextWorkdayMorning(new Date('2026-03-11T11:00:00Z')).toISOString()).toBe('2026-03-11T12:30:00.000Z');
    expect(nextWorkdayMorning(new Date('2026-12-24T20:00:00Z')).toISOString()).toBe('2026-12-28T13:30:00.000Z');
  });
});
