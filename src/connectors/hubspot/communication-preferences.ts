/**
 * HubSpot's Communication Preferences v3: the portal's subscription types, an email's status in
 * each, and unsubscribing it from one. This is how an email opt-out made in Salesforce reaches
 * HubSpot, whose hs_email_optout is read-only (API-FACTS A8).
 *
 * Unsubscribing is idempotent: the email's statuses are read first and only a type it is not
 * already out of is unsubscribed; each answer must name that type as NOT_SUBSCRIBED. A refused
 * unsubscribe (400) is checked against a fresh read, so "already unsubscribed" or another
 * writer's change meanwhile counts as done, and anything else stays a failure. Nothing here
 * subscribes anyone. Endpoints are named by their templates: the address never reaches a log or
 * an error message.
 */
import type { Client } from '@hubspot/api-client';
import { ApiError, UnexpectedResponseError } from '../api-failure';
import type { Lane } from '../rate-policy';
import type { HubSpotCalls } from './calls';
import { KEEP_BODY } from './client';
import { subscriptionDefinitions, subscriptionStatus, subscriptionStatuses } from './schemas';

export const NOT_SUBSCRIBED = 'NOT_SUBSCRIBED';

const BASE = '/communication-preferences/v3';
const UNSUBSCRIBE = `POST ${BASE}/unsubscribe`;

export interface SubscriptionType {
  id: string;
  name: string;
  isActive: boolean;
  isInternal: boolean;
}

export interface EmailSubscriptionStatus {
  /** The subscription type's id. */
  id: string;
  /** SUBSCRIBED or NOT_SUBSCRIBED. */
  status: string;
  /** SUBSCRIPTION_STATUS, or BRAND_WIDE_STATUS / PORTAL_WIDE_STATUS when a wider opt-out decides. */
  sourceOfStatus?: string;
}

export interface UnsubscribeResult {
  /** Types this call unsubscribed the email from. */
  unsubscribed: string[];
  /** Types it was already out of. */
  already: string[];
}

type UnsubscribeBody = Parameters<Client['communicationPreferences']['statusApi']['unsubscribeWithHttpInfo']>[0];

const toStatus = (s: { id: string; status: string; sourceOfStatus?: string | undefined }): EmailSubscriptionStatus => ({
  id: s.id,
  status: s.status,
  ...(s.sourceOfStatus !== undefined ? { sourceOfStatus: s.sourceOfStatus } : {}),
});

export class CommunicationPreferences {
  constructor(
    private readonly client: Client,
    private readonly calls: HubSpotCalls,
  ) {}

  async subscriptionTypes(lane: Lane = 'critical'): Promise<SubscriptionType[]> {
    const { body } = await this.calls.json(
      { endpoint: `GET ${BASE}/definitions`, lane },
      () => this.client.communicationPreferences.definitionApi.getPageWithHttpInfo(KEEP_BODY),
      subscriptionDefinitions,
    );
    return body.subscriptionDefinitions.map((d) => ({ id: d.id, name: d.name, isActive: d.isActive !== false, isInternal: d.isInternal === true }));
  }

  async emailStatuses(email: string, lane: Lane = 'critical'): Promise<EmailSubscriptionStatus[]> {
    const { body } = await this.calls.json(
      { endpoint: `GET ${BASE}/status/email/{emailAddress}`, lane },
      () => this.client.communicationPreferences.statusApi.getEmailStatusWithHttpInfo(email, KEEP_BODY),
      subscriptionStatuses,
    );
    return body.subscriptionStatuses.map(toStatus);
  }

  async unsubscribe(email: string, subscriptionId: string, lane: Lane = 'critical'): Promise<EmailSubscriptionStatus> {
    const request: UnsubscribeBody = { emailAddress: email, subscriptionId };
    const { body } = await this.calls.json(
      { endpoint: UNSUBSCRIBE, lane },
      () => this.client.communicationPreferences.statusApi.unsubscribeWithHttpInfo(request, KEEP_BODY),
      subscriptionStatus,
    );
    return toStatus(body);
  }

  /** Unsubscribes the email from each of `ids` it is not already out of. Throws ApiError or UnexpectedResponseError. */
  async unsubscribeFrom(email: string, ids: readonly string[], lane: Lane = 'critical'): Promise<UnsubscribeResult> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return { unsubscribed: [], already: [] };
    const out = new Set((await this.emailStatuses(email, lane)).filter((s) => s.status === NOT_SUBSCRIBED).map((s) => s.id));
    const result: UnsubscribeResult = { unsubscribed: [], already: wanted.filter((id) => out.has(id)) };
    for (const id of wanted.filter((x) => !out.has(x))) {
      try {
        const r = await this.unsubscribe(email, id, lane);
        if (r.id !== id || r.status !== NOT_SUBSCRIBED) {
          throw new UnexpectedResponseError('hubspot', UNSUBSCRIBE, `unsubscribing from subscription type ${id} answered ${r.status} for type ${r.id}`);
        }
        result.unsubscribed.push(id);
      } catch (err) {
        if (!(err instanceof ApiError && err.failure.status === 400)) throw err;
        // What HubSpot holds now decides: out of the type is what was asked.
        const now = await this.emailStatuses(email, lane);
        if (now.find((s) => s.id === id)?.status !== NOT_SUBSCRIBED) throw err;
        result.already.push(id);
      }
    }
    return result;
  }
}
