/**
 * Apply (DESIGN "The pipeline", step 3): one decision becomes one transaction that writes the
 * lead, its audit event, its timers, its outbox rows and the write-ledger entries for them.
 * Either all of it commits or none of it does.
 *
 * Order inside the transaction matters:
 * 1. the lead row first, with optimistic locking: a concurrent decision on the same lead fails
 *    fast with LEAD_VERSION_CONFLICT (the caller re-reads and decides again);
 * 2. the audit event next: its advisory lock serialises every apply from here to commit, so
 *    outbox ids are handed out in commit order and a dispatcher can never see a later write
 *    for a record before an earlier one;
 * 3. timers, outbox rows, ledger entries.
 */
import type { Clock } from '../domain/clock';
import { assertTransition, isLeadState } from '../domain/lifecycle';
import type { LeadState } from '../domain/lifecycle';
import { HandoffError } from '../errors';
import type { Db } from '../store/db';
import { isUniqueViolation } from '../store/db';
import type { AuditRecord } from './audit';
import { appendAudit } from './audit';
import { DEFAULT_LEDGER_TTL_MS, recordWrites } from './ledger';
import type { LedgerWrite } from './ledger';
import type { OutboxItem } from './outbox';
import { enqueue } from './outbox';
import { cancelTimers, setTimer } from './timers';
import type { TimerSpec } from './timers';

/** Lead columns a plan may set; omitted ones keep their value, null clears one. */
export interface LeadPatch {
  state?: LeadState;
  hubspotContactId?: string | null;
  salesforceLeadId?: string | null;
  emailHash?: string | null;
  kind?: string | null;
  segment?: string | null;
  product?: string | null;
  ownerId?: string | null;
  ownerKind?: 'rm' | 'queue' | null;
  branchId?: string | null;
  attempt?: number;
  recycleCount?: number;
  /** Replaces the canonical field snapshot (not merged). */
  data?: Record<string, unknown>;
  /** Replaces the consent snapshot (not merged). */
  consent?: Record<string, unknown>;
}

const COLUMNS: Record<keyof LeadPatch, string> = {
  state: 'state',
  hubspotContactId: 'hubspot_contact_id',
  salesforceLeadId: 'salesforce_lead_id',
  emailHash: 'email_hash',
  kind: 'kind',
  segment: 'segment',
  product: 'product',
  ownerId: 'owner_id',
  ownerKind: 'owner_kind',
  branchId: 'branch_id',
  attempt: 'attempt',
  recycleCount: 'recycle_count',
  data: 'data',
  consent: 'consent',
};
const JSON_COLUMNS = new Set<keyof LeadPatch>(['data', 'consent']);

export interface PlannedWrite extends OutboxItem {
  /**
   * The id the echo of this write will carry, for the write ledger: the record key by default;
   * null when no echo can come (nothing is recorded).
   */
  echoRecordId?: string | null;
}

export interface ApplyPlan {
  lead: { id: string; expectedVersion: number | 'new'; set: LeadPatch };
  audit: { type: string; actor: string; data?: Record<string, unknown>; summary: string };
  timers?: { set?: TimerSpec[]; cancel?: string[] };
  outbox?: PlannedWrite[];
}

export interface ApplyOptions {
  ledgerTtlMs?: number;
}

export interface ApplyResult {
  leadId: string;
  /** The lead's version after this apply: the expectedVersion of the next one. */
  version: number;
  audit: AuditRecord;
  outboxIds: number[];
  timerIds: number[];
}

export function applyPlan(db: Db, plan: ApplyPlan, clock: Clock, opts: ApplyOptions = {}): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const leadId = plan.lead.id;
    const version = await writeLead(tx, plan.lead, clock);
    const audit = await appendAudit(tx, clock, { leadId, ...plan.audit });
    await cancelTimers(tx, leadId, plan.timers?.cancel ?? []);
    const timerIds: number[] = [];
    for (const t of plan.timers?.set ?? []) timerIds.push(await setTimer(tx, clock, leadId, t));
    const writes = plan.outbox ?? [];
    const outboxIds = await enqueue(tx, clock, writes.map((w) => ({ ...w, leadId: w.leadId ?? leadId })));
    const ledger: LedgerWrite[] = writes.flatMap((w, i) => {
      const recordId = w.echoRecordId === undefined ? w.recordKey : w.echoRecordId;
      if (recordId === null) return [];
      return Object.entries(w.payload).map(([field, value]) => ({ system: w.system, recordId, field, value, outboxId: outboxIds[i]! }));
    });
    await recordWrites(tx, clock, ledger, opts.ledgerTtlMs ?? DEFAULT_LEDGER_TTL_MS);
    return { leadId, version, audit, outboxIds, timerIds };
  });
}

function conflict(id: string, expected: number | 'new', found: number | null): HandoffError {
  const what = expected === 'new' ? 'it was to be created, but it exists' : found === null ? `expected version ${expected}, but it does not exist` : `expected version ${expected}, found ${found}`;
  return new HandoffError('LEAD_VERSION_CONFLICT', `lead ${id} changed meanwhile (${what}): re-read it and decide again`, { leadId: id, expected, found });
}

function linkConflict(err: unknown, id: string): unknown {
  if (!isUniqueViolation(err)) return err;
  return new HandoffError('LEAD_LINK_CONFLICT', `lead ${id} links a HubSpot contact or Salesforce Lead that another lead already holds`, { leadId: id });
}

/** The lead write: INSERT for 'new', else UPDATE … WHERE version = expected. Returns the new version. */
async function writeLead(tx: Db, lead: ApplyPlan['lead'], clock: Clock): Promise<number> {
  const now = clock.now().toISOString();
  const entries = (Object.keys(lead.set) as (keyof LeadPatch)[])
    .filter((k) => lead.set[k] !== undefined)
    .map((k) => [COLUMNS[k], JSON_COLUMNS.has(k) ? JSON.stringify(lead.set[k]) : lead.set[k]] as const);
  if (lead.expectedVersion === 'new') {
    if (!isLeadState(lead.set.state)) {
      throw new HandoffError('LEAD_STATE_REQUIRED', `lead ${lead.id} cannot be created without a lifecycle state`, { leadId: lead.id });
    }
    const cols = ['id', 'version', 'created_at', 'updated_at', ...entries.map(([c]) => c)];
    const vals = [lead.id, 0, now, now, ...entries.map(([, v]) => v)];
    const inserted = await tx
      .query(`INSERT INTO leads (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO NOTHING`, vals)
      .catch((err: unknown) => Promise.reject(linkConflict(err, lead.id)));
    if (inserted.rowCount === 0) throw conflict(lead.id, 'new', null);
    return 0;
  }
  // FOR UPDATE waits for a concurrent apply on this lead to finish and then sees its version.
  const current = await tx.query<{ version: number; state: LeadState }>('SELECT version, state FROM leads WHERE id = $1 FOR UPDATE', [lead.id]);
  const row = current.rows[0];
  if (!row || row.version !== lead.expectedVersion) throw conflict(lead.id, lead.expectedVersion, row?.version ?? null);
  if (lead.set.state !== undefined && lead.set.state !== row.state) assertTransition(row.state, lead.set.state);
  const sets = [...entries.map(([c], i) => `${c} = $${i + 3}`), 'version = version + 1', `updated_at = $${entries.length + 3}`];
  await tx
    .query(`UPDATE leads SET ${sets.join(', ')} WHERE id = $1 AND version = $2`, [lead.id, lead.expectedVersion, ...entries.map(([, v]) => v), now])
    .catch((err: unknown) => Promise.reject(linkConflict(err, lead.id)));
  return lead.expectedVersion + 1;
}
