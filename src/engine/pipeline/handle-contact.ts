/**
 * A HubSpot contact as read (by polling, or fetched for a webhook): the inbox handler's first
 * case. A contact Handoff does not know becomes a lead when marketing qualifies it (statuses.yaml
 * inbound: lifecycle stage → ready); readiness and routing follow at once. For a known lead, a
 * re-read whose tracked values equal what was last seen or sent is no change (our echo); a real
 * change is reconciled field by field, and its status values feed the decisions; a new form (the
 * conversion count rose) is a re-inquiry (inquiry.ts). Before readiness and routing decide, the
 * email is checked against Salesforce Contacts (customers.ts): a known customer goes back to the
 * RM who owns the relationship.
 */
import { randomUUID } from 'node:crypto';
import { CONVERSION_PROPERTIES, conversionInquiry } from '../../domain/inquiry';
import type { Inquiry } from '../../domain/inquiry';
import { inboundFromHubspot, reconcileRecord, toCanonical } from '../../domain/sync';
import type { SalesforceLead, SyncProblem } from '../../domain/sync';
import type { Db } from '../../store/db';
import type { InboxOutcome } from '../inbox';
import { filterEchoesOfRead } from '../ledger';
import { applyDecision, draftLead, needsLeadCreated, noteDecision } from './apply-decision';
import type { ApplyDecisionOptions } from './apply-decision';
import type { PipelineContext } from './context';
import type { CustomerCheckNote } from './customers';
import { checkCustomer } from './customers';
import { movedFields, pick } from './fields';
import { QUALIFYING_STATES, qualifyAndRoute } from './govern';
import { handleInquiry } from './inquiry';
import type { LeadRecord } from './lead-record';
import { emptyLeadData, findLeadForContact, saveBookkeeping } from './lead-record';
import { decideOutcome } from './outcome';
import { emailHash, leadView } from './view';

/** What the inbox holds for a contact read: kind `contact`, source id `${id}@${modifiedMs}`. */
export interface ContactSnapshot {
  id: string;
  properties: Record<string, string | null>;
  modifiedMs: number;
  archived?: boolean;
}

export const CONTACT_KIND = 'contact';

/** The Lead as Handoff last saw or wrote it: the other side of a contact change. */
export function leadFromRaw(lead: LeadRecord): SalesforceLead {
  return { ...lead.data.raw.salesforce, Id: lead.salesforceLeadId ?? undefined };
}

export function logProblems(ctx: PipelineContext, leadId: string, problems: SyncProblem[]): void {
  for (const p of problems) ctx.logger.warn('field not synced', { leadId, code: p.code, field: p.field, side: p.side, message: p.message });
}

export interface ContactCall extends Pick<ApplyDecisionOptions, 'lane'> {
  /** Earlier handlings of the inbox row: a failed existing-customer check defers the row while attempts are left. */
  attempts?: number;
}

/** The audit cause with what the existing-customer check found (ids and codes only). */
const withCustomerNote = (cause: Record<string, unknown> | undefined, note: CustomerCheckNote | undefined): Record<string, unknown> | undefined =>
  note ? { ...cause, customer: note } : cause;

/** `call.lane` puts every write this handling makes on one lane (the backfill's bulk lane). */
export async function handleContact(tx: Db, ctx: PipelineContext, snap: ContactSnapshot, call: ContactCall = {}): Promise<InboxOutcome> {
  if (snap.archived) return 'ignored';
  const props = pick(snap.properties, ctx.fields.hubspot);
  const found = await findLeadForContact(tx, snap.id, emailHash(props.email));
  if (!found?.sameContact) return newContact(tx, ctx, snap, props, found?.lead ?? null, call);
  const lead = found.lead;
  if (lead.data.seen.hubspotMs !== undefined && snap.modifiedMs < lead.data.seen.hubspotMs) return 'ignored';

  const now = ctx.clock.now();
  const moved = movedFields(ctx.fields.hubspot, lead.data.raw.hubspot, props);
  // Asked even when nothing moved: a read showing a live entry's value is its echo, and consumes it.
  const { echoes, real } = await filterEchoesOfRead(tx, 'hubspot', snap.id, props, moved, now);
  if (moved.length === 0) return 'ignored';
  const data = {
    ...lead.data,
    raw: { ...lead.data.raw, hubspot: { ...lead.data.raw.hubspot, ...props } },
    seen: { ...lead.data.seen, hubspotMs: snap.modifiedMs },
  };
  if (Object.keys(real).length === 0) {
    await saveBookkeeping(tx, lead, { data }, now);
    return 'ignored';
  }

  const sync = reconcileRecord(
    { before: lead.data.sync, contact: { id: snap.id, properties: props, updatedAt: snap.modifiedMs }, lead: lead.salesforceLeadId ? leadFromRaw(lead) : null },
    ctx.sync,
  );
  logProblems(ctx, lead.id, sync.problems);
  const opts: ApplyDecisionOptions = {
    data: { ...data, sync: sync.snapshot },
    sync: { hubspot: sync.hubspot, salesforce: sync.salesforce },
    auditData: { source: 'hubspot.contact', changed: Object.keys(real) },
    ...(call.lane ? { lane: call.lane } : {}),
  };
  // Our own echoes among the changed fields are no status change either.
  const before = { ...lead.data.raw.hubspot, ...pick(props, echoes) };
  const events = inboundFromHubspot(before, props, ctx.config, { currentState: lead.state });
  const mql = events.some((e) => e.kind === 'mql');
  const dq = events.find((e) => e.kind === 'disqualified');

  if (dq) {
    const d = decideOutcome(leadView(lead, ctx.config), 'disqualified', ctx.config.statuses, now, { source: 'hubspot.contact', detail: { field: dq.details.field } });
    if (d) {
      await applyDecision(tx, ctx, lead, d, opts);
      return 'applied';
    }
  }
  // A new form (HubSpot's conversion count rose) is an inquiry whatever the lifecycle stage
  // says: a contact at SQL stays at SQL when they ask again. Marketing qualifying a lead someone
  // already has is one too.
  const inquiry = conversionInquiry(lead.data.raw.hubspot, props) ?? (mql && !QUALIFYING_STATES.includes(lead.state) ? stageInquiry(snap) : null);
  if (inquiry && (await handleInquiry(tx, ctx, lead, inquiry, { opts, ...(call.attempts !== undefined ? { attempts: call.attempts } : {}) }))) return 'applied';
  if (lead.state === 'recycled' ? mql : QUALIFYING_STATES.includes(lead.state)) {
    const checked = await checkCustomer(tx, ctx, opts.data!, props.email, call);
    // Readiness reads the fields as they are now, not as they were before this change.
    const current = { ...lead, data: checked.data };
    await qualifyAndRoute(tx, ctx, current, { ...opts, data: checked.data, auditData: withCustomerNote(opts.auditData, checked.note) });
  } else if (Object.keys(sync.hubspot).length + Object.keys(sync.salesforce).length > 0 || needsLeadCreated(lead)) {
    // A Lead whose create was discarded is created with the changed contact (a fixed field).
    await applyDecision(tx, ctx, lead, noteDecision(lead, now, 'field_sync', `Fields synced from HubSpot: ${Object.keys(real).join(', ')}`, { reasons: sync.reasons }), opts);
  } else {
    await saveBookkeeping(tx, lead, { data: opts.data! }, now);
  }
  return 'applied';
}

/** A contact with no lead of its own; `other` is the lead of a contact with the same email, if any. */
async function newContact(tx: Db, ctx: PipelineContext, snap: ContactSnapshot, props: Record<string, string | null>, other: LeadRecord | null, call: ContactCall): Promise<InboxOutcome> {
  const mql = inboundFromHubspot(undefined, props, ctx.config).some((e) => e.kind === 'mql');
  if (!mql) return 'ignored';
  const hash = emailHash(props.email);
  const lane = call.lane ? { lane: call.lane } : {};
  if (other) {
    // The same person under a second contact: a new handoff event on their lead, not a new Lead;
    // each new form on that contact is one more (its re-reads are not).
    const inquiry: Inquiry = { ...stageInquiry(snap), id: `hubspot:contact:${snap.id}:${props[CONVERSION_PROPERTIES.count] ?? 0}`, what: props[CONVERSION_PROPERTIES.name]?.trim() || null, product: productOf(ctx, props) };
    const handled = await handleInquiry(tx, ctx, other, inquiry, { opts: { ...lane, auditData: { source: 'hubspot.contact', secondContact: snap.id } }, ...(call.attempts !== undefined ? { attempts: call.attempts } : {}) });
    return handled ? 'applied' : 'ignored';
  }
  const now = ctx.clock.now();
  const sync = reconcileRecord({ before: null, contact: { id: snap.id, properties: props, updatedAt: snap.modifiedMs }, lead: null }, ctx.sync);
  const base = emptyLeadData();
  const checked = await checkCustomer(tx, ctx, { ...base, sync: sync.snapshot, raw: { hubspot: props, salesforce: {} }, seen: { hubspotMs: snap.modifiedMs } }, props.email, call);
  const draft = draftLead({ id: randomUUID(), hubspotContactId: snap.id, emailHash: hash, data: checked.data, now });
  logProblems(ctx, draft.id, sync.problems);
  const auditData = withCustomerNote({ source: 'hubspot.contact', trigger: 'marketing qualified' }, checked.note);
  await qualifyAndRoute(tx, ctx, draft, { sync: { hubspot: sync.hubspot, salesforce: {} }, ...(auditData ? { auditData } : {}), ...lane });
  return 'applied';
}

/** Marketing qualified the contact again (the lifecycle stage), with no form to name it by. */
const stageInquiry = (snap: ContactSnapshot): Inquiry => ({ id: `hubspot:lifecyclestage:${snap.modifiedMs}`, source: 'hubspot.contact', what: null, product: null, branchId: null, at: new Date(snap.modifiedMs) });

/** The product a contact asks about (products.yaml id), read through its field mapping. */
function productOf(ctx: PipelineContext, props: Record<string, string | null>): string | null {
  const field = ctx.sync.byName.get('product');
  const c = field ? toCanonical(field, 'hubspot', props[field.hubspot], ctx.sync) : null;
  return c && 'value' in c && typeof c.value === 'string' ? c.value : null;
}
