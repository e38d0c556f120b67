/**
 * A lead as the pipeline holds it: the `leads` row plus what its `data` column carries. The
 * column keeps the canonical sync snapshot (what reconcile settled), the raw values each system
 * last showed or was sent (so a re-read of our own write is no change, and inbound status
 * changes are diffs against them), the governance bookkeeping the decisions read (owners so far,
 * score, timestamps), and writes waiting for something to land first (`pending`).
 */
import type { SubscriptionDelivery, SyncSnapshot } from '../../domain/sync';
import type { LeadState } from '../../domain/lifecycle';
import { HandoffError } from '../../errors';
import type { Db } from '../../store/db';
import type { Lane } from '../outbox';

/** A Salesforce Task to upsert once the Lead exists (its WhoId); dates as ISO text. */
export interface PendingTask {
  key: string;
  ownerUsername: string;
  subject: string;
  description: string;
  activityDate: string;
  dueAt: string;
  /** ReminderDateTime when it is not dueAt. */
  remindAt?: string;
  priority: string;
  status: string;
}

/**
 * Writes held back. HubSpot steps go out in order; a step that clears the lifecycle stage is a
 * barrier (HubSpot moves a stage backwards only from blank), so the steps after it wait until it
 * has landed. While `awaitLead`, contact steps and Tasks wait for the Salesforce Lead to be
 * created: Tasks need its id, and the contact then gets its status and salesforce_lead_id in one
 * write.
 */
export interface Pending {
  awaitLead?: boolean;
  awaitClear?: boolean;
  hubspot?: Record<string, string>[];
  tasks?: PendingTask[];
  /**
   * The lane these writes take when released: the most urgent of the decisions that queued them
   * (a backfill's or a field sync's are bulk, a handoff's critical). Absent on leads stored before
   * lanes were kept: critical, as they were then.
   */
  lane?: Lane;
  /**
   * The Salesforce fields of a Lead create an operator discarded (`handoff dlq discard`) with the
   * updates held behind it: the lead's next create carries those the decisions set (owner, Handoff
   * status, accept-by), and takes the contact's values fresh.
   */
  createFields?: Record<string, unknown>;
}

export interface Governance {
  ownersSoFar: string[];
  score?: number;
  /** LeadTimestamps as ISO text. */
  timestamps: Record<string, string>;
  /** Engagement signals and life events recorded for scoring (ISO times), newest last, capped. */
  signals?: { name: string; at: string; id?: string }[];
  /** What the last existing-customer lookup in Salesforce found (a Contact with this email). */
  customer?: CustomerMatch;
}

/** A known customer: the Salesforce Contact (and its Account) with the lead's email, and the RM who owns it. */
export interface CustomerMatch {
  contactId: string | null;
  accountId: string | null;
  /** The roster RM owning the Account (else the Contact), when that owner is an RM. */
  ownerRmId: string | null;
  checkedAt: string;
  /** The email asked about (emailHash of it): a changed email is asked again. */
  emailHash?: string;
}

export interface LeadData {
  sync: SyncSnapshot;
  /** What each system last showed (or was sent), by its own field names. */
  raw: { hubspot: Record<string, string | null>; salesforce: Record<string, unknown> };
  /** The newest record version processed: older re-reads are stale. */
  seen: { hubspotMs?: number; salesforceModstamp?: string };
  gov: Governance;
  pending?: Pending;
  /** Opportunities converted from this lead: last stage and amount seen. */
  opportunities?: Record<string, { stage: string | null; amount: number | null }>;
  converted?: { opportunityId: string | null; accountId: string | null; contactId: string | null };
  /** Ids of the new inquiries handled on this lead (domain/inquiry), newest last, capped. */
  inquiryIds?: string[];
  /** Salesforce activities already counted (Task and Event ids), newest last, capped. */
  activities?: string[];
  /**
   * Consent revocations HubSpot confirmed through its subscription preferences, by field name
   * (the email opt-out: hs_email_optout itself is read-only and may stay false; consent-delivery.ts).
   */
  consentDelivered?: Record<string, SubscriptionDelivery>;
}

export interface LeadRecord {
  id: string;
  hubspotContactId: string | null;
  salesforceLeadId: string | null;
  emailHash: string | null;
  state: LeadState;
  kind: string | null;
  segment: string | null;
  product: string | null;
  ownerId: string | null;
  ownerKind: 'rm' | 'queue' | null;
  branchId: string | null;
  attempt: number;
  recycleCount: number;
  data: LeadData;
  version: number;
  createdAt: Date;
}

export const emptyLeadData = (): LeadData => ({ sync: { fields: {} }, raw: { hubspot: {}, salesforce: {} }, seen: {}, gov: { ownersSoFar: [], timestamps: {} } });

interface Row {
  id: string;
  hubspot_contact_id: string | null;
  salesforce_lead_id: string | null;
  email_hash: string | null;
  state: LeadState;
  kind: string | null;
  segment: string | null;
  product: string | null;
  owner_id: string | null;
  owner_kind: 'rm' | 'queue' | null;
  branch_id: string | null;
  attempt: number;
  recycle_count: number;
  data: Partial<LeadData>;
  version: number;
  created_at: Date;
}

const COLUMNS = 'id, hubspot_contact_id, salesforce_lead_id, email_hash, state, kind, segment, product, owner_id, owner_kind, branch_id, attempt, recycle_count, data, version, created_at';

function toRecord(r: Row): LeadRecord {
  const base = emptyLeadData();
  const d = r.data ?? {};
  return {
    id: r.id,
    hubspotContactId: r.hubspot_contact_id,
    salesforceLeadId: r.salesforce_lead_id,
    emailHash: r.email_hash,
    state: r.state,
    kind: r.kind,
    segment: r.segment,
    product: r.product,
    ownerId: r.owner_id,
    ownerKind: r.owner_kind,
    branchId: r.branch_id,
    attempt: r.attempt,
    recycleCount: r.recycle_count,
    data: {
      ...d,
      sync: d.sync ?? base.sync,
      raw: { hubspot: d.raw?.hubspot ?? {}, salesforce: d.raw?.salesforce ?? {} },
      seen: d.seen ?? {},
      gov: {
        ...d.gov,
        ownersSoFar: d.gov?.ownersSoFar ?? [],
        timestamps: d.gov?.timestamps ?? {},
      },
    },
    version: r.version,
    createdAt: r.created_at,
  };
}

export type LeadKey = { id: string } | { hubspotContactId: string } | { salesforceLeadId: string } | { emailHash: string };

const WHERE: Record<string, string> = { id: 'id', hubspotContactId: 'hubspot_contact_id', salesforceLeadId: 'salesforce_lead_id', emailHash: 'email_hash' };

/** The lead by one of its keys; `lock` takes the row for the caller's transaction. */
export async function findLead(db: Db, key: LeadKey, opts: { lock?: boolean } = {}): Promise<LeadRecord | null> {
  const [name, value] = Object.entries(key)[0] as [string, string];
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM leads WHERE ${WHERE[name]} = $1 ORDER BY created_at LIMIT 1${opts.lock ? ' FOR UPDATE' : ''}`,
    [value],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** The lead of a contact, else of the same person (email hash) under another contact. */
export async function findLeadForContact(db: Db, contactId: string, emailHash: string | null): Promise<{ lead: LeadRecord; sameContact: boolean } | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM leads WHERE hubspot_contact_id = $1 OR ($2::text IS NOT NULL AND email_hash = $2)
      ORDER BY (hubspot_contact_id = $1) DESC NULLS LAST, created_at LIMIT 1`,
    [contactId, emailHash],
  );
  const r = rows[0];
  return r ? { lead: toRecord(r), sameContact: r.hubspot_contact_id === contactId } : null;
}

/** The first lead found by the keys in order (contact id, Lead id, email hash). */
export async function findLeadByAny(db: Db, keys: LeadKey[]): Promise<LeadRecord | null> {
  for (const k of keys) {
    const value = Object.values(k)[0];
    if (!value) continue;
    const lead = await findLead(db, k);
    if (lead) return lead;
  }
  return null;
}

export async function findLeadsByIds(db: Db, column: 'hubspot_contact_id' | 'salesforce_lead_id', ids: string[]): Promise<LeadRecord[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM leads WHERE ${column} = ANY($1::text[])`, [ids]);
  return rows.map(toRecord);
}

/** Leads in id order after `afterId`, for reconciliation's walk. */
export async function leadsPage(db: Db, afterId: string, limit: number): Promise<LeadRecord[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM leads WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
  return rows.map(toRecord);
}

/**
 * Bookkeeping that is not a decision (a write landed, a re-read moved the raw values): the row's
 * data and links change and its version moves on, so a decision made on the old version is
 * re-decided. No audit event: nothing about the lead's handling changed.
 */
export async function saveBookkeeping(
  tx: Db,
  lead: LeadRecord,
  set: { data: LeadData; salesforceLeadId?: string | null },
  now: Date,
): Promise<LeadRecord> {
  const r = await tx.query(
    `UPDATE leads SET data = $3, salesforce_lead_id = coalesce($4, salesforce_lead_id), version = version + 1, updated_at = $5
      WHERE id = $1 AND version = $2`,
    [lead.id, lead.version, JSON.stringify(set.data), set.salesforceLeadId ?? null, now.toISOString()],
  );
  if (r.rowCount === 0) {
    throw new HandoffError('LEAD_VERSION_CONFLICT', `lead ${lead.id} changed meanwhile: re-read it and decide again`, { leadId: lead.id });
  }
  return { ...lead, data: set.data, salesforceLeadId: set.salesforceLeadId ?? lead.salesforceLeadId, version: lead.version + 1 };
}
