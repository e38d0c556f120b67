/**
 * The email opt-out's way to HubSpot (domain/sync/consent-delivery.ts): hs_email_optout is
 * read-only, so a revocation settled from Salesforce becomes one outbox row per contact (object
 * `email_unsubscribe`, keyed by the contact id, the email in the payload), planned with the
 * decision's other writes. The pipeline's writer unsubscribes the email from every subscription
 * type of the portal (or those fields.yaml's `unsubscribe_from` lists) through the HubSpot
 * limiter; when HubSpot has confirmed it, the lead records the delivery, so it is not sent again
 * while hs_email_optout stays false, and the audit trail says what was done. Nothing here ever
 * subscribes anyone.
 */
import { toApiFailure } from '../../connectors';
import type { HubSpotConnector } from '../../connectors/hubspot';
import type { MappingsConfig } from '../../config';
import type { FieldMapping } from '../../config/schemas/fields';
import { deliveredBySubscriptions, subscriptionDeliveryDue } from '../../domain/sync';
import type { SubscriptionDelivery } from '../../domain/sync';
import type { Db } from '../../store/db';
import type { PlannedWrite } from '../apply';
import { appendAudit } from '../audit';
import type { WriteItem, WriteResult, WrittenRecord } from '../dispatcher';
import type { Lane } from '../outbox';
import type { PipelineContext } from './context';
import { ACTOR } from './context';
import type { LeadData, LeadRecord } from './lead-record';
import { findLead, saveBookkeeping } from './lead-record';

export const EMAIL_UNSUBSCRIBE = 'email_unsubscribe';

/** The mapping delivered through subscriptions, if the mappings have one. */
export const subscriptionOptOutField = (c: Pick<MappingsConfig, 'fields'>): FieldMapping | undefined => c.fields.fields.find(deliveredBySubscriptions);

/** The unsubscribe the lead's settled values call for, and its data without a delivery a re-consent lifted. */
export function planUnsubscribe(ctx: PipelineContext, lead: Pick<LeadRecord, 'id' | 'hubspotContactId'>, data: LeadData): { write?: PlannedWrite; data: LeadData } {
  const f = subscriptionOptOutField(ctx.config);
  if (!f) return { data };
  const due = subscriptionDeliveryDue(f, data.sync.fields[f.name], data.raw.hubspot[f.hubspot], data.consentDelivered?.[f.name]);
  if (due === 'forget') {
    const { [f.name]: _lifted, ...rest } = data.consentDelivered ?? {};
    return { data: { ...data, consentDelivered: rest } };
  }
  if (due !== 'deliver' || !lead.hubspotContactId) return { data };
  const email = data.raw.hubspot.email;
  if (!email) {
    ctx.logger.warn('email opt-out not delivered to HubSpot: the contact has no email address to unsubscribe', { leadId: lead.id, field: f.name });
    return { data };
  }
  const write: PlannedWrite = {
    system: 'hubspot',
    object: EMAIL_UNSUBSCRIBE,
    operation: 'update',
    recordKey: lead.hubspotContactId,
    payload: { email, field: f.name },
    lane: 'critical',
    // Not a property write: no echo comes back to match.
    echoRecordId: null,
  };
  return { write, data };
}

/**
 * Sends a batch of unsubscribes: the portal's subscription types once, then each email's. A
 * listed type the portal does not have fails the item (permanent) after the others are done,
 * so an operator sees the config is wrong rather than believing the opt-out reached everything.
 */
export async function writeUnsubscribes(hubspot: HubSpotConnector, items: WriteItem[], lane: Lane, unsubscribeFrom: readonly string[] | undefined): Promise<WriteResult[]> {
  const failed = (err: unknown): WriteResult => {
    const f = toApiFailure(err);
    if (!f) throw err;
    return { ok: false, failure: { kind: f.kind, message: f.message, ...(f.code ? { code: f.code } : {}), ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}) } };
  };
  let types: string[];
  try {
    types = (await hubspot.subscriptionTypes({ lane })).map((t) => t.id);
  } catch (err) {
    const r = failed(err);
    return items.map(() => r);
  }
  const unknown = (unsubscribeFrom ?? []).filter((id) => !types.includes(id));
  const wanted = unsubscribeFrom ? unsubscribeFrom.filter((id) => types.includes(id)) : types;
  const results: WriteResult[] = [];
  for (const item of items) {
    try {
      const done = await hubspot.unsubscribeEmail(String(item.payload.email), wanted, { lane });
      results.push(
        unknown.length > 0
          ? { ok: false, failure: { kind: 'permanent', code: 'UNKNOWN_SUBSCRIPTION_TYPE', message: `fields.yaml unsubscribe_from names subscription types HubSpot does not have: ${unknown.join(', ')}` } }
          : { ok: true, detail: { ...done } },
      );
    } catch (err) {
      results.push(failed(err));
    }
  }
  return results;
}

const plural = (n: number): string => `${n} subscription type${n === 1 ? '' : 's'}`;

/** HubSpot confirmed the unsubscribe: the lead records it (while the opt-out stands) and the audit trail says so. */
export async function onUnsubscribed(tx: Db, ctx: PipelineContext, w: WrittenRecord & { payload: Record<string, unknown> }): Promise<void> {
  if (!w.leadId) return;
  const lead = await findLead(tx, { id: w.leadId }, { lock: true });
  if (!lead) return;
  const field = String(w.payload.field);
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  const delivery: SubscriptionDelivery = { at: ctx.clock.now().toISOString(), unsubscribed: ids(w.detail?.unsubscribed), already: ids(w.detail?.already) };
  // A re-consent settled while the write was on its way: the delivery happened, but no longer stands.
  if (lead.data.sync.fields[field]?.value === true) {
    await saveBookkeeping(tx, lead, { data: { ...lead.data, consentDelivered: { ...lead.data.consentDelivered, [field]: delivery } } }, ctx.clock.now());
  }
  const n = delivery.unsubscribed.length;
  const already = delivery.already.length;
  const summary =
    n > 0
      ? `Email opt-out delivered to HubSpot: unsubscribed from ${plural(n)}${already > 0 ? ` (already out of ${already} more)` : ''}`
      : already > 0
        ? `Email opt-out delivered to HubSpot: already unsubscribed from ${plural(already)}`
        : 'Email opt-out delivered to HubSpot: the portal has no subscription types to unsubscribe from';
  await appendAudit(tx, ctx.clock, {
    leadId: lead.id,
    type: 'consent_delivered',
    actor: ACTOR,
    summary,
    data: { field, system: 'hubspot', via: 'communication_preferences', unsubscribed: delivery.unsubscribed, already: delivery.already },
  });
}
