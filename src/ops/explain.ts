/**
 * `handoff explain <lead>`: one lead's whole story from the audit trail, decision by decision —
 * when, what happened, why, and who acted. The lead is found by whatever a person has at hand:
 * a Salesforce Lead id (15 or 18 characters), a HubSpot contact id, an email address (looked up
 * by the pipeline's email hash, so the address itself is never stored or printed), Handoff's
 * lead id, or the first characters of it as the demo prints them.
 */
import { exportAudit } from '../engine/audit';
import type { LeadRecord } from '../engine/pipeline/lead-record';
import { findLead } from '../engine/pipeline/lead-record';
import { emailHash } from '../engine/pipeline/view';
import { HandoffError } from '../errors';
import type { Db } from '../store/db';
import type { RosterNamesSource } from './names';
import { localTime, rosterNames } from './names';
import type { StoryEvent } from './story';
import { describeEvent } from './story';

export type LeadQueryKind = 'salesforce_lead' | 'hubspot_contact' | 'email' | 'lead_id' | 'lead_id_prefix';

export function leadQueryKind(raw: string): LeadQueryKind {
  const q = raw.trim();
  if (/^00Q[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(q)) return 'salesforce_lead';
  if (/^\d+$/.test(q)) return 'hubspot_contact';
  if (q.includes('@')) return 'email';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q)) return 'lead_id';
  return 'lead_id_prefix';
}

const WHAT: Record<LeadQueryKind, string> = {
  salesforce_lead: 'Salesforce Lead id',
  hubspot_contact: 'HubSpot contact id',
  email: 'email address',
  lead_id: 'lead id',
  lead_id_prefix: 'lead id prefix',
};

async function onlyId(db: Db, sql: string, param: string): Promise<string | null | 'many'> {
  const { rows } = await db.query<{ id: string }>(sql, [param]);
  return rows.length === 0 ? null : rows.length > 1 ? 'many' : (rows[0] as { id: string }).id;
}

/** The lead `raw` names, or a LEAD_NOT_FOUND / LEAD_AMBIGUOUS error that never repeats an email address. */
export async function findLeadFor(db: Db, raw: string): Promise<LeadRecord> {
  const q = raw.trim();
  const kind = leadQueryKind(q);
  let lead: LeadRecord | null = null;
  let ambiguous = false;
  if (kind === 'salesforce_lead') {
    // A 15-character id is the case-sensitive prefix of the 18-character one Salesforce also returns.
    const id = q.length === 18 ? q : await onlyId(db, 'SELECT id FROM leads WHERE left(salesforce_lead_id, 15) = $1', q);
    if (id === 'many') ambiguous = true;
    else if (id) lead = q.length === 18 ? await findLead(db, { salesforceLeadId: id }) : await findLead(db, { id });
  } else if (kind === 'hubspot_contact') {
    lead = await findLead(db, { hubspotContactId: q });
  } else if (kind === 'email') {
    const hash = emailHash(q);
    lead = hash ? await findLead(db, { emailHash: hash }) : null;
  } else if (kind === 'lead_id') {
    lead = await findLead(db, { id: q.toLowerCase() });
  } else if (/^[0-9a-f-]{4,}$/i.test(q)) {
    const id = await onlyId(db, "SELECT id FROM leads WHERE id LIKE $1 || '%' LIMIT 2", q.toLowerCase());
    if (id === 'many') ambiguous = true;
    else if (id) lead = await findLead(db, { id });
  }
  const shown = kind === 'email' ? 'that email address' : `${WHAT[kind]} ${q}`;
  if (ambiguous) throw new HandoffError('LEAD_AMBIGUOUS', `more than one lead matches ${shown}: give more of it, or the full id`);
  if (!lead) {
    throw new HandoffError(
      'LEAD_NOT_FOUND',
      `no lead matches ${shown}. Give a Salesforce Lead id (00Q…), a HubSpot contact id (digits), an email address or a Handoff lead id; a contact that never became marketing-qualified is not a lead yet`,
      { kind },
    );
  }
  return lead;
}

export interface LeadStory {
  lead: {
    id: string;
    state: string;
    kind: string | null;
    segment: string | null;
    product: string | null;
    owner: { kind: 'rm' | 'queue'; id: string; name: string } | null;
    attempt: number;
    recycleCount: number;
    hubspotContactId: string | null;
    salesforceLeadId: string | null;
    createdAt: string;
  };
  events: (StoryEvent & { actor: string; summary: string | null; data: Record<string, unknown> })[];
}

export async function leadStory(db: Db, config: RosterNamesSource, raw: string, zone = 'UTC'): Promise<LeadStory> {
  const lead = await findLeadFor(db, raw);
  const names = rosterNames(config);
  const { rows } = await exportAudit(db, { leadId: lead.id });
  const events: LeadStory['events'] = [];
  for await (const ev of rows) events.push({ ...describeEvent(ev, { names, zone }), actor: ev.actor, summary: ev.summary, data: ev.data });
  return {
    lead: {
      id: lead.id,
      state: lead.state,
      kind: lead.kind,
      segment: lead.segment,
      product: lead.product,
      owner: lead.ownerId && lead.ownerKind ? { kind: lead.ownerKind, id: lead.ownerId, name: names.owner(lead.ownerId) } : null,
      attempt: lead.attempt,
      recycleCount: lead.recycleCount,
      hubspotContactId: lead.hubspotContactId,
      salesforceLeadId: lead.salesforceLeadId,
      createdAt: lead.createdAt.toISOString(),
    },
    events,
  };
}

/** The story as people read it: a header, then each decision with its why, indented. */
export function renderStory(s: LeadStory, zone = 'UTC'): string {
  const l = s.lead;
  const taxonomy = [l.segment, l.product, l.kind].filter((x) => x).join(' · ');
  const lines = [
    `Lead ${l.id}${taxonomy ? ` (${taxonomy})` : ''}`,
    `  now ${l.state}; owner ${l.owner ? l.owner.name : 'none'}; attempt ${l.attempt}; recycled ${l.recycleCount} time${l.recycleCount === 1 ? '' : 's'}`,
    `  HubSpot contact ${l.hubspotContactId ?? '—'} · Salesforce Lead ${l.salesforceLeadId ?? 'not created'}`,
    `  first seen ${localTime(l.createdAt, zone)}; ${s.events.length} event${s.events.length === 1 ? '' : 's'} in the audit trail`,
    '',
  ];
  for (const e of s.events) {
    lines.push(`${localTime(e.at, zone)}  ${e.title}`);
    lines.push(`    by ${e.who}`);
    for (const w of e.why) for (const part of w.split('\n')) lines.push(`    ${part}`);
  }
  return lines.join('\n');
}
