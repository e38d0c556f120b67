/**
 * A governance Decision (plain data) → the engine's ApplyPlan, applied in the caller's
 * transaction: the lead row (state, owner, taxonomy, snapshot and bookkeeping), one audit event,
 * the timers, the outbox rows for both systems, and the routing pointer. The first routing of a
 * lead creates its Salesforce Lead (an upsert on the External ID, with the owner set); the
 * contact's status and the owner's Task then wait for the Lead to land (writes.ts).
 */
import type { Decision, TimerInstruction } from '../../domain/decision';
import { assertDecision } from '../../domain/decision';
import { consentFromFields } from '../../domain/lead';
import type { LeadState } from '../../domain/lifecycle';
import type { Owner } from '../../domain/routing';
import { contactToLead } from '../../domain/sync';
import type { Db } from '../../store/db';
import type { ApplyPlan, LeadPatch, PlannedWrite } from '../apply';
import { applyPlan } from '../apply';
import type { Lane } from '../outbox';
import { setTimers } from '../timers';
import { changedFields } from '../values';
import { planUnsubscribe } from './consent-delivery';
import type { PipelineContext } from './context';
import { ACTOR } from './context';
import type { LeadData, LeadRecord } from './lead-record';
import { savePoolStates } from './routing-state';
import { canonicalFields, taxonomyOf } from './view';
import { flushPending, hubspotSteps, intendedContact, leadWrite, listWrite, pendingTask, queuePending, tidy } from './writes';

/**
 * A Decision from governance, or one the pipeline makes itself (a field sync, an outcome, a
 * repeat inquiry) whose audit type is its own.
 */
export type AnyDecision = Omit<Decision, 'audit'> & { audit: { type: string; explanation: Record<string, unknown>; summary: string } };

/** States that hand the lead to someone in Salesforce: the Lead must exist from here on. */
const HANDOFF_STATES: readonly LeadState[] = ['routed', 'escalated'];

/**
 * A lead handed off whose Salesforce Lead does not exist and is not on its way (its create was
 * discarded from the dead-letter queue): its next decision, even a field sync, creates it.
 */
export const needsLeadCreated = (lead: LeadRecord): boolean => HANDOFF_STATES.includes(lead.state) && !lead.salesforceLeadId && !lead.data.pending?.awaitLead;

export interface ApplyDecisionOptions {
  /** The lead's data before the decision's bookkeeping (a new snapshot and raw values). */
  data?: LeadData;
  /** Field-sync writes (reconcile) riding along; on the bulk lane when the decision writes nothing. */
  sync?: { hubspot: Record<string, string>; salesforce: Record<string, unknown> };
  /** What else the audit event should say (the inbound change that caused it). */
  auditData?: Record<string, unknown>;
  /**
   * Another decision follows in this handling (readiness passed, routing is next): the contact
   * writes wait and go out with the next one's, in one write.
   */
  hold?: boolean;
  /**
   * The lane every outbox row of this decision takes, whatever its kind would pick: the backfill
   * puts its decisions on the bulk lane so live work goes first.
   */
  lane?: Lane;
}

/** A lead not yet stored: version -1 until its first apply inserts it. */
export function draftLead(init: { id: string; hubspotContactId: string; emailHash: string | null; data: LeadData; now: Date }): LeadRecord {
  return {
    id: init.id,
    hubspotContactId: init.hubspotContactId,
    salesforceLeadId: null,
    emailHash: init.emailHash,
    state: 'captured',
    kind: null,
    segment: null,
    product: null,
    ownerId: null,
    ownerKind: null,
    branchId: null,
    attempt: 0,
    recycleCount: 0,
    data: init.data,
    version: -1,
    createdAt: init.now,
  };
}

function ownerColumns(d: AnyDecision): Partial<Pick<LeadRecord, 'ownerId' | 'ownerKind'>> {
  const owner = d.owner !== undefined ? d.owner : d.lead?.owner;
  if (owner === undefined) return {};
  return owner === null ? { ownerId: null, ownerKind: null } : { ownerId: owner.id, ownerKind: owner.kind };
}

function bookkeeping(data: LeadData, d: AnyDecision): LeadData {
  const p = d.lead;
  if (!p) return data;
  const timestamps = { ...data.gov.timestamps };
  for (const [k, v] of Object.entries(p.timestamps ?? {})) {
    if (v === null || v === undefined) delete timestamps[k];
    else timestamps[k] = (v as Date).toISOString();
  }
  return {
    ...data,
    gov: {
      // What the decision does not speak for (signals, the existing-customer match) is kept.
      ...data.gov,
      ownersSoFar: p.ownersSoFar ?? data.gov.ownersSoFar,
      timestamps,
      ...((p.score ?? data.gov.score) !== undefined ? { score: p.score ?? data.gov.score } : {}),
    },
  };
}

function salesforceOwnerId(owner: Owner, ctx: PipelineContext): string | undefined {
  const id = owner.kind === 'rm' ? ctx.directory.userId(owner.salesforceUsername) : ctx.directory.queueId(owner.salesforceQueue);
  if (!id) ctx.logger.warn('routed owner has no Salesforce user or queue; the Lead keeps its current owner', { owner: owner.id, kind: owner.kind });
  return id;
}

/**
 * Of a discarded create's fields (writes.ts `Pending.createFields`), those the decisions set
 * (owner, Handoff status, accept-by): the contact's own are taken fresh, so a value fixed since
 * (or blanked) is not sent stale.
 */
function decidedFields(fields: Record<string, unknown> | undefined, ctx: PipelineContext): Record<string, unknown> {
  if (!fields) return {};
  const fromContact = new Set(ctx.sync.fields.flatMap((f) => (f.salesforce ? [f.salesforce] : [])));
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !fromContact.has(k)));
}

function timerOps(timers: TimerInstruction[]): NonNullable<ApplyPlan['timers']> {
  return {
    cancel: timers.filter((t) => t.op === 'cancel').map((t) => t.kind),
    set: timers.flatMap((t) => (t.op === 'arm' ? [{ kind: t.kind, dueAt: t.dueAt, payload: t.payload }] : [])),
  };
}

/** Outbox rows and the lead's pending writes after this decision. */
function planWrites(ctx: PipelineContext, lead: LeadRecord, data: LeadData, d: AnyDecision, opts: ApplyDecisionOptions, nextState: LeadState): { outbox: PlannedWrite[]; data: LeadData } {
  const w = d.writes;
  const decided = Object.keys(w.hubspot ?? {}).length + Object.keys(w.salesforce ?? {}).length + (w.tasks?.length ?? 0) > 0 || d.owner !== undefined;
  // Handoff work (a decision's own writes) is critical; field refreshes riding alone are bulk, and
  // so is everything the backfill decides. The lane is kept with the writes that wait.
  const lane: Lane = opts.lane ?? (decided ? 'critical' : 'bulk');
  const outbox: PlannedWrite[] = [];
  let pending = { ...data.pending };

  // Salesforce: the Lead, created at the first handoff and updated by upsert ever after.
  const creating = !lead.salesforceLeadId && !pending.awaitLead && HANDOFF_STATES.includes(nextState);
  const leadKnown = lead.salesforceLeadId !== null || pending.awaitLead === true || creating;
  const converted = data.converted !== undefined || data.raw.salesforce.IsConverted === true;
  const owner = d.owner ?? null;
  const ownerId = owner ? salesforceOwnerId(owner, ctx) : undefined;
  const desiredSf: Record<string, unknown> = { ...opts.sync?.salesforce, ...w.salesforce, ...(ownerId ? { OwnerId: ownerId } : {}) };
  if (leadKnown && !converted) {
    let payload: Record<string, unknown>;
    if (creating) {
      const contact = { id: lead.hubspotContactId as string, properties: data.raw.hubspot };
      const base = contactToLead(contact, ctx.sync);
      for (const p of base.problems) ctx.logger.warn('lead field not written to Salesforce', { leadId: lead.id, code: p.code, field: p.field });
      payload = { ...decidedFields(pending.createFields, ctx), ...base.fields, ...desiredSf };
      delete payload[ctx.sync.link.salesforce_external_id];
      pending = { ...pending, awaitLead: true, createFields: undefined };
    } else {
      payload = changedFields(data.raw.salesforce, desiredSf);
    }
    // A new Lead is handoff work whatever decision plans it (a field sync re-planning a discarded create).
    if (Object.keys(payload).length > 0) outbox.push(leadWrite(lead, payload, creating ? (opts.lane ?? 'critical') : lane));
  } else if (converted && Object.keys(desiredSf).length > 0) {
    ctx.logger.info('Lead is converted in Salesforce; its fields are no longer written', { leadId: lead.id });
  }

  // HubSpot: status and owner properties as ordered steps, then list memberships.
  const desiredHs = { ...opts.sync?.hubspot, ...w.hubspot };
  const hs = hubspotSteps(desiredHs, w.hubspotClearFirst ?? [], intendedContact({ ...data, pending }));
  if (hs.skipped.length > 0) ctx.logger.info('read-only HubSpot properties left out of a write', { leadId: lead.id, properties: hs.skipped });
  if (hs.keptStage) ctx.logger.info('lifecycle stage not moved back; the contact keeps its later stage', { leadId: lead.id, ...hs.keptStage });
  pending = queuePending(pending, hs.steps, (w.tasks ?? []).map(pendingTask), lane);
  const flushed = opts.hold ? { writes: [], pending } : flushPending(lead, pending, ctx.directory);
  outbox.push(...flushed.writes);
  if (lead.hubspotContactId) for (const list of w.hubspotLists?.add ?? []) outbox.push(listWrite(list, lead.hubspotContactId));
  // The email opt-out HubSpot takes only as an unsubscribe (hs_email_optout is among the skipped).
  const unsubscribe = planUnsubscribe(ctx, lead, data);
  if (unsubscribe.write) outbox.push(unsubscribe.write);
  return { outbox, data: { ...unsubscribe.data, pending: tidy(flushed.pending) } };
}

export async function applyDecision(tx: Db, ctx: PipelineContext, lead: LeadRecord, d: AnyDecision, opts: ApplyDecisionOptions = {}): Promise<LeadRecord> {
  assertDecision(lead.state, d);
  const nextState = d.newState ?? lead.state;
  const base = bookkeeping(opts.data ?? lead.data, d);
  const planned = planWrites(ctx, lead, base, d, opts, nextState);
  const { data } = planned;
  const outbox = opts.lane ? planned.outbox.map((w) => ({ ...w, lane: opts.lane as Lane })) : planned.outbox;
  const owner = ownerColumns(d);
  const tax = taxonomyOf(data.sync);
  const next: LeadRecord = {
    ...lead,
    ...owner,
    state: nextState,
    kind: tax.kind,
    segment: tax.segment,
    product: tax.product,
    branchId: d.lead?.branchId !== undefined ? d.lead.branchId : lead.branchId,
    attempt: d.lead?.attempt ?? lead.attempt,
    recycleCount: d.lead?.recycleCount ?? lead.recycleCount,
    data,
  };
  const set: LeadPatch = {
    state: next.state,
    kind: next.kind,
    segment: next.segment,
    product: next.product,
    ownerId: next.ownerId,
    ownerKind: next.ownerKind,
    branchId: next.branchId,
    attempt: next.attempt,
    recycleCount: next.recycleCount,
    data: next.data as unknown as Record<string, unknown>,
    consent: { ...consentFromFields(canonicalFields(data.sync), ctx.config.readiness.consent_fields) },
    ...(lead.version < 0 ? { hubspotContactId: lead.hubspotContactId, emailHash: lead.emailHash } : {}),
  };
  const result = await applyPlan(
    tx,
    {
      lead: { id: lead.id, expectedVersion: lead.version < 0 ? 'new' : lead.version, set },
      audit: {
        type: d.audit.type,
        actor: ACTOR,
        summary: d.audit.summary,
        data: { ...d.audit.explanation, ...(d.via ? { via: d.via } : {}), ...(opts.auditData ? { cause: opts.auditData } : {}), ...(d.newState ? { from: lead.state, to: d.newState } : {}) },
      },
      outbox,
    },
    ctx.clock,
  );
  // Timers in two statements rather than two per timer (a routing arms six), same transaction.
  await setTimers(tx, ctx.clock, lead.id, timerOps(d.timers));
  if (d.poolStates) await savePoolStates(tx, d.poolStates, ctx.clock.now());
  return { ...next, version: result.version };
}

/** A decision that changes no state: field-sync writes, a repeat inquiry, an outcome with no move. */
export function noteDecision(lead: LeadRecord, now: Date, type: string, summary: string, explanation: Record<string, unknown>, writes: AnyDecision['writes'] = {}): AnyDecision {
  return { leadId: lead.id, at: now, newState: null, writes, timers: [], audit: { type, explanation, summary } };
}
