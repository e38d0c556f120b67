/**
 * What a dead outbox row holds up on its lead beyond the outbox rows held behind it. A lead keeps
 * writes in `data.pending` until something lands: its contact steps and Tasks wait for the
 * Salesforce Lead to be created (`awaitLead`), the steps after a lifecycle clear wait for the clear
 * (`awaitClear`). A dead create or clear holds them for good, so `handoff dlq list` counts them,
 * and a discard resolves them. A retry needs nothing here: the waits stand, and the retried write
 * releases them when it lands, as any write does (dispatch.ts `onWritten`).
 */
import type { Clock } from '../../domain/clock';
import type { Db } from '../../store/db';
import { dropLedgerForRows } from '../ledger';
import type { System } from '../outbox';
import { enqueueWrites } from './dispatch';
import type { Pending } from './lead-record';
import { findLead, saveBookkeeping } from './lead-record';
import { isBarrier, releaseSteps, tidy } from './writes';

/** What of a lead's pending writes waits on a dead write: the Lead's creation, a clear, or nothing. */
export type DeadWait = 'lead' | 'clear' | null;

/**
 * A dead Lead write of a lead whose Lead was never created is its create (or held behind it); a
 * dead contact write of a lead awaiting a clear is the clear, or a write the clear is held behind.
 */
export function deadWait(lead: { salesforceLeadId: string | null; pending?: Pending | undefined }, dead: { system: System; object: string }): DeadWait {
  const p = lead.pending ?? {};
  if (dead.system === 'salesforce' && dead.object === 'Lead' && lead.salesforceLeadId === null && p.awaitLead) return 'lead';
  if (dead.system === 'hubspot' && dead.object === 'contacts' && p.awaitClear) return 'clear';
  return null;
}

/** The lead's pending writes (contact steps, Tasks) a wait holds up. */
export function waitingWrites(pending: Pending | undefined, wait: DeadWait): number {
  if (wait === 'lead') return (pending?.hubspot?.length ?? 0) + (pending?.tasks?.length ?? 0);
  if (wait === 'clear') return pending?.hubspot?.length ?? 0;
  return 0;
}

/** Per dead record, in order, the lead-level writes waiting on it. */
export async function waitingOnDead(db: Db, records: readonly { leadId: string | null; system: System; object: string }[]): Promise<number[]> {
  const ids = [...new Set(records.flatMap((r) => (r.leadId ? [r.leadId] : [])))];
  const { rows } = ids.length === 0
    ? { rows: [] }
    : await db.query<{ id: string; salesforce_lead_id: string | null; pending: Pending | null }>(
        `SELECT id, salesforce_lead_id, data->'pending' AS pending FROM leads WHERE id = ANY($1::text[]) AND data ? 'pending'`,
        [ids],
      );
  const leads = new Map(rows.map((r) => [r.id, { salesforceLeadId: r.salesforce_lead_id, pending: r.pending ?? undefined }]));
  return records.map((r) => {
    const lead = r.leadId ? leads.get(r.leadId) : undefined;
    return lead ? waitingWrites(lead.pending, deadWait(lead, r)) : 0;
  });
}

export interface DiscardedWaits {
  /** Contact writes that waited and are in the outbox now. */
  released: number;
  /** Writes still pending: Tasks, until the Lead is created again (they need its id). */
  waiting: number;
  /** Held Lead updates discarded with a create that never landed (their fields go with the next create). */
  discardedHeld: number;
}

const NONE: DiscardedWaits = { released: 0, waiting: 0, discardedHeld: 0 };

/**
 * The lead's side of a discard, in its transaction, after the dead rows were marked discarded and
 * before the held rows are released.
 *
 * A Lead create that never landed: the Lead updates held behind it are discarded with it (sent
 * alone, an upsert of a few fields would create a Lead without its name or owner), and the fields
 * of all of them are kept for the lead's next create, which the next decision in a handoff state
 * plans (a fixed field in HubSpot, an SLA breach). The contact's status steps are released now;
 * the Tasks wait for that Lead, as they need its id.
 *
 * A lifecycle clear: the steps after it are released now, without the properties it cleared (the
 * step after it moved them backwards, which HubSpot refuses unless they are blank first).
 */
export async function resolveDiscarded(tx: Db, clock: Clock, rec: { leadId: string | null; system: System; object: string; recordKey: string; ids: number[]; reason: string }): Promise<DiscardedWaits> {
  if (!rec.leadId) return NONE;
  const lead = await findLead(tx, { id: rec.leadId }, { lock: true });
  if (!lead) return NONE;
  const wait = deadWait({ salesforceLeadId: lead.salesforceLeadId, pending: lead.data.pending }, rec);
  if (wait === null) return NONE;
  const { rows: dead } = await tx.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id`, [rec.ids]);
  // A clear held behind the discarded write is released with the held rows, and lands as any does.
  if (wait === 'clear' && !dead.some((r) => isBarrier(r.payload as Record<string, string>))) return NONE;
  const now = clock.now();
  let pending: Pending = { ...lead.data.pending };
  let discardedHeld = 0;
  if (wait === 'lead') {
    const { rows: held } = await tx.query<{ id: number; payload: Record<string, unknown> }>(
      `UPDATE outbox SET status = 'discarded', discard_reason = $4, finished_at = $5, updated_at = $5
        WHERE system = $1 AND object = $2 AND record_key = $3 AND status = 'held' RETURNING id, payload`,
      [rec.system, rec.object, rec.recordKey, rec.reason, now.toISOString()],
    );
    await dropLedgerForRows(tx, held.map((r) => r.id));
    discardedHeld = held.length;
    const fields = Object.assign({}, pending.createFields, ...dead.map((r) => r.payload), ...held.sort((a, b) => a.id - b.id).map((r) => r.payload)) as Record<string, unknown>;
    pending = { ...pending, awaitLead: false, createFields: fields };
  } else {
    const cleared = new Set(dead.flatMap((r) => Object.keys(r.payload).filter((k) => r.payload[k] === '')));
    const [next, ...rest] = pending.hubspot ?? [];
    const kept = next ? Object.fromEntries(Object.entries(next).filter(([k]) => !cleared.has(k))) : undefined;
    pending = { ...pending, awaitClear: false, hubspot: [...(kept && Object.keys(kept).length > 0 ? [kept] : []), ...rest] };
  }
  const released = releaseSteps(lead.hubspotContactId, pending);
  const after = tidy(released.pending);
  await saveBookkeeping(tx, lead, { data: { ...lead.data, pending: after } }, now);
  await enqueueWrites(tx, clock, lead.id, released.writes);
  return { released: released.writes.length, waiting: waitingWrites(after, 'lead'), discardedHeld };
}
