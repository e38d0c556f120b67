/**
 * A decision's writes as outbox rows. Every Lead write is an upsert on its External ID (the
 * HubSpot contact id), so per-record order holds across creation and updates and a retry never
 * makes a second Lead; every contact write is an update by contact id. Values a system already
 * holds are not sent (a quiet system gets no calls), HubSpot's read-only properties are never
 * sent, and writes that must wait for something (the Lead's id, a lifecycle clear) are held in
 * the lead's `pending` and released by `flushPending` when it has landed.
 */
import { HUBSPOT_LIFECYCLE_STAGES } from '../../config/vocabulary';
import type { TaskWrite } from '../../domain/decision';
import { isBackwards } from '../../domain/sync';
import type { Lane } from '../outbox';
import type { PlannedWrite } from '../apply';
import { changedFields } from '../values';
import { HUBSPOT_READ_ONLY } from './fields';
import type { LeadData, LeadRecord, Pending, PendingTask } from './lead-record';
import type { OwnerDirectory } from './owners';

export const LIST_MEMBERSHIPS = 'list_memberships';

/** A clear of the lifecycle stage: the steps after it wait until it has landed. */
export const isBarrier = (step: Record<string, string>): boolean => step.lifecyclestage === '';

/** The contact as Handoff believes it will be once what is queued has landed. */
export function intendedContact(data: LeadData): Record<string, string | null> {
  return Object.assign({}, data.raw.hubspot, ...(data.pending?.hubspot ?? [])) as Record<string, string | null>;
}

export interface HubspotStepsResult {
  steps: Record<string, string>[];
  /** Read-only properties a decision asked for, left out (HubSpot would refuse the whole write). */
  skipped: string[];
  /** A lifecycle stage behind the contact's, left out: the contact keeps its later stage. */
  keptStage?: { current: string; asked: string };
}

/** Is `asked` one of HubSpot's stages before `current`? Stages it does not know (a customised portal) are never judged. */
const stageIndex = (stage: string | null | undefined): number => (stage ? HUBSPOT_LIFECYCLE_STAGES.indexOf(stage as (typeof HUBSPOT_LIFECYCLE_STAGES)[number]) : -1);
/** The last stage a handoff moves a contact through; beyond it the stage is the business's (a deal, a customer). */
const LAST_HANDOFF_STAGE = stageIndex('salesqualifiedlead');

/** `asked` is behind a stage the contact reached beyond the handoff (it is an opportunity or a customer). */
function behindBusinessStage(current: string | null | undefined, asked: string): boolean {
  const from = stageIndex(current);
  const to = stageIndex(asked);
  return from > LAST_HANDOFF_STAGE && to >= 0 && to < from;
}

/**
 * The contact writes for `desired`: what differs from the intended contact, as one step, or as
 * a clear step and then the rest when a property in `clearFirst` is to move backwards. Within the
 * handoff's own stages (up to sales-qualified) the lifecycle stage is cleared first whenever it
 * moves backwards (API-FACTS A8), asked or not: an accepted lead (SQL) returned and routed again
 * goes back to MQL. A contact past them (opportunity, customer, evangelist) keeps its stage unless
 * `clearFirst` asks: a customer who asks again (a new routing) is still a customer.
 */
export function hubspotSteps(desired: Record<string, string>, clearFirst: readonly string[], intended: Record<string, string | null>): HubspotStepsResult {
  const skipped = Object.keys(desired).filter((k) => HUBSPOT_READ_ONLY.has(k));
  const wanted = Object.fromEntries(Object.entries(desired).filter(([k]) => !HUBSPOT_READ_ONLY.has(k)));
  const asked = wanted.lifecyclestage;
  const current = intended.lifecyclestage;
  if (asked !== undefined && asked !== '' && !clearFirst.includes('lifecyclestage') && behindBusinessStage(current, asked)) {
    delete wanted.lifecyclestage;
    const rest = hubspotSteps(wanted, clearFirst, intended);
    return { ...rest, skipped, keptStage: { current: current as string, asked } };
  }
  const changes = changedFields(intended, wanted) as Record<string, string>;
  if (Object.keys(changes).length === 0) return { steps: [], skipped };
  const stage = changes.lifecyclestage;
  const backwards = stage !== undefined && stage !== '' && isBackwards(intended.lifecyclestage, stage, HUBSPOT_LIFECYCLE_STAGES);
  const clearKeys = backwards && !clearFirst.includes('lifecyclestage') ? [...clearFirst, 'lifecyclestage'] : clearFirst;
  const clear = clearKeys.filter((k) => k in changes && (intended[k] ?? '') !== '' && changes[k] !== '');
  if (clear.length === 0) return { steps: [changes], skipped };
  return { steps: [Object.fromEntries(clear.map((k) => [k, ''])), changes], skipped };
}

/** Appends steps, merging into the last one unless either side is a barrier (order is kept). */
export function appendSteps(pending: Pending, steps: Record<string, string>[]): Pending {
  const out = [...(pending.hubspot ?? [])];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && !isBarrier(last) && !isBarrier(s)) out[out.length - 1] = { ...last, ...s };
    else out.push({ ...s });
  }
  return { ...pending, hubspot: out };
}

const hasWrites = (p: Pending): boolean => (p.hubspot?.length ?? 0) + (p.tasks?.length ?? 0) > 0;

/**
 * Queues a decision's contact steps and Tasks. What waits goes out on one lane: the most urgent
 * of the decisions that queued it (a field sync merged into a handoff's status write is critical;
 * a backfill's Task stays bulk).
 */
export function queuePending(pending: Pending, steps: Record<string, string>[], tasks: PendingTask[], lane: Lane): Pending {
  if (steps.length + tasks.length === 0) return pending;
  const before = hasWrites(pending) ? (pending.lane ?? 'critical') : lane;
  const queued = appendSteps(pending, steps);
  return { ...queued, ...(tasks.length > 0 ? { tasks: [...(pending.tasks ?? []), ...tasks] } : {}), lane: before === 'critical' ? 'critical' : lane };
}

export function pendingTask(t: TaskWrite): PendingTask {
  return {
    key: t.key,
    ownerUsername: t.assignee.salesforceUsername,
    subject: t.subject,
    description: t.description,
    activityDate: t.activityDate,
    dueAt: t.dueAt.toISOString(),
    ...(t.remindAt ? { remindAt: t.remindAt.toISOString() } : {}),
    priority: t.priority,
    status: t.status,
  };
}

export function taskWrite(t: PendingTask, salesforceLeadId: string, directory: OwnerDirectory, lane: Lane): PlannedWrite {
  const owner = directory.taskOwnerId(t);
  return {
    system: 'salesforce',
    object: 'Task',
    operation: 'upsert',
    recordKey: t.key,
    lane,
    // Handoff's own Tasks are skipped when polled (they carry Handoff_Key__c): no echo to match.
    echoRecordId: null,
    payload: {
      Subject: t.subject.slice(0, 255),
      Description: t.description,
      ActivityDate: t.activityDate,
      Priority: t.priority,
      Status: t.status,
      WhoId: salesforceLeadId,
      IsReminderSet: true,
      ReminderDateTime: t.remindAt ?? t.dueAt,
      // A username Salesforce does not know leaves the Task with the integration user (the
      // directory warns: owners.ts `taskOwnerId`).
      ...(owner ? { OwnerId: owner } : {}),
    },
  };
}

export function contactWrite(contactId: string, payload: Record<string, string>, lane: Lane): PlannedWrite {
  return { system: 'hubspot', object: 'contacts', operation: 'update', recordKey: contactId, payload, lane, echoRecordId: contactId };
}

export function leadWrite(lead: Pick<LeadRecord, 'hubspotContactId' | 'salesforceLeadId'>, payload: Record<string, unknown>, lane: Lane): PlannedWrite {
  return {
    system: 'salesforce',
    object: 'Lead',
    operation: 'upsert',
    recordKey: lead.hubspotContactId as string,
    payload,
    lane,
    // The echo carries the Lead's Id; a Lead not created yet has none to match (its snapshot does).
    echoRecordId: lead.salesforceLeadId ?? null,
  };
}

export function listWrite(list: string, contactId: string): PlannedWrite {
  return { system: 'hubspot', object: LIST_MEMBERSHIPS, operation: 'upsert', recordKey: `${contactId}@${list}`, payload: { list, contactId }, lane: 'bulk', echoRecordId: null };
}

/**
 * Releases what may go now: Tasks once the Lead exists, contact steps unless the Lead or a clear
 * is awaited (a clear step goes, and the ones after it wait for it). `extraFirstStep` rides on the
 * first released step (salesforce_lead_id once the Lead exists). Everything goes on the pending
 * writes' lane; `landedLane` (the lane of the write that just landed) is for what has none: the
 * Lead id alone, or writes stored before lanes were kept.
 */
export function flushPending(
  lead: Pick<LeadRecord, 'hubspotContactId' | 'salesforceLeadId'>,
  pending: Pending,
  directory: OwnerDirectory,
  extraFirstStep: Record<string, string> = {},
  landedLane: Lane = 'critical',
): { writes: PlannedWrite[]; pending: Pending } {
  const writes: PlannedWrite[] = [];
  let p: Pending = { ...pending };
  const lane = p.lane ?? landedLane;
  if (!p.awaitLead && lead.salesforceLeadId && (p.tasks?.length ?? 0) > 0) {
    for (const t of p.tasks ?? []) writes.push(taskWrite(t, lead.salesforceLeadId, directory, lane));
    p = { ...p, tasks: [] };
  }
  let steps = [...(p.hubspot ?? [])];
  if (Object.keys(extraFirstStep).length > 0) steps = appendSteps({ hubspot: [extraFirstStep] }, steps).hubspot ?? [];
  const released = releaseSteps(lead.hubspotContactId, { ...p, hubspot: steps, lane });
  return { writes: [...writes, ...released.writes], pending: released.pending };
}

/**
 * The contact steps that may go now, in order, unless the Lead or a clear is awaited: a clear
 * step goes, and the ones after it wait for it.
 */
export function releaseSteps(contactId: string | null, pending: Pending): { writes: PlannedWrite[]; pending: Pending } {
  const steps = [...(pending.hubspot ?? [])];
  // Nothing is dropped while something is awaited: every step waits.
  if (pending.awaitLead || pending.awaitClear || !contactId) return { writes: [], pending };
  const writes: PlannedWrite[] = [];
  let p = pending;
  while (steps.length > 0) {
    const step = steps.shift()!;
    writes.push(contactWrite(contactId, step, pending.lane ?? 'critical'));
    if (isBarrier(step)) {
      p = { ...p, awaitClear: true };
      break;
    }
  }
  return { writes, pending: tidy({ ...p, hubspot: steps }) };
}

/** Drops empty parts so a lead with nothing pending stores no `pending` noise. */
export function tidy(p: Pending): Pending {
  const out: Pending = {};
  if (p.awaitLead) out.awaitLead = true;
  if (p.awaitClear) out.awaitClear = true;
  if (p.hubspot && p.hubspot.length > 0) out.hubspot = p.hubspot;
  if (p.tasks && p.tasks.length > 0) out.tasks = p.tasks;
  if (p.lane && hasWrites(out)) out.lane = p.lane;
  if (p.createFields && Object.keys(p.createFields).length > 0) out.createFields = p.createFields;
  return out;
}
