/**
 * A new inquiry from someone who already has a lead (a second form, a second contact with the
 * same email, a branch referral through the events API) is a new handoff event on that lead,
 * never a second Salesforce Lead. decideReinquiry (domain/inquiry) says what it does: decided
 * again while the lead is marketing's, a Task for the owner while someone has it, a new round
 * (readiness, routing) when it was closed. Here it is applied: the existing-customer check before
 * a new routing, as for a fresh lead, and the inquiry's id kept on the lead so the same inquiry
 * read twice (a webhook and a poll) is one event.
 */
import { decideReinquiry, inquiryExplanation } from '../../domain/inquiry';
import type { Inquiry } from '../../domain/inquiry';
import { reconcileRecord } from '../../domain/sync';
import type { Db } from '../../store/db';
import { applyDecision } from './apply-decision';
import type { ApplyDecisionOptions } from './apply-decision';
import type { PipelineContext } from './context';
import { checkCustomer } from './customers';
import type { CustomerCheckNote } from './customers';
import { qualifyAndRoute } from './govern';
import type { LeadData, LeadRecord } from './lead-record';
import { leadView, taxonomyOf } from './view';

/** Inquiry ids kept per lead: enough to recognise a replay, bounded like the activity ids. */
const KEPT_INQUIRIES = 50;

export interface InquiryCall {
  /** This handling's bookkeeping (the new snapshot and raw values, field-sync writes, the cause). */
  opts?: ApplyDecisionOptions;
  /** Earlier handlings of the inbox row, for the existing-customer check's deferral. */
  attempts?: number;
}

const withCustomerNote = (cause: Record<string, unknown>, note: CustomerCheckNote | undefined): Record<string, unknown> => (note ? { ...cause, customer: note } : cause);

/**
 * The inquiry applied to the lead; null when it was handled before, so the caller goes on as for
 * any other change (a field sync, bookkeeping).
 */
export async function handleInquiry(tx: Db, ctx: PipelineContext, lead: LeadRecord, inquiry: Inquiry, call: InquiryCall = {}): Promise<LeadRecord | null> {
  const opts = call.opts ?? {};
  const before = opts.data ?? lead.data;
  const seen = Array.isArray(before.inquiryIds) ? before.inquiryIds : [];
  if (seen.includes(inquiry.id)) return null;
  const now = ctx.clock.now();
  const previousProduct = lead.product;
  const named = withProduct(ctx, lead, before, inquiry.product);
  let data: LeadData = { ...named.data, inquiryIds: [...seen, inquiry.id].slice(-KEPT_INQUIRIES) };
  // Decisions read the newest snapshot: a form that changed the product is about the new product.
  const view = leadView({ ...lead, data }, ctx.config);
  const out = decideReinquiry({ lead: view, inquiry, config: ctx.config, now, seen, previousProduct });
  let cause: Record<string, unknown> = { ...opts.auditData, inquiry: inquiryExplanation(inquiry, view.product, previousProduct) };
  if (out.action === 'decide_again' || out.action === 'reopen') {
    const checked = await checkCustomer(tx, ctx, data, data.raw.hubspot.email, call.attempts !== undefined ? { attempts: call.attempts } : {});
    data = checked.data;
    cause = withCustomerNote(cause, checked.note);
  }
  const sync = mergeSync(opts.sync, named.sync);
  const next: ApplyDecisionOptions = { ...opts, data, auditData: cause, ...(sync ? { sync } : {}) };
  const current: LeadRecord = { ...lead, data };
  if (out.action === 'decide_again') return qualifyAndRoute(tx, ctx, current, next);
  if (!out.decision) return null;
  const applied = await applyDecision(tx, ctx, current, out.decision, { ...next, hold: out.action === 'reopen' });
  return out.action === 'reopen' ? qualifyAndRoute(tx, ctx, applied, { auditData: cause, ...(opts.lane ? { lane: opts.lane } : {}) }) : applied;
}

type SyncWrites = NonNullable<ApplyDecisionOptions['sync']>;

function mergeSync(a: SyncWrites | undefined, b: SyncWrites | undefined): SyncWrites | undefined {
  if (!a) return b;
  if (!b) return a;
  return { hubspot: { ...a.hubspot, ...b.hubspot }, salesforce: { ...a.salesforce, ...b.salesforce } };
}

/**
 * An inquiry that names another product (a referral for a mortgage) moves the lead's product in
 * both systems, through the field's own sync rule, as if marketing had changed it: routing and
 * the SLA then read the new product. The contact is written too, so HubSpot agrees.
 */
function withProduct(ctx: PipelineContext, lead: LeadRecord, data: LeadData, product: string | null): { data: LeadData; sync?: SyncWrites } {
  const field = ctx.sync.byName.get('product');
  const value = product ? ctx.sync.picklists.get('product')?.toHubspot.get(product) : undefined;
  if (!field || value === undefined || taxonomyOf(data.sync).product === product || !lead.hubspotContactId) return { data };
  const properties = { ...data.raw.hubspot, [field.hubspot]: value };
  const r = reconcileRecord(
    { before: data.sync, contact: { id: lead.hubspotContactId, properties, updatedAt: ctx.clock.now().getTime() }, lead: lead.salesforceLeadId ? { ...data.raw.salesforce, Id: lead.salesforceLeadId } : null },
    ctx.sync,
  );
  if (taxonomyOf(r.snapshot).product !== product) return { data };
  return { data: { ...data, sync: r.snapshot }, sync: { hubspot: { [field.hubspot]: value }, salesforce: r.salesforce } };
}
