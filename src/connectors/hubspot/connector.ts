/**
 * HubSpot contacts for Handoff over @hubspot/api-client: change polling by search, batch reads
 * and writes with per-record results, the properties and lists `handoff install` manages, and
 * email unsubscribes (communication-preferences.ts).
 * Every call goes through HubSpotCalls (limiter, headers, error classification, schema check).
 * Whole-call failures throw ApiError (its `failure` says what happened) or UnexpectedResponseError;
 * per-record failures are values in the returned results.
 */
import type { Client } from '@hubspot/api-client';
import { HandoffError } from '../../errors';
import type { Logger } from '../../observability/logger';
import { silentLogger } from '../../observability/logger';
import type { RecordResult } from '../api-failure';
import { ApiError } from '../api-failure';
import { formatSafeError, hubspotErrorText } from '../error-text';
import type { Lane } from '../rate-policy';
import type { EnsuredProperty, HubSpotProperty, PropertySpec } from './admin';
import { HubSpotAdmin } from './admin';
import { dedupeInputs, expandResults, mapBatchResults } from './batch-results';
import type { HubSpotLimiters } from './calls';
import { HubSpotCalls } from './calls';
import { KEEP_BODY } from './client';
import { MAX_SEARCH_PAGE, windowSearchRequest } from './change-poll';
import type { EmailSubscriptionStatus, SubscriptionType, UnsubscribeResult } from './communication-preferences';
import { CommunicationPreferences } from './communication-preferences';
import type { ContactRecord } from './contact-record';
import { toContactRecord } from './contact-record';
import { batchResponse, searchResponse, simplePublicObject } from './schemas';

export const HUBSPOT_BATCH_MAX = 100;
const CONTACTS = '/crm/v3/objects/contacts';

export interface HubSpotConnectorOptions {
  client: Client;
  /** The general and search budgets; without them calls go out unthrottled (tests, one-off CLI calls). */
  limiters?: HubSpotLimiters;
  logger?: Logger;
  nowMs?: () => number;
  /** Per call; default 60 s (the SDK has none). */
  timeoutMs?: number;
}

export interface CallOpts {
  lane?: Lane;
}

export interface WindowQuery extends CallOpts {
  /** The window, epoch ms, both ends inclusive; keep `untilMs` ~30 s behind now (search lags writes). */
  fromMs: number;
  untilMs: number;
  /** Resume after this hs_object_id within the window. */
  afterId?: string;
  properties: readonly string[];
  /** Page size, at most 200. */
  limit: number;
}

export interface WindowPage {
  /** In hs_object_id order. */
  records: ContactRecord[];
  /** The last id read: pass it back as afterId to go on. */
  lastId?: string;
  /** Nothing more in the window. */
  done: boolean;
  /** Records matching this page's query (the rest of the window after afterId), as HubSpot counts them. */
  total: number;
}

export interface UpsertByEmailInput {
  email: string;
  properties: Record<string, string>;
}

export interface UpdateInput {
  id: string;
  properties: Record<string, string>;
}

type SearchBody = Parameters<Client['crm']['contacts']['searchApi']['doSearchWithHttpInfo']>[0];
type UpsertBody = Parameters<Client['crm']['contacts']['batchApi']['upsertWithHttpInfo']>[0];

export class HubSpotConnector {
  private readonly admin: HubSpotAdmin;
  private readonly preferences: CommunicationPreferences;
  private readonly client: Client;
  private readonly calls: HubSpotCalls;

  constructor(o: HubSpotConnectorOptions) {
    this.client = o.client;
    this.calls = new HubSpotCalls(o.limiters, o.logger ?? silentLogger(), o.nowMs, o.timeoutMs);
    this.admin = new HubSpotAdmin(o.client, this.calls);
    this.preferences = new CommunicationPreferences(o.client, this.calls);
  }

  /** One page of a window walk (see change-poll.ts windowSearchRequest). */
  async searchContactsInWindow(q: WindowQuery): Promise<WindowPage> {
    if (!(q.limit >= 1 && q.limit <= MAX_SEARCH_PAGE)) throw new HandoffError('HUBSPOT_BAD_PAGE_SIZE', `Search pages hold 1 to ${MAX_SEARCH_PAGE} records; asked for ${q.limit}`);
    const request = windowSearchRequest(q, q.properties, q.limit);
    const endpoint = `POST ${CONTACTS}/search`;
    const { body } = await this.calls.json(
      { endpoint, cls: 'search', lane: q.lane ?? 'critical' },
      () => this.client.crm.contacts.searchApi.doSearchWithHttpInfo(request as unknown as SearchBody, KEEP_BODY),
      searchResponse,
    );
    const records = body.results.map((o) => toContactRecord(o, endpoint));
    const last = records[records.length - 1];
    return { records, ...(last ? { lastId: last.id } : q.afterId !== undefined ? { lastId: q.afterId } : {}), done: body.paging?.next === undefined || records.length === 0, total: body.total };
  }

  /** Contacts by record id; ids HubSpot does not know come back in `missing`. */
  async batchReadContacts(ids: readonly string[], properties: readonly string[], opts: CallOpts = {}): Promise<{ records: ContactRecord[]; missing: string[] }> {
    const unique = [...new Set(ids)];
    checkBatchSize(unique.length);
    if (unique.length === 0) return { records: [], missing: [] };
    const endpoint = `POST ${CONTACTS}/batch/read`;
    const request = { properties: withModified(properties), propertiesWithHistory: [], inputs: unique.map((id) => ({ id })) };
    const { body } = await this.calls.json(
      { endpoint, lane: opts.lane ?? 'critical' },
      () => this.client.crm.contacts.batchApi.readWithHttpInfo(request, undefined, KEEP_BODY),
      batchResponse,
    );
    // OBJECT_NOT_FOUND means missing; any other error must not pass for "deleted".
    const other = (body.errors ?? []).find((e) => e.category !== 'OBJECT_NOT_FOUND');
    if (other) {
      throw new ApiError({ system: 'hubspot', endpoint, kind: 'retryable', status: 207, code: other.category ?? 'UNKNOWN', message: formatSafeError(hubspotErrorText(other)) });
    }
    const records = body.results.map((o) => toContactRecord(o, endpoint));
    const found = new Set(records.map((r) => r.id));
    return { records, missing: unique.filter((id) => !found.has(id)) };
  }

  /** Creates or updates contacts by email: one result per input, in input order (key = the email sent). */
  async batchUpsertContactsByEmail(inputs: readonly UpsertByEmailInput[], opts: CallOpts = {}): Promise<RecordResult[]> {
    checkBatchSize(inputs.length);
    if (inputs.length === 0) return [];
    const { unique, slots } = dedupeInputs(inputs, (i) => i.email, (k) => k.trim().toLowerCase());
    // A trace id on every input turns one bad input's 400 into a per-input 207 error (A2).
    const request: UpsertBody = {
      inputs: unique.map((u, i) => ({ id: u.key.trim(), idProperty: 'email', properties: u.properties, objectWriteTraceId: String(i) })),
    };
    const call = { endpoint: `POST ${CONTACTS}/batch/upsert`, lane: opts.lane ?? 'critical' };
    const { body } = await this.calls.json(call, () => this.client.crm.contacts.batchApi.upsertWithHttpInfo(request, KEEP_BODY), batchResponse);
    const results = mapBatchResults(unique, body, (o) => o.properties['email']?.toLowerCase());
    this.calls.noteRateLimitedInputs(call, results);
    return expandResults(inputs, slots, results, (i) => i.email);
  }

  /** Updates contacts by record id: one result per input, in input order (key = the id). */
  async batchUpdateContacts(inputs: readonly UpdateInput[], opts: CallOpts = {}): Promise<RecordResult[]> {
    checkBatchSize(inputs.length);
    if (inputs.length === 0) return [];
    const { unique, slots } = dedupeInputs(inputs, (i) => i.id, (k) => k);
    const request = { inputs: unique.map((u, i) => ({ id: u.key, properties: u.properties, objectWriteTraceId: String(i) })) };
    const call = { endpoint: `POST ${CONTACTS}/batch/update`, lane: opts.lane ?? 'critical' };
    const { body } = await this.calls.json(call, () => this.client.crm.contacts.batchApi.updateWithHttpInfo(request, KEEP_BODY), batchResponse);
    const results = mapBatchResults(unique, body, (o) => o.id);
    this.calls.noteRateLimitedInputs(call, results);
    return expandResults(inputs, slots, results, (i) => i.id);
  }

  /** One contact, or undefined when HubSpot has none with that id. */
  async getContact(id: string, properties: readonly string[], opts: CallOpts = {}): Promise<ContactRecord | undefined> {
    const endpoint = `GET ${CONTACTS}/{contactId}`;
    try {
      const { body } = await this.calls.json(
        { endpoint, lane: opts.lane ?? 'critical' },
        () => this.client.crm.contacts.basicApi.getByIdWithHttpInfo(id, withModified(properties), undefined, undefined, undefined, undefined, KEEP_BODY),
        simplePublicObject,
      );
      return toContactRecord(body, endpoint);
    } catch (err) {
      if (err instanceof ApiError && err.failure.status === 404) return undefined;
      throw err;
    }
  }

  listProperties(opts: CallOpts = {}): Promise<HubSpotProperty[]> {
    return this.admin.listProperties(opts.lane);
  }

  hasPropertyGroup(name: string, opts: CallOpts = {}): Promise<boolean> {
    return this.admin.hasPropertyGroup(name, opts.lane);
  }

  ensurePropertyGroup(group: { name: string; label: string }, opts: CallOpts = {}): Promise<{ created: boolean }> {
    return this.admin.ensurePropertyGroup(group, opts.lane);
  }

  /** Creates the contact property unless one of that name exists (then reports how it differs). */
  ensureProperty(spec: PropertySpec, opts: CallOpts = {}): Promise<EnsuredProperty> {
    return this.admin.ensureProperty(spec, opts.lane);
  }

  ensureManualList(name: string, opts: CallOpts = {}): Promise<string> {
    return this.admin.ensureManualList(name, opts.lane);
  }

  addToList(listId: string, ids: readonly string[], opts: CallOpts = {}): Promise<{ added: string[]; missing: string[] }> {
    return this.admin.addToList(listId, ids, opts.lane);
  }

  removeFromList(listId: string, ids: readonly string[], opts: CallOpts = {}): Promise<{ removed: string[]; missing: string[] }> {
    return this.admin.removeFromList(listId, ids, opts.lane);
  }

  /** The portal's email subscription types (Communication Preferences). */
  subscriptionTypes(opts: CallOpts = {}): Promise<SubscriptionType[]> {
    return this.preferences.subscriptionTypes(opts.lane);
  }

  emailSubscriptionStatuses(email: string, opts: CallOpts = {}): Promise<EmailSubscriptionStatus[]> {
    return this.preferences.emailStatuses(email, opts.lane);
  }

  /** Unsubscribes the email from each subscription type it is not already out of (never subscribes). */
  unsubscribeEmail(email: string, subscriptionIds: readonly string[], opts: CallOpts = {}): Promise<UnsubscribeResult> {
    return this.preferences.unsubscribeFrom(email, subscriptionIds, opts.lane);
  }
}

/** Every read asks for lastmodifieddate: it is half of the change key. */
const withModified = (properties: readonly string[]): string[] => [...new Set([...properties, 'lastmodifieddate'])];

function checkBatchSize(n: number): void {
  if (n > HUBSPOT_BATCH_MAX) {
    throw new HandoffError('HUBSPOT_BATCH_TOO_LARGE', `HubSpot batches hold at most ${HUBSPOT_BATCH_MAX} inputs; got ${n}. Chunk before calling.`);
  }
}
