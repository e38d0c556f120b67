/**
 * Dispatch (DESIGN "The pipeline", step 4) as the pipeline runs it: the engine's dispatcher with
 * the connectors' RecordWriter (plus HubSpot list memberships and email unsubscribes, which the
 * connectors offer as calls, not records), the engine's retry policy, and `onWritten`, which — in
 * the transaction that marks the write done — records what landed on the lead (its Salesforce
 * Lead id, the raw values, markWritten on the sync snapshot, a delivered unsubscribe), closes the
 * write's ledger entries (its echo now reads as no change against `raw`) and releases the writes
 * that were waiting for it.
 *
 * Two retry policies exist (src/engine/retry-policy.ts, src/connectors/retry.ts); the dispatcher
 * uses the engine's, which is what decides outbox rows. The connectors' one is not used here.
 */
import { toApiFailure } from '../../connectors';
import type { ConnectorRecordWriter } from '../../connectors';
import type { HubSpotConnector } from '../../connectors/hubspot';
import { markWritten } from '../../domain/sync';
import type { SalesforceValue } from '../../domain/sync';
import type { Clock } from '../../domain/clock';
import type { Db } from '../../store/db';
import type { PlannedWrite } from '../apply';
import type { DispatchResult, RecordWriter, WriteResult, WrittenRecord } from '../dispatcher';
import { runDispatchOnce } from '../dispatcher';
import { closeConfirmed, recordWrites } from '../ledger';
import type { LedgerWrite } from '../ledger';
import { enqueue } from '../outbox';
import { createRetryPolicy } from '../retry-policy';
import { releaseClaimsOfDeadProcesses } from './claims';
import { EMAIL_UNSUBSCRIBE, onUnsubscribed, writeUnsubscribes } from './consent-delivery';
import type { PipelineContext } from './context';
import { findLead, saveBookkeeping } from './lead-record';
import { LIST_MEMBERSHIPS, flushPending, isBarrier, tidy } from './writes';

export interface PipelineWriterOptions {
  /** fields.yaml's unsubscribe_from on the email opt-out; unset: every subscription type. */
  unsubscribeFrom?: readonly string[];
}

/**
 * The connectors' writer, with HubSpot list memberships (recordKey `contactId@list`) added in
 * batches per list, and email unsubscribes (consent-delivery.ts).
 */
export function pipelineWriter(connectors: ConnectorRecordWriter, hubspot: HubSpotConnector, opts: PipelineWriterOptions = {}): RecordWriter {
  const listIds = new Map<string, string>();
  return {
    async write(system, object, operation, items, lane) {
      if (system === 'hubspot' && object === EMAIL_UNSUBSCRIBE) return writeUnsubscribes(hubspot, items, lane ?? 'critical', opts.unsubscribeFrom);
      if (!(system === 'hubspot' && object === LIST_MEMBERSHIPS)) return connectors.write(system, object, operation, items, lane);
      const results: WriteResult[] = items.map(() => ({ ok: true }));
      const byList = new Map<string, number[]>();
      items.forEach((it, i) => byList.set(String(it.payload.list), [...(byList.get(String(it.payload.list)) ?? []), i]));
      for (const [list, idx] of byList) {
        try {
          let id = listIds.get(list);
          if (!id) listIds.set(list, (id = await hubspot.ensureManualList(list, { lane: lane ?? 'bulk' })));
          const { missing } = await hubspot.addToList(id, idx.map((i) => String(items[i]!.payload.contactId)), { lane: lane ?? 'bulk' });
          for (const i of idx) {
            if (missing.includes(String(items[i]!.payload.contactId))) results[i] = { ok: false, failure: { kind: 'permanent', code: 'CONTACT_MISSING', message: 'the contact no longer exists in HubSpot' } };
          }
        } catch (err) {
          const f = toApiFailure(err);
          if (!f) throw err;
          for (const i of idx) results[i] = { ok: false, failure: { kind: f.kind, message: f.message, ...(f.code ? { code: f.code } : {}), ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}) } };
        }
      }
      return results;
    },
  };
}

/** Outbox rows written outside applyPlan (released by onWritten), with their write-ledger entries. */
export async function enqueueWrites(tx: Db, clock: Clock, leadId: string, writes: PlannedWrite[]): Promise<number[]> {
  if (writes.length === 0) return [];
  const ids = await enqueue(tx, clock, writes.map((w) => ({ ...w, leadId })));
  const ledger: LedgerWrite[] = writes.flatMap((w, i) => {
    const recordId = w.echoRecordId === undefined ? w.recordKey : w.echoRecordId;
    return recordId === null ? [] : Object.entries(w.payload).map(([field, value]) => ({ system: w.system, recordId, field, value, outboxId: ids[i]! }));
  });
  await recordWrites(tx, clock, ledger);
  return ids;
}

/** What a landed write changes on its lead; runs in the transaction that marks the row done. */
export async function onWritten(tx: Db, ctx: PipelineContext, w: WrittenRecord & { payload: Record<string, unknown> }): Promise<void> {
  if (w.system === 'hubspot' && w.object === EMAIL_UNSUBSCRIBE) return onUnsubscribed(tx, ctx, w);
  const isLead = w.system === 'salesforce' && w.object === 'Lead';
  const isContact = w.system === 'hubspot' && w.object === 'contacts';
  if (!w.leadId || !(isLead || isContact)) return;
  const lead = await findLead(tx, { id: w.leadId }, { lock: true });
  if (!lead) return;
  const payload = w.payload;
  let data = { ...lead.data };
  let pending = { ...data.pending };
  let salesforceLeadId = lead.salesforceLeadId;
  let extra: Record<string, string> = {};
  if (isLead) {
    // The writer adds the External ID from the record key; the Lead now carries it too.
    const sent = { ...payload, [ctx.sync.link.salesforce_external_id]: w.recordKey };
    data = { ...data, raw: { ...data.raw, salesforce: { ...data.raw.salesforce, ...sent } }, sync: markWritten(data.sync, { salesforce: payload as Record<string, SalesforceValue> }, ctx.sync) };
    if (!salesforceLeadId && w.id) {
      salesforceLeadId = w.id;
      // The handoff's latency: the HubSpot change the lead was decided on, to its Lead. The
      // backfill's (bulk) would count from changes made long before Handoff.
      if (w.lane === 'critical' && data.seen.hubspotMs !== undefined) {
        ctx.metrics.handoffLatency.observe({ direction: 'hubspot_to_salesforce' }, Math.max(0, ctx.clock.now().getTime() - data.seen.hubspotMs) / 1000);
      }
    }
    if (pending.awaitLead || (!lead.salesforceLeadId && salesforceLeadId)) {
      pending = { ...pending, awaitLead: false };
      if (salesforceLeadId && data.raw.hubspot[ctx.sync.link.hubspot_lead_id] !== salesforceLeadId) extra = { [ctx.sync.link.hubspot_lead_id]: salesforceLeadId };
    }
  } else {
    const props = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
    data = { ...data, raw: { ...data.raw, hubspot: { ...data.raw.hubspot, ...props } }, sync: markWritten(data.sync, { hubspot: props }, ctx.sync) };
    if (pending.awaitClear && isBarrier(props)) pending = { ...pending, awaitClear: false };
  }
  const flushed = flushPending({ hubspotContactId: lead.hubspotContactId, salesforceLeadId }, pending, ctx.directory, extra, w.lane);
  data = { ...data, pending: tidy(flushed.pending) };
  await saveBookkeeping(tx, lead, { data, salesforceLeadId }, ctx.clock.now());
  // `raw` now holds what was sent, so its echo reads as no change: the ledger entries are done.
  await closeConfirmed(tx, w.rowIds, ctx.clock.now());
  await enqueueWrites(tx, ctx.clock, lead.id, flushed.writes);
}

export async function dispatchOnce(ctx: PipelineContext, writer: RecordWriter): Promise<DispatchResult> {
  await ctx.liveness.ensure();
  return runDispatchOnce({
    db: ctx.db,
    clock: ctx.clock,
    writer,
    workerId: ctx.workerId,
    policy: createRetryPolicy({ maxAttempts: ctx.options.maxWriteAttempts }),
    maxAttempts: ctx.options.maxWriteAttempts,
    maxRecords: ctx.options.dispatchMaxRecords,
    leaseMs: ctx.options.leaseMs,
    onWritten: (tx, written) => onWritten(tx, ctx, written),
    logger: ctx.logger,
    metrics: ctx.metrics,
  });
}

export interface DrainResult {
  rounds: number;
  sent: number;
  succeeded: number;
  failed: number;
  dead: number;
}

/**
 * Dispatch until nothing is claimable now (writes released by onWritten go in the next round),
 * first taking back the claims of replicas that died (PostgreSQL; PGlite does it at start).
 */
export async function dispatchUntilDrained(ctx: PipelineContext, writer: RecordWriter, maxRounds = 50, signal?: AbortSignal): Promise<DrainResult> {
  const total: DrainResult = { rounds: 0, sent: 0, succeeded: 0, failed: 0, dead: 0 };
  const orphans = await releaseClaimsOfDeadProcesses(ctx.db, ctx.liveness, ctx.clock.now(), { atStart: false, maxAttempts: ctx.options.maxWriteAttempts });
  if (orphans.outbox + orphans.timers + orphans.dead > 0) ctx.logger.warn('took back claims of a process that died', orphans);
  total.dead += orphans.dead;
  while (total.rounds < maxRounds && !signal?.aborted) {
    const r = await dispatchOnce(ctx, writer);
    if (r.claimed === 0 && r.released === 0) break;
    total.rounds++;
    total.sent += r.sent;
    total.succeeded += r.succeeded;
    total.failed += r.failed;
    total.dead += r.dead;
  }
  return total;
}
