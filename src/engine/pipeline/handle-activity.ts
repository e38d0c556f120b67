/**
 * Outcomes from what RMs log as they always do, and from the bank's other systems: a completed
 * call (Task) that connected → contacted; a meeting (Event) booked → appointment_set, held →
 * appointment_kept, a no-show noted; the converted Opportunity's stage → application started,
 * approved, funded, closed lost; the events API's calls, appointments, applications, decisions
 * and fundings. Handoff's own Tasks and Events (they carry Handoff_Key__c) are not outcomes. The
 * events API's referral of a known lead is a new inquiry on it (inquiry.ts), not an outcome.
 *
 * The meeting outcome is read from the Event Subject ("Meeting - Held", "Meeting - No Show"):
 * the convention the sandbox's RMs follow. An org that records it elsewhere needs a mapping here.
 */
import type { Inquiry } from '../../domain/inquiry';
import type { LeadState } from '../../domain/lifecycle';
import { salesforceTime } from '../../connectors/salesforce';
import { inboundFromOpportunity } from '../../domain/sync';
import type { Db } from '../../store/db';
import type { InboxOutcome } from '../inbox';
import { applyDecision, noteDecision } from './apply-decision';
import type { PipelineContext } from './context';
import type { SfRecord } from './handle-lead';
import type { LeadRecord } from './lead-record';
import { findLead, findLeadByAny } from './lead-record';
import { handleSignalEvent } from './handle-signal';
import { handleInquiry } from './inquiry';
import { decideOutcome } from './outcome';
import type { OutcomeCause } from './outcome';
import { emailHash, leadView } from './view';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const isLeadId = (v: unknown): v is string => typeof v === 'string' && v.startsWith('00Q');

/** Handoff's own activities, and activities not on a Lead, are not outcomes (pollers skip them too). */
export function isOutcomeActivity(rec: Record<string, unknown>): boolean {
  return str(rec.Handoff_Key__c) === null && isLeadId(rec.WhoId);
}

/** Moves the lead, or notes what happened when it is not a move (a repeat, a no-show). */
async function outcome(tx: Db, ctx: PipelineContext, lead: LeadRecord, target: LeadState | null, cause: OutcomeCause, note: string): Promise<InboxOutcome> {
  const now = ctx.clock.now();
  const d = target ? decideOutcome(leadView(lead, ctx.config), target, ctx.config.statuses, now, cause) : null;
  if (d) {
    await applyDecision(tx, ctx, lead, d);
    return 'applied';
  }
  if (target) return 'ignored';
  await applyDecision(tx, ctx, lead, noteDecision(lead, now, 'activity', note, { source: cause.source, ...cause.detail }));
  return 'applied';
}

export async function handleTask(tx: Db, ctx: PipelineContext, rec: SfRecord): Promise<InboxOutcome> {
  if (!isOutcomeActivity(rec)) return 'ignored';
  const lead = await findLead(tx, { salesforceLeadId: rec.WhoId as string });
  const isCall = rec.Type === 'Call' || rec.TaskSubtype === 'Call';
  if (!lead || !isCall || rec.Status !== 'Completed') return 'ignored';
  if ((lead.data.activities ?? []).includes(rec.Id)) return 'ignored';
  const connected = /^connected$/i.test(String(rec.CallDisposition ?? ''));
  const cause = { source: 'salesforce.task', detail: { taskId: rec.Id, disposition: str(rec.CallDisposition) }, occurredAt: salesforceTime(rec.CompletedDateTime) };
  const tracked = { ...lead, data: { ...lead.data, activities: [...(lead.data.activities ?? []), rec.Id].slice(-50) } };
  if (connected) return outcome(tx, ctx, tracked, 'contacted', cause, '');
  return outcome(tx, ctx, tracked, null, cause, `Call attempted (${str(rec.CallDisposition) ?? 'no result'})`);
}

export async function handleEvent(tx: Db, ctx: PipelineContext, rec: SfRecord): Promise<InboxOutcome> {
  if (!isOutcomeActivity(rec)) return 'ignored';
  const lead = await findLead(tx, { salesforceLeadId: rec.WhoId as string });
  if (!lead) return 'ignored';
  const subject = String(rec.Subject ?? '');
  const held = /held|kept|completed/i.test(subject);
  // Booked when the Event was created; kept when the meeting began.
  const cause = { source: 'salesforce.event', detail: { eventId: rec.Id }, occurredAt: salesforceTime(held ? rec.StartDateTime : rec.CreatedDate) };
  if (/no.?show/i.test(subject)) {
    if ((lead.data.activities ?? []).includes(`${rec.Id}:no_show`)) return 'ignored';
    const tracked = { ...lead, data: { ...lead.data, activities: [...(lead.data.activities ?? []), `${rec.Id}:no_show`].slice(-50) } };
    return outcome(tx, ctx, tracked, null, cause, 'Appointment missed (no-show)');
  }
  return outcome(tx, ctx, lead, held ? 'appointment_kept' : 'appointment_set', cause, '');
}

export async function handleOpportunity(tx: Db, ctx: PipelineContext, rec: SfRecord): Promise<InboxOutcome> {
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM leads WHERE data->'converted'->>'opportunityId' = $1 LIMIT 1`, [rec.Id]);
  const found = rows[0] ? await findLead(tx, { id: rows[0].id }) : null;
  if (!found) return 'ignored';
  const prev = found.data.opportunities?.[rec.Id];
  const before = prev ? { StageName: prev.stage, Amount: prev.amount } : undefined;
  const events = inboundFromOpportunity(before, rec, ctx.config);
  const amount = typeof rec.Amount === 'number' ? rec.Amount : null;
  const lead = { ...found, data: { ...found.data, opportunities: { ...found.data.opportunities, [rec.Id]: { stage: str(rec.StageName), amount } } } };
  let result: InboxOutcome = 'ignored';
  for (const e of events) {
    // A stage or amount change is the Opportunity's last change when it is read.
    const cause = { source: 'salesforce.opportunity', detail: { opportunityId: rec.Id, stage: str(rec.StageName), amount }, occurredAt: salesforceTime(rec.LastModifiedDate) };
    if (e.state) result = (await outcome(tx, ctx, lead, e.state, cause, '')) === 'applied' ? 'applied' : result;
    else if (e.kind === 'amount_updated') result = await outcome(tx, ctx, lead, null, cause, 'Opportunity amount updated');
  }
  return result;
}

/** The events API's event types → the state each asks for (null: noted, not a move). */
const EVENT_STATES: Record<string, LeadState | null> = {
  call_logged: 'contacted',
  appointment_set: 'appointment_set',
  appointment_kept: 'appointment_kept',
  appointment_no_show: null,
  application_started: 'application_started',
  approved: 'approved',
  declined: 'closed_lost',
  funded: 'funded',
};

export interface BankEventPayload {
  id: string;
  type: string;
  source: string;
  occurred_at?: string;
  lead: { email?: string; hubspot_contact_id?: string; salesforce_lead_id?: string };
  details?: { amount?: number; branch_id?: string; product?: string; signal?: string };
}

export async function handleBankEvent(tx: Db, ctx: PipelineContext, e: BankEventPayload): Promise<InboxOutcome> {
  const hash = emailHash(e.lead.email);
  const lead = await findLeadByAny(tx, [
    ...(e.lead.hubspot_contact_id ? [{ hubspotContactId: e.lead.hubspot_contact_id }] : []),
    ...(e.lead.salesforce_lead_id ? [{ salesforceLeadId: e.lead.salesforce_lead_id }] : []),
    ...(hash ? [{ emailHash: hash }] : []),
  ]);
  // A referral for someone Handoff does not know yet enters through HubSpot (the branch creates
  // the contact); the events API only reports on leads it already has.
  if (!lead) return 'ignored';
  if (e.type === 'signal') return handleSignalEvent(tx, ctx, lead, e);
  if (e.type === 'referral') return referral(tx, ctx, lead, e);
  const target = EVENT_STATES[e.type] ?? null;
  const cause = { source: `events:${e.source}`, detail: { eventId: e.id, type: e.type, ...(e.details?.amount !== undefined ? { amount: e.details.amount } : {}) }, occurredAt: salesforceTime(e.occurred_at) };
  return outcome(tx, ctx, lead, target, cause, `${e.type.replace(/_/g, ' ')} reported by ${e.source}`);
}

/**
 * A referral of someone who already has a lead (a branch sends them again, perhaps for another
 * product) is a new inquiry on that lead: a Task for the owner, or a new round when it was closed.
 */
async function referral(tx: Db, ctx: PipelineContext, lead: LeadRecord, e: BankEventPayload): Promise<InboxOutcome> {
  const at = e.occurred_at ? new Date(e.occurred_at) : null;
  const inquiry: Inquiry = {
    id: `events:${e.source}:${e.id}`,
    source: `events:${e.source}`,
    what: 'referral',
    product: e.details?.product ?? null,
    branchId: e.details?.branch_id ?? null,
    at: at && !Number.isNaN(at.getTime()) ? at : null,
  };
  const handled = await handleInquiry(tx, ctx, lead, inquiry, { opts: { auditData: { source: `events:${e.source}`, eventId: e.id } } });
  return handled ? 'applied' : 'ignored';
}
