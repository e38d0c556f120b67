/**
 * reconcileRecord: every mapped field of one linked contact/Lead pair, plus the link fields, in
 * one pure call — what the engine's decide step runs for a changed pair. It picks each field's
 * change time from the record (property history, else the record's modified time), feeds the
 * consent evidence fields and the when_blank template values to reconcile, and collects the
 * writes per system. A pair where nothing changed yields no writes.
 */
import type { FieldMapping } from '../../config/schemas/fields';
import { reconcile } from './conflicts';
import type { FieldSyncState, ReconcileReason } from './conflicts';
import { asContext } from './context';
import type { MappingsOrContext, SyncContext } from './context';
import { isBlank, parseInstant } from './formats';
import type { HubspotContact, SalesforceLead } from './records';
import type { HubspotValue, SalesforceValue, SyncProblem, Timestamp } from './types';
import { templateText, toCanonical } from './values';

/** The last synced state of a pair, by canonical field name. Stored with the lead; JSON-safe. */
export interface SyncSnapshot {
  fields: Record<string, FieldSyncState>;
}

export interface RecordSyncInput {
  before?: SyncSnapshot | null;
  contact?: HubspotContact | null;
  lead?: SalesforceLead | null;
}

export interface RecordSyncResult {
  snapshot: SyncSnapshot;
  /** Contact properties to update (empty: no call). */
  hubspot: Record<string, HubspotValue>;
  /** Lead fields to update (empty: no call). */
  salesforce: Record<string, SalesforceValue>;
  /** Why each field settled as it did, for the audit trail. */
  reasons: Record<string, ReconcileReason>;
  problems: SyncProblem[];
}

export function reconcileRecord(input: RecordSyncInput, mappings: MappingsOrContext): RecordSyncResult {
  const ctx = asContext(mappings);
  const { contact, lead } = input;
  const beforeFields = input.before?.fields ?? {};
  const result: RecordSyncResult = { snapshot: { fields: {} }, hubspot: {}, salesforce: {}, reasons: {}, problems: [] };

  // when_blank templates read other fields' settled values, so those fields go first.
  const ordered = [...ctx.fields].sort((a, b) => Number(a.when_blank !== undefined) - Number(b.when_blank !== undefined));
  const settledText: Record<string, string | null> = {};
  const beforeText: Record<string, string | null> = {};
  for (const f of ctx.fields) beforeText[f.name] = templateText(f, beforeFields[f.name]?.value ?? null, ctx);

  for (const f of ordered) {
    const r = reconcile(
      {
        mapping: f,
        canonicalBefore: beforeFields[f.name] ?? null,
        hubspot: contact ? { value: contact.properties[f.hubspot] ?? null, changedAt: hubspotChangedAt(contact, f.hubspot) } : null,
        salesforce: lead && f.salesforce ? { value: lead[f.salesforce] ?? null, changedAt: lead.LastModifiedDate ?? lead.SystemModstamp ?? null } : null,
        reconsentAt: evidence(f, contact ?? undefined, lead ?? undefined, ctx),
        ...(f.when_blank ? { templateValues: { now: settledText, before: beforeText } } : {}),
      },
      ctx,
    );
    result.snapshot.fields[f.name] = r.canonical;
    settledText[f.name] = templateText(f, r.canonical.value, ctx);
    result.reasons[f.name] = r.reason;
    result.problems.push(...r.problems);
    if (r.writeHubspot !== undefined) result.hubspot[f.hubspot] = r.writeHubspot;
    if (r.writeSalesforce !== undefined && f.salesforce) result.salesforce[f.salesforce] = r.writeSalesforce;
  }
  if (contact && lead) {
    if (typeof lead.Id === 'string' && contact.properties[ctx.link.hubspot_lead_id] !== lead.Id) result.hubspot[ctx.link.hubspot_lead_id] = lead.Id;
    if (lead[ctx.link.salesforce_external_id] !== contact.id) result.salesforce[ctx.link.salesforce_external_id] = contact.id;
  }
  return result;
}

/**
 * The snapshot after Handoff's writes have landed: call it when the outbox reports a write
 * succeeded, and store the result. Until then the snapshot remembers what each system showed
 * before the write, so a stale value with a fresh record-level time (another field edited while
 * the write waits) is not taken for a change; after it, a person setting the old value back is
 * seen as the change it is.
 */
export function markWritten(
  snapshot: SyncSnapshot,
  written: { hubspot?: Readonly<Record<string, HubspotValue>>; salesforce?: Readonly<Record<string, SalesforceValue>> },
  mappings: MappingsOrContext,
): SyncSnapshot {
  const ctx = asContext(mappings);
  const fields: Record<string, FieldSyncState> = { ...snapshot.fields };
  for (const f of ctx.fields) {
    const state = fields[f.name];
    if (!state) continue;
    const seen = { ...state.seen };
    const hs = written.hubspot?.[f.hubspot];
    const sf = f.salesforce ? written.salesforce?.[f.salesforce] : undefined;
    if (hs !== undefined) seen.hubspot = hs;
    if (sf !== undefined) seen.salesforce = sf;
    if (hs !== undefined || sf !== undefined) fields[f.name] = { ...state, seen };
  }
  return { fields };
}

/** The property's own change time from its history when fetched, else the contact's modified time. */
export function hubspotChangedAt(contact: HubspotContact, property: string): Timestamp | null {
  const history = contact.propertiesWithHistory?.[property];
  if (history && history.length > 0) {
    let latest: number | undefined;
    for (const h of history) {
      const ms = parseInstant(h.timestamp);
      if (ms !== undefined && (latest === undefined || ms > latest)) latest = ms;
    }
    if (latest !== undefined) return latest;
  }
  return contact.updatedAt ?? contact.properties.lastmodifieddate ?? null;
}

/** Consent flags with an evidence field: when each system says consent was recorded. */
function evidence(f: FieldMapping, contact: HubspotContact | undefined, lead: SalesforceLead | undefined, ctx: SyncContext) {
  const name = ctx.consentEvidence.get(f.name);
  const e = name ? ctx.byName.get(name) : undefined;
  if (!f.consent || !e) return undefined;
  const read = (side: 'hubspot' | 'salesforce', raw: unknown): string | null => {
    if (isBlank(raw)) return null;
    const c = toCanonical(e, side, raw, ctx);
    return 'value' in c && typeof c.value === 'string' ? c.value : null;
  };
  return {
    hubspot: contact ? read('hubspot', contact.properties[e.hubspot]) : null,
    salesforce: lead && e.salesforce ? read('salesforce', lead[e.salesforce]) : null,
  };
}
