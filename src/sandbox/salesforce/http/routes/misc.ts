import { convertLead, type ConvertOptions } from '../../convert';
import { NOT_FOUND, SfRequestError, sfError } from '../../errors';
import { describeGlobal, describeObject } from '../../schema/describe';
import { API_BASE, API_VERSION } from '../app';
import type { RouteDef } from '../context';
import { sendJson } from '../respond';
import { recordJson } from '../shared';

/** Versions, the resource list, limits, identity, the Tooling CustomField resource, and the emulator-only convert. */

const TOOLING_BASE = `${API_BASE}/tooling`;

export const miscRoutes: RouteDef[] = [
  {
    method: 'GET', pattern: '/services/data', scope: 'root', auth: false,
    handler: (ctx) => sendJson(ctx.res, 200, [{ label: "Winter '25", url: API_BASE, version: API_VERSION }]),
  },
  {
    method: 'GET', pattern: '', scope: 'data', auth: true,
    // `identity` is the session user's identity URL, as Salesforce lists it: jsforce's identity() starts here.
    handler: (ctx) =>
      sendJson(ctx.res, 200, {
        ...Object.fromEntries(['sobjects', 'query', 'queryAll', 'limits', 'composite', 'tooling'].map((r) => [r, `${API_BASE}/${r}`])),
        identity: `${ctx.core.instanceUrl(ctx.req)}/id/${ctx.core.org.orgId}/${ctx.userId}`,
      }),
  },
  {
    method: 'GET', pattern: '/limits', scope: 'data', auth: true,
    handler: (ctx) => {
      const { usage } = ctx.core;
      const fixed = (max: number) => ({ Max: max, Remaining: max });
      sendJson(ctx.res, 200, {
        ConcurrentAsyncGetReportInstances: fixed(200),
        ConcurrentSyncReportRuns: fixed(20),
        DailyApiRequests: { Max: usage.max, Remaining: Math.max(0, usage.max - usage.used()) },
        DailyAsyncApexExecutions: fixed(250000),
        DailyBulkApiBatches: fixed(15000),
        DailyBulkV2QueryJobs: fixed(10000),
        DailyStreamingApiEvents: fixed(1000000),
        DataStorageMB: fixed(1024),
        FileStorageMB: fixed(1024),
        HourlyTimeBasedWorkflow: fixed(1000),
        SingleEmail: fixed(5000),
      });
    },
  },
  {
    method: 'GET', pattern: '/id/:orgId/:userId', scope: 'root', auth: true,
    handler: (ctx) => {
      const user = ctx.core.org.store.get('User', ctx.params.userId!);
      if (!user || ctx.params.orgId !== ctx.core.org.orgId) throw new SfRequestError(404, [NOT_FOUND()]);
      sendJson(ctx.res, 200, {
        id: `${ctx.core.instanceUrl(ctx.req)}/id/${ctx.core.org.orgId}/${String(user.Id)}`,
        user_id: user.Id,
        organization_id: ctx.core.org.orgId,
        username: user.Username,
        nick_name: user.Alias,
        display_name: user.Name,
        email: user.Email,
        first_name: user.FirstName,
        last_name: user.LastName,
        active: user.IsActive,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 0,
        urls: { rest: `${ctx.core.instanceUrl(ctx.req)}${API_BASE.replace(API_VERSION, '{version}')}/` },
      });
    },
  },
  {
    method: 'GET', pattern: '/tooling/sobjects', scope: 'data', auth: true,
    handler: (ctx) => sendJson(ctx.res, 200, describeGlobal(ctx.core.tooling.schema, TOOLING_BASE)),
  },
  {
    method: 'GET', pattern: '/tooling/sobjects/:sobject/describe', scope: 'data', auth: true,
    handler: (ctx) => {
      const def = ctx.core.tooling.schema.get(ctx.params.sobject!);
      if (!def) throw new SfRequestError(404, [NOT_FOUND()]);
      sendJson(ctx.res, 200, describeObject(def, ctx.core.tooling.schema, TOOLING_BASE));
    },
  },
  {
    method: 'POST', pattern: '/tooling/sobjects/:sobject', scope: 'data', auth: true,
    handler: (ctx) => {
      if (ctx.params.sobject!.toLowerCase() !== 'customfield') throw new SfRequestError(404, [NOT_FOUND()]);
      const r = ctx.core.tooling.createCustomField(ctx.body, ctx.userId);
      if (!r.success) throw new SfRequestError(400, r.errors);
      sendJson(ctx.res, 201, { id: r.id, success: true, errors: [], warnings: [], infos: [] });
    },
  },
  {
    method: 'GET', pattern: '/tooling/sobjects/:sobject/:id', scope: 'data', auth: true,
    handler: (ctx) => {
      const { tooling } = ctx.core;
      const def = tooling.schema.get(ctx.params.sobject!);
      const row = def && tooling.store.get(def.name, ctx.params.id!);
      if (!def || !row) throw new SfRequestError(404, [NOT_FOUND()]);
      const out = recordJson(ctx.core.org, def, row);
      out.attributes = { type: def.name, url: `${TOOLING_BASE}/sobjects/${def.name}/${String(row.Id)}` };
      sendJson(ctx.res, 200, out);
    },
  },
  {
    // Emulator only: Salesforce converts leads through SOAP/Apex, not REST. Simulated RMs call
    // this with their own token; the conversion is made as that user.
    method: 'POST', pattern: '/sandbox/salesforce/convertLead', scope: 'root', auth: true,
    handler: (ctx) => {
      const b = (ctx.body ?? {}) as ConvertOptions & { leadId?: unknown };
      if (typeof b.leadId !== 'string') throw new SfRequestError(400, [sfError('MISSING_ARGUMENT', 'leadId is required')]);
      const r = convertLead(ctx.core.org, b.leadId, ctx.userId, b);
      if (!r.success) throw new SfRequestError(400, r.errors);
      sendJson(ctx.res, 200, r);
    },
  },
];
