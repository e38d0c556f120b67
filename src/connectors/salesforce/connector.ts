/**
 * Salesforce for Handoff over jsforce: sObject Collections writes with per-record results (always
 * `allOrNone: false` and `Sforce-Auto-Assign: FALSE`, so the org's assignment rules never
 * overwrite the owner Handoff routed to), keyset change queries by SystemModstamp, paged SOQL,
 * limits, describe, and custom fields through the Tooling API. No raw HTTP: jsforce covers every
 * endpoint used here.
 */
import type { MappedSalesforceField } from '../../config/custom-fields';
import { HandoffError } from '../../errors';
import type { Logger } from '../../observability/logger';
import { silentLogger } from '../../observability/logger';
import type { RecordResult } from '../api-failure';
import { ApiError, UnexpectedResponseError } from '../api-failure';
import type { LaneLimiter } from '../lane-limiter';
import type { Lane } from '../rate-policy';
import type { ApiUsage } from './calls';
import { SalesforceCalls } from './calls';
import type { SalesforceSession } from './connect';
import { developerName, toolingCustomField } from './custom-field';
import type { ContactByEmail } from './contacts';
import { contactByEmailRow, contactsByEmailQueries, toContactByEmail } from './contacts';
import type { SfInput } from './dml-results';
import { expandRecordResults, prepareRecords, toRecordResult } from './dml-results';
import type { ChangedRow, SObjectDescribe, SfRow } from './schemas';
import { changedRow, describeResult, identityResult, limitsResult, queryResult, saveResult, saveResults, versionsResult } from './schemas';
import type { ModstampCursor } from './soql';
import { changedSinceQuery, parseSalesforceDatetime, soqlName } from './soql';

export const SALESFORCE_BATCH_MAX = 200;
const DML_HEADERS = { 'Sforce-Auto-Assign': 'FALSE' };

export interface SalesforceConnectorOptions {
  session: SalesforceSession;
  limiter?: LaneLimiter;
  /** SALESFORCE_API_SHARE: the limiter is re-paced to max × share whenever the org's max changes. */
  apiShare?: number;
  logger?: Logger;
}

export interface CallOpts {
  lane?: Lane;
}

export interface ChangedPage {
  records: ChangedRow[];
  /** The cursor after the last record (the one passed in when there were none). */
  next: ModstampCursor | null;
  /** Fewer than `limit` came back: caught up for now. */
  done: boolean;
}

export class SalesforceConnector {
  private readonly calls: SalesforceCalls;

  constructor(private readonly o: SalesforceConnectorOptions) {
    this.calls = new SalesforceCalls(o.session, o.limiter, o.apiShare, o.logger ?? silentLogger());
  }

  private get conn() {
    return this.o.session.conn;
  }

  /** Creates or updates by external id (one result per record, in order; key = the external id value). */
  upsert(sobject: string, extIdField: string, records: readonly SfInput[], opts: CallOpts = {}): Promise<RecordResult[]> {
    const keyOf = (r: SfInput): string | undefined => (typeof r[extIdField] === 'string' && r[extIdField] !== '' ? (r[extIdField] as string) : undefined);
    return this.dml(`PATCH /composite/sobjects/${soqlName(sobject)}/${soqlName(extIdField)}`, records, keyOf, opts, (batch) =>
      this.conn.sobject(sobject).upsert(batch, extIdField, { allOrNone: false, headers: DML_HEADERS }),
    );
  }

  /** Updates by Id (key = the Id). */
  update(sobject: string, records: readonly SfInput[], opts: CallOpts = {}): Promise<RecordResult[]> {
    const keyOf = (r: SfInput): string | undefined => (typeof r['Id'] === 'string' && r['Id'] !== '' ? r['Id'] : undefined);
    return this.dml(`PATCH /composite/sobjects (${soqlName(sobject)})`, records, keyOf, opts, (batch) =>
      this.conn.sobject(sobject).update(batch as (SfInput & { Id: string })[], { allOrNone: false, headers: DML_HEADERS }),
    );
  }

  /** Creates (key = the record's index). Prefer upsert on an external id: a retried create duplicates. */
  create(sobject: string, records: readonly SfInput[], opts: CallOpts = {}): Promise<RecordResult[]> {
    return this.dml(`POST /composite/sobjects (${soqlName(sobject)})`, records, (_r, i) => String(i), opts, (batch) =>
      this.conn.sobject(sobject).create(batch, { allOrNone: false, headers: DML_HEADERS }),
    );
  }

  /** One keyset page of records changed after `cursor` (and up to `opts.through`), in (SystemModstamp, Id) order. */
  async queryChangedSince(object: string, fields: readonly string[], cursor: ModstampCursor | null, limit: number, opts: CallOpts & { through?: ModstampCursor } = {}): Promise<ChangedPage> {
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 2000)) throw new HandoffError('SALESFORCE_BAD_PAGE_SIZE', `limit must be 1 to 2000; got ${limit}`);
    const soql = changedSinceQuery(object, fields, cursor, limit, opts.through);
    const { records } = await this.queryPages(soql, limit, opts.lane ?? 'critical', `GET /query (${soqlName(object)} changes)`);
    const rows = records.map((r) => {
      const checked = changedRow.safeParse(r);
      if (!checked.success) throw new UnexpectedResponseError('salesforce', 'GET /query', 'a changed record lacks Id or SystemModstamp');
      return checked.data;
    });
    const last = rows[rows.length - 1];
    const next = last ? { ts: new Date(parseSalesforceDatetime(last.SystemModstamp)).toISOString(), id: last.Id } : cursor;
    return { records: rows, next, done: rows.length < limit };
  }

  /** Runs SOQL and follows its pages up to `maxRecords` (jsforce's autoFetch would stop silently at 10,000). */
  async query(soql: string, opts: CallOpts & { maxRecords?: number } = {}): Promise<{ records: SfRow[]; totalSize: number; truncated: boolean }> {
    return this.queryPages(soql, opts.maxRecords ?? 10_000, opts.lane ?? 'critical', 'GET /query');
  }

  /**
   * Contacts whose Email is one of `emails` (case-insensitive), with their Account's owner: one
   * query per chunk (contacts.ts), so 1,000 emails cost 5 calls. A failure is thrown as the
   * ApiError of that chunk; its message is Handoff's own, since Salesforce's may quote the query
   * and with it the emails.
   */
  async contactsByEmail(emails: readonly string[], opts: CallOpts = {}): Promise<ContactByEmail[]> {
    const endpoint = 'GET /query (Contact by email)';
    const out: ContactByEmail[] = [];
    for (const q of contactsByEmailQueries(emails)) {
      let records: SfRow[];
      try {
        ({ records } = await this.queryPages(q.soql, 10_000, opts.lane ?? 'critical', endpoint));
      } catch (err) {
        if (err instanceof ApiError) throw new ApiError({ ...err.failure, message: `the Contact lookup by email was refused (${err.failure.code ?? err.failure.kind})` });
        throw err;
      }
      for (const r of records) {
        const checked = contactByEmailRow.safeParse(r);
        if (!checked.success) throw new UnexpectedResponseError('salesforce', endpoint, 'a Contact lacks Id or OwnerId');
        const c = toContactByEmail(checked.data);
        if (c) out.push(c);
      }
    }
    return out;
  }

  /** The org's daily API allowance now (GET /limits); also starts the limiter's budget from it. */
  async limits(opts: CallOpts = {}): Promise<{ dailyMax: number; dailyRemaining: number }> {
    const body = await this.calls.run('GET /limits', opts.lane ?? 'critical', () => this.conn.limits(), limitsResult);
    const { Max, Remaining } = body.DailyApiRequests;
    this.calls.observeDaily(Max, Remaining);
    return { dailyMax: Max, dailyRemaining: Remaining };
  }

  /** The org's usage as of the last response (Sforce-Limit-Info), if any response carried it. */
  lastLimitInfo(): ApiUsage | undefined {
    return this.calls.lastUsage();
  }

  async describe(sobject: string, opts: CallOpts = {}): Promise<SObjectDescribe> {
    return this.calls.run(`GET /sobjects/${soqlName(sobject)}/describe`, opts.lane ?? 'critical', () => this.conn.sobject(sobject).describe(), describeResult);
  }

  /** Who the session is: the integration user's ids and whether it is active (jsforce identity()). */
  async identity(opts: CallOpts = {}): Promise<{ userId: string; orgId: string; active: boolean; userType?: string }> {
    const body = await this.calls.run('GET /id (identity)', opts.lane ?? 'critical', () => this.conn.identity(), identityResult);
    return { userId: body.user_id, orgId: body.organization_id, active: body.active !== false, ...(body.user_type ? { userType: body.user_type } : {}) };
  }

  /**
   * The server's clock, from the Date header of GET /services/data (the versions list, which uses
   * no API allowance). jsforce hands back only bodies, so this one call goes through a transport
   * that notes the header on the way past.
   */
  async serverDate(opts: CallOpts = {}): Promise<Date | undefined> {
    let header: string | undefined;
    const inner = this.conn._transport;
    const transport = {
      httpRequest: (req: Parameters<typeof inner.httpRequest>[0], o?: Parameters<typeof inner.httpRequest>[1]) => {
        const p = inner.httpRequest(req, o);
        p.then(
          (res) => {
            const d = res.headers?.['date'];
            header = Array.isArray(d) ? d[0] : d;
          },
          () => undefined,
        );
        return p;
      },
    };
    await this.calls.run('GET /services/data', opts.lane ?? 'critical', async () => await this.conn.request('/services/data', { transport }), versionsResult);
    const ms = header !== undefined ? Date.parse(header) : NaN;
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }

  /** Creates a custom field through the Tooling API unless it exists (Tooling SOQL first). */
  async createCustomField(spec: MappedSalesforceField, opts: CallOpts = {}): Promise<{ created: boolean; id: string }> {
    const lane = opts.lane ?? 'critical';
    const find = `SELECT Id FROM CustomField WHERE TableEnumOrId = '${soqlName(spec.object)}' AND DeveloperName = '${soqlName(developerName(spec))}'`;
    const found = await this.calls.run('GET /tooling/query', lane, async () => await this.conn.tooling.query(find), queryResult);
    const existing = found.records[0]?.Id;
    if (existing) return { created: false, id: existing };
    const body = toolingCustomField(spec);
    const result = await this.calls.run('POST /tooling/sobjects/CustomField', lane, () => this.conn.tooling.create('CustomField', body), saveResult);
    const r = toRecordResult(body.FullName, result);
    if (!r.ok) {
      throw new ApiError({ system: 'salesforce', endpoint: 'POST /tooling/sobjects/CustomField', kind: 'permanent', code: r.error.code, message: r.error.message });
    }
    return { created: true, id: r.id };
  }

  private async dml(
    endpoint: string,
    records: readonly SfInput[],
    keyOf: (r: SfInput, i: number) => string | undefined,
    opts: CallOpts,
    send: (batch: SfInput[]) => Promise<unknown>,
  ): Promise<RecordResult[]> {
    if (records.length > SALESFORCE_BATCH_MAX) {
      throw new HandoffError('SALESFORCE_BATCH_TOO_LARGE', `sObject Collections take at most ${SALESFORCE_BATCH_MAX} records; got ${records.length}. Chunk before calling.`);
    }
    const { unique, slots } = prepareRecords(records, keyOf);
    let results: RecordResult[] = [];
    if (unique.length > 0) {
      const batch = unique.map((u) => u.record);
      const answers = await this.calls.run(endpoint, opts.lane ?? 'critical', () => send(batch), saveResults.length(batch.length, 'one result per record'));
      results = answers.map((a, i) => toRecordResult(unique[i]!.key, a));
    }
    return expandRecordResults(records, slots, results, keyOf, { code: 'MISSING_KEY', message: 'the record has no value for the field that identifies it' });
  }

  private async queryPages(soql: string, max: number, lane: Lane, endpoint: string): Promise<{ records: SfRow[]; totalSize: number; truncated: boolean }> {
    let page = await this.calls.run(endpoint, lane, async () => await this.conn.query(soql, { autoFetch: false }), queryResult);
    const records = [...page.records];
    const totalSize = page.totalSize;
    while (!page.done && page.nextRecordsUrl && records.length < max) {
      const locator = page.nextRecordsUrl;
      page = await this.calls.run(`${endpoint} (more)`, lane, async () => await this.conn.queryMore(locator), queryResult);
      records.push(...page.records);
    }
    const truncated = records.length > max || (!page.done && records.length >= max);
    return { records: records.slice(0, max), totalSize, truncated };
  }
}
