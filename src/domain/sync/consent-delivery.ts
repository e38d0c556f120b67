/**
 * The one consent flag HubSpot will not take as a property write: hs_email_optout is read-only
 * (HubSpot sets it from its own subscription tools), so an email opt-out made in Salesforce is
 * delivered by unsubscribing the contact's email from HubSpot's subscription types (the
 * Communication Preferences API) instead. hs_email_optout may stay false after that, so the
 * delivery is recorded on the lead: it is made once per revocation, not every cycle. Pure: what
 * is due, from the settled value, what HubSpot showed and what was delivered.
 */
import type { FieldMapping } from '../../config/schemas/fields';
import type { FieldSyncState } from './conflicts';

export const HUBSPOT_EMAIL_OPTOUT = 'hs_email_optout';

/** Whether a mapping's revocation reaches HubSpot through subscriptions rather than a property write. */
export const deliveredBySubscriptions = (m: Pick<FieldMapping, 'hubspot' | 'consent'>): boolean =>
  m.hubspot === HUBSPOT_EMAIL_OPTOUT && m.consent === 'opt_out';

/** What a delivery did, as the lead keeps it (JSON-safe; subscription type ids, no email). */
export interface SubscriptionDelivery {
  /** When HubSpot confirmed it (ISO). */
  at: string;
  /** Types this delivery unsubscribed the email from. */
  unsubscribed: string[];
  /** Types the email was already unsubscribed from. */
  already: string[];
}

/**
 * `deliver`: unsubscribe now. `forget`: the opt-out was lifted (a dated re-consent), so the old
 * delivery no longer stands and a later revocation is delivered again. `none`: nothing to do.
 */
export type SubscriptionDeliveryDue = 'deliver' | 'forget' | 'none';

export function subscriptionDeliveryDue(
  mapping: Pick<FieldMapping, 'hubspot' | 'consent'>,
  settled: Pick<FieldSyncState, 'value'> | undefined,
  /** hs_email_optout as HubSpot last showed it. */
  hubspotValue: string | null | undefined,
  delivered: SubscriptionDelivery | undefined,
): SubscriptionDeliveryDue {
  if (!deliveredBySubscriptions(mapping)) return 'none';
  if (settled?.value !== true) return delivered ? 'forget' : 'none';
  // HubSpot already shows the opt-out (its own unsubscribe, or ours reflected): nothing to send.
  if (String(hubspotValue ?? '').trim().toLowerCase() === 'true') return 'none';
  return delivered ? 'none' : 'deliver';
}
