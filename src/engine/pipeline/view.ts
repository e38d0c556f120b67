/**
 * LeadRecord → LeadView: the canonical lead every governance decision reads, built from the row,
 * its sync snapshot (canonical field values by fields.yaml name) and its bookkeeping. Kinds,
 * segments and products are the snapshot's canonical values (catalogue ids); a contact without a
 * lead kind is a plain lead.
 */
import { createHash } from 'node:crypto';
import type { MappingsConfig } from '../../config';
import { consentFromFields } from '../../domain/lead';
import type { FieldValue, LeadTimestamps, LeadView } from '../../domain/lead';
import type { SyncSnapshot } from '../../domain/sync';
import type { LeadRecord } from './lead-record';

export function canonicalFields(snapshot: SyncSnapshot): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, state] of Object.entries(snapshot.fields)) out[name] = state.value;
  return out;
}

const text = (v: FieldValue | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The columns the lead row keeps from its snapshot, for queries and reports. */
export function taxonomyOf(snapshot: SyncSnapshot): { kind: string; segment: string | null; product: string | null } {
  const f = canonicalFields(snapshot);
  return { kind: text(f.kind) ?? 'lead', segment: text(f.segment), product: text(f.product) };
}

export function timestampsOf(lead: Pick<LeadRecord, 'createdAt' | 'data'>): LeadTimestamps {
  const out: LeadTimestamps = { createdAt: lead.createdAt };
  for (const [k, v] of Object.entries(lead.data.gov.timestamps)) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) (out as unknown as Record<string, Date>)[k] = d;
  }
  return out;
}

export function leadView(lead: LeadRecord, config: MappingsConfig): LeadView {
  const fields = canonicalFields(lead.data.sync);
  const tax = taxonomyOf(lead.data.sync);
  return {
    id: lead.id,
    state: lead.state,
    kind: tax.kind,
    segment: tax.segment,
    product: tax.product,
    fields,
    consent: consentFromFields(fields, config.readiness.consent_fields),
    signals: (lead.data.gov.signals ?? []).map((s) => ({ name: s.name, at: new Date(s.at) })).filter((s) => !Number.isNaN(s.at.getTime())),
    owner: lead.ownerId && lead.ownerKind ? { kind: lead.ownerKind, id: lead.ownerId } : null,
    attempt: lead.attempt,
    ownersSoFar: lead.data.gov.ownersSoFar,
    recycleCount: lead.recycleCount,
    existingCustomer: Boolean(lead.data.gov.customer?.contactId),
    existingOwnerId: lead.data.gov.customer?.ownerRmId ?? null,
    timestamps: timestampsOf(lead),
  };
}

/** sha256 hex of the trimmed, lower-cased email: finds a second contact of one person. */
export function emailHash(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? createHash('sha256').update(e, 'utf8').digest('hex') : null;
}
