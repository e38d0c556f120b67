/**
 * One audit event in plain words: what happened (a title), why (the decision's own explanation:
 * readiness reasons, the routing story, the SLA plan, the breach, the return reason, the
 * outcome), and who acted. `handoff explain` prints all of it; the demo prints the title. Pure:
 * the event, the roster's names and a time zone in, text out. Events carry ids and codes, never a
 * person's data, so nothing here can print any.
 */
import { OUTCOME_LABELS } from '../domain/lifecycle';
import { renderRoutingExplanation } from '../domain/routing';
import type { RoutingExplanation } from '../domain/routing';
import type { AuditRecord } from '../engine/audit';
import type { Names } from './names';
import { localTime, money } from './names';

export interface StoryEvent {
  seq: number;
  at: string;
  type: string;
  /** What happened, in one line. */
  title: string;
  /** Why, line by line (may be empty). */
  why: string[];
  /** Who acted: Handoff itself, or the person whose change it applied. */
  who: string;
}

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const SOURCE_WORDS: Record<string, string> = {
  'hubspot.contact': 'a change to the HubSpot contact',
  'salesforce.lead': 'a change to the Salesforce Lead',
  'salesforce.task': 'a call logged in Salesforce',
  'salesforce.event': 'a meeting in Salesforce',
  'salesforce.opportunity': 'the Salesforce Opportunity',
};

export const sourceWords = (s: string): string => SOURCE_WORDS[s] ?? (s.startsWith('events:') ? `an event from ${s.slice(7)}` : s);

/** A readiness reason as words, with its code for people who search for it. */
export function reasonWords(r: unknown): string {
  const x = obj(r);
  const code = str(x.code) ?? 'UNKNOWN';
  const detail = str(x.detail);
  const gate = str(x.gate);
  const message = str(x.message) ?? code.toLowerCase().replace(/_/g, ' ');
  return `${message} [${code}${detail ? `:${detail}` : ''}${gate ? `, gate ${gate}` : ''}]`;
}

function routingOf(d: Data): RoutingExplanation | null {
  const r = obj(d.routing);
  return typeof r.leadId === 'string' && Array.isArray(r.rules) && typeof r.result === 'object' ? (r as unknown as RoutingExplanation) : null;
}

function slaLines(d: Data, zone: string): string[] {
  const s = obj(d.sla);
  const acceptBy = str(s.acceptBy);
  if (!acceptBy) return [];
  const lines = [`Accept by ${localTime(acceptBy, zone)} (SLA policy ${str(s.policy) ?? '?'}, ${str(s.calendar) ?? 'calendar ?'})`];
  const touch = str(s.firstTouchBy);
  const appt = str(s.appointmentBy);
  if (touch) lines.push(`First contact by ${localTime(touch, zone)}${appt ? `; appointment by ${localTime(appt, zone)}` : ''}`);
  return lines;
}

/** The routing explanation as renderRoutingExplanation writes it, then the SLA plan. */
function assignmentWhy(d: Data, zone: string): string[] {
  const r = routingOf(d);
  return [...(r ? renderRoutingExplanation(r).split('\n') : []), ...slaLines(d, zone)];
}

function assignedTo(d: Data, names: Names): string {
  const r = routingOf(d);
  return r ? names.owner(r.result.owner) : 'an owner';
}

function causeLine(d: Data, names: Names, rmOfUser: (userId: string) => string | undefined): string | null {
  const c = obj(d.cause);
  const source = str(c.source);
  if (!source) return null;
  const changed = list(c.changed).filter((x): x is string => typeof x === 'string');
  const by = str(c.by);
  const rm = by ? rmOfUser(by) : undefined;
  const who = rm ? ` by ${names.short(rm)}` : by ? ` by Salesforce user ${by}` : '';
  return `Seen in ${sourceWords(source)}${changed.length ? ` (${changed.join(', ')})` : ''}${who}`;
}

/** What the existing-customer check in Salesforce found before the decision (pipeline/customers.ts). */
function customerLine(d: Data, names: Names): string | null {
  const c = obj(obj(d.cause).customer);
  const status = str(c.status);
  if (!status) return null;
  if (status === 'unavailable') {
    const used = str(c.decidedWith) === 'last match' ? 'decided with the last match found' : 'decided without it';
    return `Existing-customer check unavailable (${str(c.code) ?? 'UNKNOWN'}): ${used}`;
  }
  const when = status === 'recent' ? ' (as checked within the last day)' : '';
  if (c.existingCustomer !== true) return `Not an existing customer: no Salesforce Contact has this email${when}`;
  const rm = str(c.ownerRmId);
  return rm
    ? `Existing customer: the Salesforce Contact with this email belongs to ${names.short(rm)}, their RM${when}`
    : `Existing customer: the Salesforce Contact with this email is owned by someone outside the roster, so there is no RM to return to${when}`;
}

/** A new inquiry as the trail keeps it (domain/inquiry): what came in, from where, for which product. */
export function inquiryWords(v: unknown): string | null {
  const i = obj(v);
  const source = str(i.source);
  if (!source) return null;
  const what = str(i.what);
  const came = source === 'hubspot.contact'
    ? (what ? `form "${what}"` : 'a HubSpot form')
    : `${what ?? 'inquiry'} ${str(i.branchId) ? `from branch ${str(i.branchId)} ` : ''}(${sourceWords(source)})`;
  const product = str(i.product);
  const before = str(i.previousProduct);
  return `${came}${product ? ` for ${product}` : ''}${before ? `, before ${before}` : ''}`;
}

export interface StoryContext {
  names: Names;
  zone: string;
  /** The roster RM a Salesforce User id is, when known. */
  rmOfUser?: (userId: string) => string | undefined;
}

export function describeEvent(ev: Pick<AuditRecord, 'seq' | 'at' | 'type' | 'summary' | 'actor' | 'data'>, ctx: StoryContext): StoryEvent {
  const d = obj(ev.data);
  const { names, zone } = ctx;
  const rmOfUser = ctx.rmOfUser ?? (() => undefined);
  let title = ev.summary ?? ev.type;
  let why: string[] = [];
  const answeredBy = str(d.by);
  let who = ev.actor === 'handoff' ? 'Handoff' : ev.actor;

  switch (ev.type) {
    case 'readiness_passed': {
      const score = num(obj(d.score).total);
      title = 'Ready for handoff';
      why = [`Gates passed: ${list(d.gates).join(', ') || 'none apply'}${score !== null ? `; score ${score}` : ''}`];
      break;
    }
    case 'readiness_blocked':
      title = 'Blocked: not ready for handoff';
      why = list(d.reasons).map(reasonWords);
      break;
    case 'routed':
    case 'held_for_owner':
    case 'rerouted_after_return':
      title = `${ev.type === 'held_for_owner' ? 'Held for' : ev.type === 'rerouted_after_return' ? 'Routed again to' : 'Routed to'} ${assignedTo(d, names)}`;
      why = [...(str(d.reason) ? [`Returned with reason: ${str(d.reason)}`] : []), ...assignmentWhy(d, zone)];
      break;
    case 'sla_breach_reassigned':
    case 'sla_breach_escalated':
    case 'sla_breach_held':
    case 'sla_breach_notified': {
      const b = obj(d.breach);
      const missed = `${names.short(str(b.owner))} missed the ${(str(b.deadline) ?? 'accept').replace('_', ' ')} deadline`;
      const then = {
        sla_breach_reassigned: `reassigned to ${assignedTo(d, names)}`,
        // A lead the fallback queue already had stays there: "escalated to" it would read as a move.
        sla_breach_escalated: routingOf(d)?.result.owner === str(b.owner) ? `escalated, staying with ${assignedTo(d, names)}, the last resort` : `escalated to ${assignedTo(d, names)}`,
        sla_breach_held: 'held for the same owner',
        sla_breach_notified: 'manager notified',
      }[ev.type];
      title = `SLA breach: ${missed}; ${then}`;
      const counted = num(b.maxReassignments) !== null ? ` (reassignments so far ${num(b.reassignmentsSoFar) ?? 0} of ${num(b.maxReassignments)})` : '';
      why = [`Attempt ${num(b.attempt) ?? '?'} under SLA policy ${str(b.policy) ?? '?'}${counted}`, ...(str(d.why) ? [str(d.why) as string] : []), ...assignmentWhy(d, zone)];
      break;
    }
    case 'sla_warning':
      title = `SLA warning: the ${(str(d.deadline) ?? 'accept').replace('_', ' ')} deadline is near`;
      break;
    case 'taken_out_of_rotation': {
      const owner = str(d.owner);
      title = `Out of rotation: ${names.short(owner)} let ${num(d.consecutive) ?? '?'} leads in a row miss accept-by`;
      why = [`The limit is ${num(d.limit) ?? '?'} (sla.yaml breach_streak_limit); routing passes them over until restored`, `Manager told in a Salesforce Task; restore with handoff rotation restore ${owner ?? 'RM_ID'}`];
      break;
    }
    case 'accepted':
      title = `Accepted by ${names.short(answeredBy)}`;
      // The summary's timing part ("40 min before the deadline"); the title already says who.
      why = [(ev.summary ?? '').replace(/^Accepted by [^,]*, /, 'Answered '), d.onTime === false ? 'Late: after the accept-by deadline' : ''].filter((x) => x !== '');
      break;
    case 'returned':
      title = `Returned by ${names.short(answeredBy)}: ${str(d.reason) ?? 'no reason'}`;
      break;
    case 'return_needs_reason':
      title = 'Return refused: a reason from the picklist is needed';
      why = [str(d.problem) ?? ''].filter((x) => x !== '');
      break;
    case 'recycled': {
      const p = obj(d.policy);
      title = `Recycled to marketing${str(p.list) ? ` into "${str(p.list)}"` : ''}`;
      why = [`Return reason: ${str(d.reason) ?? '?'}`, `Recycle ${num(d.recycleCount) ?? '?'} of ${num(d.maxRecycles) ?? '?'}`];
      if (str(d.cooldownUntil)) why.push(`May be handed off again from ${localTime(str(d.cooldownUntil) as string, zone)}`);
      break;
    }
    case 'ended_after_return':
    case 'recycle_cap_reached':
      title = ev.type === 'recycle_cap_reached' ? 'Closed: recycled too often' : `Closed after the return (${str(d.reason) ?? '?'})`;
      why = [`Recycled ${num(d.recycleCount) ?? 0} time(s), at most ${num(d.maxRecycles) ?? '?'}`];
      break;
    case 'outcome': {
      const outcome = str(d.outcome) ?? '?';
      const amount = num(d.amount);
      title = `${(OUTCOME_LABELS as Record<string, string>)[outcome] ?? outcome}${outcome === 'funded' && amount !== null ? `: ${money(amount)}` : ''}`;
      const stage = str(d.stage);
      why = [`Seen in ${sourceWords(str(d.source) ?? '?')}${stage ? ` (stage ${stage})` : ''}${amount !== null && outcome !== 'funded' ? `, amount ${money(amount)}` : ''}`];
      // Said only when the poll read it a minute or more after it happened.
      const happened = str(d.occurredAt);
      if (happened && Date.parse(ev.at) - Date.parse(happened) >= 60_000) why.push(`Happened at ${localTime(happened, zone)}`);
      break;
    }
    case 'reinquiry': {
      const came = inquiryWords(d.inquiry) ?? 'an inquiry';
      const due = str(d.dueAt);
      if (due) {
        title = `New inquiry: ${came}; a Task for ${names.short(str(d.owner))}`;
        why = [`Contact them by ${localTime(due, zone)} (SLA policy ${str(d.policy) ?? '?'}, first-contact deadline); no new Lead`];
      } else if (num(d.maxRecycles) !== null) {
        title = `New inquiry: ${came}; not handed off again`;
        why = [`The lead is ${str(d.state) ?? 'closed'} after ${num(d.recycleCount) ?? 0} recycle(s), at most ${num(d.maxRecycles)}`];
      } else {
        title = `New inquiry: ${came}; recorded, no Task`;
        why = [`The lead is with ${names.owner(str(d.owner))}, and a Task needs a person`];
      }
      break;
    }
    case 'reopened': {
      title = `Reopened by a new inquiry: ${inquiryWords(d.inquiry) ?? 'an inquiry'}`;
      why = [
        `Was ${str(d.state) ?? '?'}; back with marketing for readiness and a new routing, on the same Lead`,
        d.countedAsRecycle === false ? 'Not counted as a recycle: a funded customer asking again is new business' : `Recycle ${num(d.recycleCount) ?? '?'} of ${num(d.maxRecycles) ?? '?'}`,
      ];
      if (str(d.cooldownUntil)) why.push(`Held until the recycle cooldown ends, ${localTime(str(d.cooldownUntil) as string, zone)}`);
      break;
    }
    case 'backfilled':
      title = `Loaded by backfill as ${str(d.state) ?? '?'}`;
      why = [str(d.note) ?? ''].filter((x) => x !== '');
      break;
    default:
      break;
  }
  if (answeredBy && (ev.type === 'accepted' || ev.type === 'returned')) who = `${names.short(answeredBy)} in Salesforce (applied by Handoff)`;
  const customer = customerLine(d, names);
  if (customer) why.push(customer);
  const asked = ev.type === 'reinquiry' || ev.type === 'reopened' ? null : inquiryWords(obj(d.cause).inquiry);
  if (asked) why.push(`After a new inquiry: ${asked}`);
  const cause = causeLine(d, names, rmOfUser);
  if (cause) why.push(cause);
  return { seq: ev.seq, at: ev.at, type: ev.type, title, why, who };
}

/** Milliseconds from the assignment to the answer, when both are known (speed to accept). */
export function speedToAccept(assignedAt: string | undefined, acceptedAt: string): number | undefined {
  if (!assignedAt) return undefined;
  const ms = Date.parse(acceptedAt) - Date.parse(assignedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}


