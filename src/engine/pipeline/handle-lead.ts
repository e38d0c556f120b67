/**
 * A Salesforce Lead as polled. Only Leads Handoff created are its business (found by Id, or by
 * the External ID when the link is not stored yet). A re-read equal to what was last seen or
 * written is our echo; otherwise the fields are reconciled (an RM's corrected phone goes to
 * HubSpot) and the status fields become events: the owner's answer (accepted, or returned with a
 * reason, then recycled or re-routed), the Lead Status (contacted, disqualified), a conversion.
 */
import { parseSalesforceDatetime, salesforceTime } from '../../connectors/salesforce';
import { inboundFromLead, reconcileRecord } from '../../domain/sync';
import type { InboundEvent } from '../../domain/sync';
import type { Db } from '../../store/db';
import type { InboxOutcome } from '../inbox';
import { filterEchoesOfRead } from '../ledger';
import { applyDecision, noteDecision } from './apply-decision';
import type { ApplyDecisionOptions } from './apply-decision';
import type { PipelineContext } from './context';
import { movedFields, pick } from './fields';
import { handleAnswer } from './govern';
import { logProblems } from './handle-contact';
import type { LeadRecord } from './lead-record';
import { findLeadByAny, saveBookkeeping } from './lead-record';
import { decideOutcome } from './outcome';
import { leadView } from './view';

export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const modstampMs = (v: unknown): number => (typeof v === 'string' ? parseSalesforceDatetime(v) : NaN);

/** The contact as Handoff last saw or wrote it: the other side of a Lead change. */
function contactFromRaw(lead: LeadRecord) {
  return { id: lead.hubspotContactId ?? '', properties: lead.data.raw.hubspot };
}

export async function handleLead(tx: Db, ctx: PipelineContext, rec: SfRecord): Promise<InboxOutcome> {
  const extId = str(rec[ctx.sync.link.salesforce_external_id]);
  const lead = await findLeadByAny(tx, [{ salesforceLeadId: rec.Id }, ...(extId ? [{ hubspotContactId: extId }] : [])]);
  if (!lead || !lead.hubspotContactId) return 'ignored';
  const seenMs = lead.data.seen.salesforceModstamp ? modstampMs(lead.data.seen.salesforceModstamp) : NaN;
  if (modstampMs(rec.SystemModstamp) < seenMs) return 'ignored';

  const now = ctx.clock.now();
  const fields = pick(rec, ctx.fields.lead);
  const moved = movedFields(ctx.fields.lead, lead.data.raw.salesforce, fields);
  const link = lead.salesforceLeadId === null ? rec.Id : undefined;
  // Asked even when nothing moved: a read showing a live entry's value is its echo, and consumes it.
  const { echoes, real } = await filterEchoesOfRead(tx, 'salesforce', rec.Id, fields, moved, now);
  if (moved.length === 0 && !link) return 'ignored';
  const data = {
    ...lead.data,
    raw: { ...lead.data.raw, salesforce: { ...lead.data.raw.salesforce, ...fields } },
    seen: { ...lead.data.seen, salesforceModstamp: rec.SystemModstamp },
  };
  if (Object.keys(real).length === 0) {
    await saveBookkeeping(tx, lead, { data, salesforceLeadId: link ?? null }, now);
    return 'ignored';
  }
  const linked = link ? await saveBookkeeping(tx, lead, { data: lead.data, salesforceLeadId: link }, now) : lead;

  const sync = reconcileRecord({ before: lead.data.sync, contact: contactFromRaw(lead), lead: rec }, ctx.sync);
  logProblems(ctx, lead.id, sync.problems);
  const events = inboundFromLead({ ...lead.data.raw.salesforce, ...pick(fields, echoes) }, fields, ctx.config, { currentState: lead.state });
  const converted = events.find((e) => e.kind === 'converted');
  const opts: ApplyDecisionOptions = {
    data: {
      ...data,
      sync: sync.snapshot,
      ...(converted
        ? { converted: { opportunityId: converted.details.convertedOpportunityId ?? null, accountId: converted.details.convertedAccountId ?? null, contactId: converted.details.convertedContactId ?? null } }
        : {}),
    },
    sync: { hubspot: sync.hubspot, salesforce: sync.salesforce },
    auditData: { source: 'salesforce.lead', changed: Object.keys(real), by: str(rec.LastModifiedById) },
  };
  const answeredBy = str(rec.LastModifiedById);
  const rmId = answeredBy ? ctx.directory.rmIdOfUser(answeredBy) : undefined;

  let current = linked;
  let first: ApplyDecisionOptions | undefined = opts;
  const take = (): ApplyDecisionOptions => {
    const o = first ?? {};
    first = undefined;
    return o;
  };
  // When Salesforce says the Lead was changed: an answer is judged by it, and a status outcome
  // dated by it, not by when it was read.
  const changedAt = salesforceTime(rec.LastModifiedDate);
  for (const e of events) current = await applyEvent(tx, ctx, current, e, rmId, changedAt, take);
  if (first) {
    // No event moved the lead: the field sync and the new raw values are all there is.
    const writes = Object.keys(sync.hubspot).length + Object.keys(sync.salesforce).length;
    if (writes > 0 || converted) {
      const what = converted ? 'Lead converted in Salesforce' : `Fields synced from Salesforce: ${Object.keys(real).join(', ')}`;
      await applyDecision(tx, ctx, current, noteDecision(current, now, converted ? 'converted' : 'field_sync', what, { reasons: sync.reasons, ...(converted ? { converted: converted.details } : {}) }), take());
    } else {
      await saveBookkeeping(tx, current, { data: take().data ?? current.data }, now);
    }
  }
  return 'applied';
}

async function applyEvent(tx: Db, ctx: PipelineContext, lead: LeadRecord, e: InboundEvent, rmId: string | undefined, changedAt: Date | null, opts: () => ApplyDecisionOptions): Promise<LeadRecord> {
  if (e.kind === 'accepted' || e.kind === 'returned') {
    const status = e.details.field === 'Return_Reason__c' ? 'Returned' : (e.details.value ?? '');
    return handleAnswer(tx, ctx, lead, { handoffStatus: status, returnReason: e.details.returnReason ?? null, answeredAt: changedAt, ...(rmId ? { ownerId: rmId } : {}) }, opts());
  }
  if (e.state && e.kind !== 'converted' && e.kind !== 'none') {
    const d = decideOutcome(leadView(lead, ctx.config), e.state, ctx.config.statuses, ctx.clock.now(), { source: 'salesforce.lead', detail: { field: e.details.field, value: e.details.value }, occurredAt: changedAt });
    if (d) return applyDecision(tx, ctx, lead, d, opts());
  }
  return lead;
}
