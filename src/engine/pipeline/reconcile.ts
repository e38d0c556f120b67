/**
 * Reconciliation (RELIABILITY "Nobody gets exactly-once"): a periodic walk over the leads that
 * reads both records in batches (HubSpot by contact id, 100 a call; Salesforce by Lead Id, 200 a
 * query) and compares each with what Handoff last saw by a hash of the tracked values. A record
 * that moved without Handoff noticing (a webhook and a poll both missed it) goes through the same
 * decide path as a polled change; then the pair is reconciled once more as it stands, and any
 * write still missing (a value that never reached the other system) is queued. Leads with writes
 * still queued or dead are left to the outbox and the DLQ. Each run covers `reconcileBatch` leads
 * and goes on from there next time; what it found and repaired is returned, logged and counted,
 * lead by lead with the fields that had drifted (names, never values). A record one system no
 * longer has (deleted or merged there) is reported, never re-created: whether to bring it back is
 * a person's call.
 */
import { createHash } from 'node:crypto';
import type { ContactRecord } from '../../connectors/hubspot';
import { soqlId, soqlName } from '../../connectors/salesforce/soql';
import { reconcileRecord, subscriptionDeliveryDue } from '../../domain/sync';
import type { Db } from '../../store/db';
import { normaliseValue } from '../values';
import { getCursor, setCursor } from '../cursors';
import { applyDecision, noteDecision } from './apply-decision';
import { subscriptionOptOutField } from './consent-delivery';
import type { PipelineContext } from './context';
import { HUBSPOT_READ_ONLY } from './fields';
import { handleContact, logProblems } from './handle-contact';
import type { SfRecord } from './handle-lead';
import { handleLead } from './handle-lead';
import { withConflictRetry } from './inbox-handler';
import type { LeadRecord } from './lead-record';
import { findLead, leadsPage } from './lead-record';
import { salesforceFields } from './pollers';

export interface ReconcileReport {
  compared: number;
  inSync: number;
  /** Leads where a system held values Handoff had not seen, or the pair disagreed. */
  drifted: number;
  /** Of those, leads a decision or a queued write repaired. */
  repaired: number;
  /** Drift left alone because writes for the lead are still queued or dead (the outbox's to finish). */
  inFlight: number;
  missing: { hubspot: number; salesforce: number };
  /** The repaired leads with, per system, the fields that had drifted there: changed without Handoff seeing it, or lacking the value the other system holds (at most REPORT_CAP). */
  repairs: { leadId: string; hubspot: string[]; salesforce: string[] }[];
  /** Leads whose record one system no longer has (at most REPORT_CAP). */
  missingRecords: { leadId: string; system: 'hubspot' | 'salesforce' }[];
  /** Where the walk is: it starts over once it reaches the last lead. */
  wrapped: boolean;
}

/** Lead-by-lead lists stop here; the counts go on. */
export const REPORT_CAP = 100;

const CURSOR = 'reconcile:leads';

/** One hash per record over the tracked fields, blank and unset checkbox alike. */
export function valuesHash(fields: readonly string[], record: Readonly<Record<string, unknown>>): string {
  const parts = fields.map((f) => {
    const v = normaliseValue(record[f]);
    return v === 'false' ? '' : v;
  });
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** The tracked fields whose values differ (compared as valuesHash compares them). */
function driftedFields(fields: readonly string[], seen: Readonly<Record<string, unknown>>, now: Readonly<Record<string, unknown>>): string[] {
  return fields.filter((f) => valuesHash([f], seen) !== valuesHash([f], now));
}

async function readContacts(ctx: PipelineContext, ids: string[]): Promise<Map<string, ContactRecord>> {
  const out = new Map<string, ContactRecord>();
  for (let i = 0; i < ids.length; i += 100) {
    const { records } = await ctx.hubspot.batchReadContacts(ids.slice(i, i + 100), ctx.fields.hubspot, { lane: 'bulk' });
    for (const r of records) out.set(r.id, r);
  }
  return out;
}

async function readLeads(ctx: PipelineContext, ids: string[]): Promise<Map<string, SfRecord>> {
  const out = new Map<string, SfRecord>();
  const fields = [...new Set(['Id', 'SystemModstamp', ...salesforceFields(ctx, 'Lead')])].map(soqlName).join(', ');
  for (let i = 0; i < ids.length; i += 200) {
    const list = ids.slice(i, i + 200).map(soqlId).join(', ');
    const { records } = await ctx.salesforce.query(`SELECT ${fields} FROM Lead WHERE Id IN (${list})`, { lane: 'bulk', maxRecords: 200 });
    for (const r of records) out.set(String(r.Id), r as SfRecord);
  }
  return out;
}

async function hasOpenWrites(ctx: PipelineContext, leadId: string): Promise<boolean> {
  const { rows } = await ctx.db.query(`SELECT 1 FROM outbox WHERE lead_id = $1 AND status IN ('pending', 'claimed', 'held', 'dead') LIMIT 1`, [leadId]);
  return rows.length > 0;
}

/** Runs the decide path on what was read; the fields it repaired in each system, or null when nothing changed. */
async function repair(ctx: PipelineContext, lead: LeadRecord, contact: ContactRecord | undefined, sf: SfRecord | undefined): Promise<{ hubspot: string[]; salesforce: string[] } | null> {
  const drift = {
    hubspot: contact ? driftedFields(ctx.fields.hubspot, lead.data.raw.hubspot, contact.properties) : [],
    salesforce: sf ? driftedFields(ctx.fields.lead, lead.data.raw.salesforce, sf) : [],
  };
  let changed = false;
  const run = <T>(fn: (sp: Db) => Promise<T>): Promise<T> => ctx.db.transaction((tx) => withConflictRetry(tx, fn));
  if (contact && drift.hubspot.length > 0) {
    changed = (await run((sp) => handleContact(sp, ctx, { id: contact.id, properties: contact.properties, modifiedMs: contact.modifiedMs }))) === 'applied' || changed;
  }
  if (sf && drift.salesforce.length > 0) {
    changed = (await run((sp) => handleLead(sp, ctx, sf))) === 'applied' || changed;
  }
  const result = (queued: { hubspot: string[]; salesforce: string[] } | null) =>
    changed || queued ? { hubspot: [...new Set([...drift.hubspot, ...(queued?.hubspot ?? [])])], salesforce: [...new Set([...drift.salesforce, ...(queued?.salesforce ?? [])])] } : null;
  if (!contact || !sf) return result(null);
  // The pair as it stands now: a value one system still lacks is written to it.
  const queued = await run(async (sp) => {
    const current = await findLead(sp, { id: lead.id });
    if (!current) return null;
    const r = reconcileRecord({ before: current.data.sync, contact: { id: contact.id, properties: contact.properties, updatedAt: contact.modifiedMs }, lead: sf }, ctx.sync);
    logProblems(ctx, lead.id, r.problems);
    // A read-only property HubSpot will never show (hs_email_optout after Handoff's unsubscribe)
    // is not lacking; the email opt-out is, until its unsubscribe is delivered.
    const writable = Object.keys(r.hubspot).filter((k) => !HUBSPOT_READ_ONLY.has(k));
    const optOut = subscriptionOptOutField(ctx.config);
    const due = optOut ? subscriptionDeliveryDue(optOut, r.snapshot.fields[optOut.name], contact.properties[optOut.hubspot], current.data.consentDelivered?.[optOut.name]) : 'none';
    if (writable.length + Object.keys(r.salesforce).length === 0 && due !== 'deliver') return null;
    const fields = [...writable, ...(due === 'deliver' && optOut ? [optOut.hubspot] : []), ...Object.keys(r.salesforce)];
    const d = noteDecision(current, ctx.clock.now(), 'reconcile_repair', `Reconciliation wrote values one system lacked: ${fields.join(', ')}`, { reasons: r.reasons });
    await applyDecision(sp, ctx, current, d, { data: { ...current.data, sync: r.snapshot }, sync: { hubspot: r.hubspot, salesforce: r.salesforce } });
    return { hubspot: [...writable, ...(due === 'deliver' && optOut ? [optOut.hubspot] : [])], salesforce: Object.keys(r.salesforce) };
  });
  return result(queued);
}

export async function reconcileOnce(ctx: PipelineContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { compared: 0, inSync: 0, drifted: 0, repaired: 0, inFlight: 0, missing: { hubspot: 0, salesforce: 0 }, repairs: [], missingRecords: [], wrapped: false };
  const noteMissing = (leadId: string, system: 'hubspot' | 'salesforce') => {
    report.missing[system]++;
    if (report.missingRecords.length < REPORT_CAP) report.missingRecords.push({ leadId, system });
  };
  const cursor = await getCursor(ctx.db, CURSOR);
  const round = cursor?.ts ?? ctx.clock.now();
  const leads = await leadsPage(ctx.db, cursor?.id ?? '', ctx.options.reconcileBatch);
  const contacts = await readContacts(ctx, leads.flatMap((l) => (l.hubspotContactId ? [l.hubspotContactId] : [])));
  const converted = (l: LeadRecord): boolean => l.data.converted !== undefined || l.data.raw.salesforce.IsConverted === true;
  const sfLeads = await readLeads(ctx, leads.flatMap((l) => (l.salesforceLeadId && !converted(l) ? [l.salesforceLeadId] : [])));
  for (const lead of leads) {
    report.compared++;
    const contact = lead.hubspotContactId ? contacts.get(lead.hubspotContactId) : undefined;
    const sf = lead.salesforceLeadId ? sfLeads.get(lead.salesforceLeadId) : undefined;
    const missingHere = (lead.hubspotContactId && !contact ? 1 : 0) + (lead.salesforceLeadId && !converted(lead) && !sf ? 1 : 0);
    if (lead.hubspotContactId && !contact) noteMissing(lead.id, 'hubspot');
    if (lead.salesforceLeadId && !converted(lead) && !sf) noteMissing(lead.id, 'salesforce');
    if (await hasOpenWrites(ctx, lead.id)) {
      report.inFlight++;
      ctx.metrics.reconciled.inc({ result: 'in_flight' });
      continue;
    }
    const repaired = await repair(ctx, lead, contact, sf);
    if (repaired) {
      report.drifted++;
      report.repaired++;
      if (report.repairs.length < REPORT_CAP) report.repairs.push({ leadId: lead.id, ...repaired });
      ctx.metrics.reconciled.inc({ result: 'repaired' });
    } else if (missingHere === 0) {
      report.inSync++;
      ctx.metrics.reconciled.inc({ result: 'in_sync' });
    }
  }
  const missing = report.missing.hubspot + report.missing.salesforce;
  if (missing > 0) ctx.metrics.reconciled.inc({ result: 'missing' }, missing);
  const last = leads[leads.length - 1];
  report.wrapped = leads.length < ctx.options.reconcileBatch;
  // A finished round starts the next one later in time, so the keyset cursor still only moves forward.
  await setCursor(ctx.db, ctx.clock, CURSOR, report.wrapped ? { ts: ctx.clock.now(), id: '' } : { ts: round, id: last?.id ?? '' });
  if (report.repaired > 0 || missing > 0) ctx.logger.warn('reconciliation found drift', { ...report });
  else ctx.logger.info('reconciliation found both systems in sync', { compared: report.compared });
  return report;
}
