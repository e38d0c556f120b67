/**
 * The HubSpot CRM v3 emulator: one object that owns all state (contacts, properties, lists, email
 * subscription preferences, rate counters, webhook queue, call counts), serves it over HTTP
 * through the same wire shapes as api.hubapi.com, and lets the sandbox seed and act as HubSpot
 * users directly.
 */
import type { HubSpotPropertySpec } from '../../connectors/handoff-schema';
import { HUBSPOT_GROUP } from '../../connectors/handoff-schema';
import type { Clock } from '../../domain/clock';
import { HandoffError } from '../../errors';
import type { Express } from 'express';
import type { ListeningEmulator } from '../listen';
import { listenApp } from '../listen';
import type { Logger } from '../../observability/logger';
import { silentLogger } from '../../observability/logger';
import { TokenRegistry } from './auth';
import type { CallCounts } from './call-counts';
import { CallCounter } from './call-counts';
import { ContactBatches } from './contacts/batch';
import { DEFAULT_PROPERTIES, toPublicObject } from './contacts/serialize';
import type { PublicObject } from './contacts/serialize';
import { ContactService } from './contacts/service';
import { ContactStore } from './contacts/store';
import type { WriteSource } from './contacts/types';
import type { Interceptor } from './http-app';
import { buildApp } from './http-app';
import { ListStore } from './lists/store';
import { PreferencesStore } from './preferences/store';
import { PropertyStore } from './properties/store';
import type { RateLimits, Tier } from './rate-limit';
import { RateLimiter, TIER_LIMITS } from './rate-limit';
import type { RouteContext } from './routes/context';
import { contactRoutes } from './routes/contacts';
import { listRoutes } from './routes/lists';
import { preferenceRoutes } from './routes/preferences';
import { propertyRoutes } from './routes/properties';
import type { DeliveryReport, WebhookOptions } from './webhooks';
import { WebhookDispatcher } from './webhooks';
import { HubSpotHttpError } from './wire';

export interface HubSpotEmulatorOptions {
  clock: Clock;
  tier?: Tier;
  /** Tokens with every scope. Default: ['pat-sandbox-handoff']. */
  accessTokens?: string[];
  /** Extra tokens limited to the listed scopes (e.g. to test 403 MISSING_SCOPES). */
  tokenScopes?: Record<string, string[]>;
  /** The app's client secret, the key of webhook signatures. */
  appSecret?: string;
  /** How long (by the clock) a write takes to reach search. Default 2000. */
  searchLagMs?: number;
  webhook?: WebhookOptions;
  portalId?: number;
  appId?: number;
  /** Seed only HubSpot's standard properties, not Handoff's nor the mapped custom ones. */
  bare?: boolean;
  /**
   * More contact properties to seed, replacing defaults of the same name: e.g. what a bank's own
   * mappings need (`customFieldsNeeded(config).hubspot`). Group: `handoff` unless given.
   */
  extraProperties?: (HubSpotPropertySpec & { groupName?: string })[];
  /** Overrides of the tier's limits (tests exhaust a small daily limit instead of 250,000 calls). */
  limits?: Partial<RateLimits>;
  /** The account's timezone: the daily limit resets at its midnight. Default UTC. */
  timeZone?: string;
  /** The HubSpot user simulated changes are attributed to when none is given. */
  defaultUserId?: number;
  logger?: Logger;
}

export interface ChangeOptions {
  /** changeSource of the change: CRM_UI (default), WORKFLOWS, IMPORT, FORM, INTEGRATION, ... */
  source?: string;
  sourceId?: string;
  sourceUserId?: number;
}

export type { ListeningEmulator };

export interface HubSpotEmulator {
  readonly app: Express;
  readonly clock: Clock;
  readonly portalId: number;
  readonly appId: number;
  readonly appSecret: string;
  readonly accessTokens: readonly string[];
  readonly contacts: ContactStore;
  readonly properties: PropertyStore;
  readonly lists: ListStore;
  /** Email subscription types and statuses (Communication Preferences v3). */
  readonly preferences: PreferencesStore;
  readonly rateLimiter: RateLimiter;
  readonly webhooks: WebhookDispatcher;
  listen(port?: number, host?: string): Promise<ListeningEmulator>;
  /** Creates a contact as a HubSpot user (or the given source) would; fires webhooks. Throws HandoffError on invalid input. */
  createContact(properties: Record<string, string>, opts?: ChangeOptions): PublicObject;
  /** Changes a contact as a HubSpot user or workflow would; returns the properties that changed. */
  updateContact(id: string, properties: Record<string, string>, opts?: ChangeOptions): string[];
  archiveContact(id: string, opts?: ChangeOptions): void;
  /** Every current property of a contact (archived ones too), or undefined. */
  getContact(id: string): PublicObject | undefined;
  callCounts(): CallCounts;
  resetCounts(): void;
  flushWebhooks(): Promise<DeliveryReport>;
  startWebhookLoop(intervalMs?: number): void;
  stopWebhookLoop(): void;
  configureWebhooks(opts: WebhookOptions | undefined): void;
  /** Adds a hook that runs before auth on every routed request; returns its remover. */
  intercept(fn: Interceptor): () => void;
}

export const DEFAULT_ACCESS_TOKEN = 'pat-sandbox-handoff';

export function createHubSpotEmulator(opts: HubSpotEmulatorOptions): HubSpotEmulator {
  const clock = opts.clock;
  const logger = opts.logger ?? silentLogger();
  const portalId = opts.portalId ?? 26892217;
  const appId = opts.appId ?? 1512050;
  const appSecret = opts.appSecret ?? 'sandbox-app-secret';
  const accessTokens = opts.accessTokens ?? [DEFAULT_ACCESS_TOKEN];
  const defaultUserId = opts.defaultUserId ?? 1000001;
  const ids = { appId, portalId };

  const webhooks = new WebhookDispatcher(clock, ids, appSecret, logger);
  webhooks.configure(opts.webhook);
  const properties = new PropertyStore(clock, {
    bare: opts.bare ?? false,
    extra: (opts.extraProperties ?? []).map((p) => ({ ...p, groupName: p.groupName ?? HUBSPOT_GROUP.name })),
  });
  const contacts = new ContactStore(clock, opts.searchLagMs ?? 2_000, (e) => webhooks.enqueue(e));
  const service = new ContactService(contacts, properties);
  const lists = new ListStore(clock, (objectTypeId, id) => objectTypeId === '0-1' && contacts.get(id) !== undefined);
  const preferences = new PreferencesStore(clock);
  const limiter = new RateLimiter(clock, { ...TIER_LIMITS[opts.tier ?? 'starter'], ...opts.limits }, ids, opts.timeZone);
  const counter = new CallCounter();
  const interceptors: Interceptor[] = [];
  const shape: RouteContext['shape'] = (p, h) => ({ properties: p, propertiesWithHistory: h, known: (n) => properties.get(n) !== undefined });
  const ctx: RouteContext = {
    clock,
    contacts: service,
    batches: new ContactBatches(service, () => clock.now().toISOString(), shape),
    properties,
    lists,
    preferences,
    apiSource: { changeSource: 'INTEGRATION', sourceId: String(appId) },
    shape,
  };
  const app = buildApp([...contactRoutes(ctx), ...propertyRoutes(ctx), ...listRoutes(ctx), ...preferenceRoutes(ctx)], {
    tokens: new TokenRegistry(accessTokens, opts.tokenScopes),
    limiter,
    counter,
    interceptors,
    logger,
  });

  const sourceOf = (o: ChangeOptions = {}): WriteSource => {
    const changeSource = o.source ?? 'CRM_UI';
    const userId = o.sourceUserId ?? (changeSource === 'CRM_UI' ? defaultUserId : undefined);
    const sourceId = o.sourceId ?? (userId !== undefined ? `userId:${userId}` : undefined);
    return { changeSource, ...(sourceId !== undefined ? { sourceId } : {}), ...(userId !== undefined ? { userId } : {}) };
  };
  const direct = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof HubSpotHttpError) {
        throw new HandoffError('SANDBOX_HUBSPOT_REJECTED', err.message, { status: err.status, category: err.extras.category });
      }
      throw err;
    }
  };
  const everything = (): string[] => [...new Set([...DEFAULT_PROPERTIES, ...properties.all().map((p) => p.name)])];

  return {
    app,
    clock,
    portalId,
    appId,
    appSecret,
    accessTokens,
    contacts,
    properties,
    lists,
    preferences,
    rateLimiter: limiter,
    webhooks,
    listen: (port = 0, host = '127.0.0.1') => listenApp(app, port, host),
    createContact: (props, o) =>
      direct(() => toPublicObject(service.create(props, sourceOf(o), { trusted: true }), shape(everything()))),
    updateContact: (id, props, o) =>
      direct(() => {
        const rec = contacts.get(id);
        if (!rec) throw new HubSpotHttpError(404, `Contact ${id} does not exist.`, { category: 'OBJECT_NOT_FOUND' });
        const c = service.check(props, { trusted: true });
        if (!c.ok) throw c.error;
        return contacts.update(rec, c.values, sourceOf(o));
      }),
    archiveContact: (id, o) => {
      const rec = contacts.get(id);
      if (rec) contacts.archive(rec, sourceOf(o));
    },
    getContact: (id) => {
      const rec = contacts.getAny(id);
      return rec ? toPublicObject(rec, shape(everything())) : undefined;
    },
    callCounts: () => counter.snapshot(),
    resetCounts: () => counter.reset(),
    flushWebhooks: () => webhooks.flush(),
    startWebhookLoop: (intervalMs) => webhooks.startLoop(intervalMs),
    stopWebhookLoop: () => webhooks.stopLoop(),
    configureWebhooks: (w) => webhooks.configure(w),
    intercept: (fn) => {
      interceptors.push(fn);
      return () => {
        const i = interceptors.indexOf(fn);
        if (i >= 0) interceptors.splice(i, 1);
      };
    },
  };
}

