import type { Express } from 'express';
import type { MappedSalesforceField } from '../../config/custom-fields';
import type { Clock } from '../../domain/clock';
import { HandoffError } from '../../errors';
import type { ListeningEmulator } from '../listen';
import { listenApp } from '../listen';
import { SALESFORCE_FIELDS, type SalesforceFieldSpec } from '../../connectors/handoff-schema';
import { convertLead, type ConvertOptions, type ConvertResult } from './convert';
import { createRecord, deleteRecord, updateRecord, type DmlResult } from './dml/dml';
import { API_BASE, buildApp } from './http/app';
import type { Core, Interceptor, OAuthConfig } from './http/context';
import { collectionRoutes } from './http/routes/collections';
import { miscRoutes } from './http/routes/misc';
import { oauthRoutes } from './http/routes/oauth';
import { queryRoutes } from './http/routes/query';
import { sobjectRoutes } from './http/routes/sobjects';
import { Org, type ChangeListener } from './org';
import { QueryCursors } from './query-cursors';
import { MAPPED_LEAD_FIELDS, fieldFromSpec } from './schema/custom';
import { describeObject } from './schema/describe';
import { SchemaRegistry } from './schema/registry';
import { standardObjects } from './schema/standard';
import { addFirstUser, addQueue, addUser, seedLeadStatuses, setUserActive, type QueueSeed, type UserSeed } from './seed';
import { Sessions } from './sessions';
import type { SfRecord } from './store';
import { ToolingOrg } from './tooling';
import { ApiUsage, CallCounter, type CallCounts } from './usage';

/**
 * The Salesforce REST emulator: one org behind `/services/data/v62.0`, faithful enough that jsforce
 * cannot tell it from Salesforce except by instance URL. Everything hangs off the returned object.
 */

export interface SalesforceEmulatorOptions {
  clock: Clock;
  /** DailyApiRequests Max (a rolling 24 hours). Default 100000. */
  dailyApiLimit?: number;
  /** Start without any custom field (neither Handoff's nor the mapped ones). */
  bare?: boolean;
  /** Overrides for the integration user's fields. */
  integrationUser?: Partial<UserSeed>;
  /**
   * The custom Lead fields the mappings need (config `customFieldsNeeded(config).salesforce`).
   * Default: those of the default mappings (MAPPED_LEAD_FIELDS).
   */
  mappedFields?: MappedSalesforceField[];
  /** More custom fields to start with. */
  customFields?: SalesforceFieldSpec[];
  /** Custom fields to start without (`Lead.Segment__c`): an org `handoff install` has not yet run on. */
  omitFields?: string[];
  /**
   * The org's lead assignment rule, applied on Lead create and update unless the request sends
   * `Sforce-Auto-Assign: FALSE`. Default: every Lead goes to the "Lead Intake" queue.
   * `false`: no active rule. `{ ownerId }`: that user or queue.
   */
  leadAssignment?: false | { ownerId: string };
  oauth?: OAuthConfig;
  /** Reported as instance_url by the token endpoint; default: the URL the request came in on. */
  instanceUrl?: string;
  /** Sessions expire after this long unused (Salesforce's default is 2 hours). Default: never. */
  sessionIdleTimeoutMs?: number;
}

export type { ListeningEmulator };

export interface SalesforceEmulator {
  readonly app: Express;
  readonly orgId: string;
  readonly apiVersion: string;
  readonly integrationUserId: string;
  /** A live token for the integration user. */
  readonly integrationToken: string;
  /** The "Lead Intake" queue every org starts with. */
  readonly intakeQueueId: string;
  listen(port?: number, host?: string): Promise<ListeningEmulator>;
  issueToken(userId: string): string;
  issueRefreshToken(userId: string): string;
  expireToken(token: string): void;
  addUser(seed: UserSeed): SfRecord;
  addQueue(seed: QueueSeed): SfRecord;
  setUserActive(userId: string, active: boolean): SfRecord;
  /** Creates a record with the API's rules (Sforce-Auto-Assign FALSE); throws on rejection. */
  insert(sobject: string, fields: Record<string, unknown>, asUserId?: string): SfRecord;
  update(sobject: string, id: string, fields: Record<string, unknown>, asUserId?: string): SfRecord;
  remove(sobject: string, id: string, asUserId?: string): void;
  get(sobject: string, id: string): SfRecord | undefined;
  records(sobject: string, options?: { includeDeleted?: boolean }): SfRecord[];
  convertLead(leadId: string, asUserId: string, opts?: ConvertOptions): ConvertResult;
  describe(sobject: string): ReturnType<typeof describeObject>;
  setLeadAssignment(ownerId: string | null): void;
  callCounts(): CallCounts;
  resetCounts(): void;
  apiUsage(): { used: number; max: number };
  setApiUsage(used: number): void;
  setDailyApiLimit(max: number): void;
  /**
   * Calls by this user no longer count against DailyApiRequests (nor carry Sforce-Limit-Info): for
   * simulated people whose clicks in the Salesforce UI would not use the API allowance.
   */
  exemptFromApiLimit(userId: string, exempt?: boolean): void;
  /** Runs ahead of every matched route; returns a function that removes it. */
  use(interceptor: Interceptor): () => void;
  onChange(listener: ChangeListener): () => void;
}

export function createSalesforceEmulator(opts: SalesforceEmulatorOptions): SalesforceEmulator {
  const schema = new SchemaRegistry(standardObjects());
  const org = new Org(opts.clock, schema, API_BASE);
  const tooling = new ToolingOrg(org);
  const integration = addFirstUser(org, {
    FirstName: 'Handoff',
    LastName: 'Integration',
    Username: 'handoff.integration@bank.sandbox',
    Alias: 'handoff',
    Title: 'Integration User',
    ...opts.integrationUser,
  });
  const integrationUserId = String(integration.Id);
  if (!opts.bare) {
    const omit = new Set(opts.omitFields ?? []);
    for (const spec of [...SALESFORCE_FIELDS, ...(opts.mappedFields ?? MAPPED_LEAD_FIELDS), ...(opts.customFields ?? [])]) {
      const fd = fieldFromSpec(spec);
      if (schema.field(spec.object, fd.name) || omit.has(`${spec.object}.${fd.name}`)) continue;
      tooling.addToOrg(spec.object, fd);
      tooling.register(spec.object, fd, integrationUserId);
    }
  }
  seedLeadStatuses(org, integrationUserId);
  const intake = addQueue(org, { name: 'Lead Intake', developerName: 'Lead_Intake', sobjectTypes: ['Lead'] }, integrationUserId);
  const intakeQueueId = String(intake.Id);
  org.leadAssignmentOwnerId = opts.leadAssignment === false ? null : (opts.leadAssignment?.ownerId ?? intakeQueueId);

  const sessions = new Sessions(opts.clock, org.orgId, opts.sessionIdleTimeoutMs);
  const usage = new ApiUsage(opts.clock, opts.dailyApiLimit ?? 100_000);
  const counter = new CallCounter();
  const interceptors: Interceptor[] = [];
  const core: Core = {
    org,
    sessions,
    usage,
    tooling,
    cursors: new QueryCursors(opts.clock, org.ids),
    oauth: opts.oauth ?? {},
    integrationUserId,
    uncharged: new Set<string>(),
    instanceUrl: (req) => opts.instanceUrl ?? `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`,
  };
  const app = buildApp(core, [...oauthRoutes, ...miscRoutes, ...sobjectRoutes, ...collectionRoutes, ...queryRoutes], counter, interceptors);

  const requireUser = (userId: string) => {
    if (!org.store.get('User', userId)) throw new HandoffError('SANDBOX_UNKNOWN_USER', `No User ${userId} in the Salesforce emulator`);
  };
  const must = (r: DmlResult, what: string): string => {
    if (!r.success) {
      throw new HandoffError('SANDBOX_WRITE_REJECTED', `The Salesforce emulator rejected ${what}: ${r.errors.map((e) => `${e.errorCode} ${e.message}`).join('; ')}`, {
        errors: r.errors,
      });
    }
    return r.id;
  };
  const typeName = (sobject: string) => {
    const def = schema.get(sobject);
    if (!def) throw new HandoffError('SANDBOX_UNKNOWN_OBJECT', `No sObject ${sobject} in the Salesforce emulator`);
    return def.name;
  };

  return {
    app,
    orgId: org.orgId,
    apiVersion: API_BASE.slice(API_BASE.lastIndexOf('v') + 1),
    integrationUserId,
    integrationToken: sessions.issue(integrationUserId),
    intakeQueueId,
    listen: (port = 0, host = '127.0.0.1') => listenApp(app, port, host),
    issueToken: (userId) => {
      requireUser(userId);
      return sessions.issue(userId);
    },
    issueRefreshToken: (userId) => {
      requireUser(userId);
      return sessions.issueRefresh(userId);
    },
    expireToken: (token) => sessions.expire(token),
    addUser: (seed) => addUser(org, seed, integrationUserId),
    addQueue: (seed) => addQueue(org, seed, integrationUserId),
    setUserActive: (userId, active) => {
      const user = setUserActive(org, userId, active, integrationUserId);
      if (!active) sessions.expireAllFor(userId);
      return user;
    },
    insert: (sobject, fields, asUserId = integrationUserId) => {
      const type = typeName(sobject);
      return org.store.get(type, must(createRecord(org, { userId: asUserId, autoAssign: false }, type, fields), `a ${type}`))!;
    },
    update: (sobject, id, fields, asUserId = integrationUserId) => {
      const type = typeName(sobject);
      return org.store.get(type, must(updateRecord(org, { userId: asUserId, autoAssign: false }, type, id, fields), `a ${type} update`))!;
    },
    remove: (sobject, id, asUserId = integrationUserId) => {
      must(deleteRecord(org, { userId: asUserId, autoAssign: false }, typeName(sobject), id), `a ${sobject} delete`);
    },
    get: (sobject, id) => {
      const row = org.store.get(typeName(sobject), id);
      return row && { ...row };
    },
    records: (sobject, options = {}) => org.store.rows(typeName(sobject), options.includeDeleted).map((r) => ({ ...r })),
    convertLead: (leadId, asUserId, convertOpts) => convertLead(org, leadId, asUserId, convertOpts),
    describe: (sobject) => describeObject(schema.get(typeName(sobject))!, schema, API_BASE),
    setLeadAssignment: (ownerId) => {
      org.leadAssignmentOwnerId = ownerId;
    },
    callCounts: () => counter.snapshot(),
    resetCounts: () => counter.reset(),
    apiUsage: () => ({ used: usage.used(), max: usage.max }),
    setApiUsage: (used) => usage.set(used),
    setDailyApiLimit: (max) => {
      usage.max = max;
    },
    exemptFromApiLimit: (userId, exempt = true) => {
      if (exempt) core.uncharged.add(userId);
      else core.uncharged.delete(userId);
    },
    use: (interceptor) => {
      interceptors.push(interceptor);
      return () => {
        const i = interceptors.indexOf(interceptor);
        if (i >= 0) interceptors.splice(i, 1);
      };
    },
    onChange: (listener) => org.onChange(listener),
  };
}
