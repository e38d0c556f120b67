/**
 * Status mapping, inbound: a change read from HubSpot (lifecyclestage, hs_lead_status) or from a
 * Salesforce Lead (Handoff_Status__c with Return_Reason__c, Status, IsConverted) or Opportunity
 * (StageName with Amount) → canonical events the governance decisions consume.
 *
 * The state an event names is a request (statuses.yaml `inbound`): the engine still applies its
 * rules. A status value the file does not list gives a `none` event, so the audit can say what
 * was ignored. With `currentState`, a value equal to what Handoff itself writes for that state
 * (statuses.yaml `outbound`) is an echo of Handoff's write and gives no event; without that, a
 * recycled Lead's own "Closed - Not Converted" would read back as a disqualification.
 */
import type { MappingsConfig, StatusesMapping } from '../../config/mappings-config';
import type { LeadState } from '../lifecycle';
import { isBlank, readNumber } from './formats';

/** `ready` requested from HubSpot is marketing's qualification: an MQL. */
export type InboundKind = 'mql' | Exclude<LeadState, 'ready'> | 'converted' | 'amount_updated' | 'none';

export type InboundSource = 'hubspot.contact' | 'salesforce.lead' | 'salesforce.opportunity';

export interface InboundDetails {
  /** The system field that changed, and its value before and now. */
  field: string;
  value: string | null;
  previous: string | null;
  /** returned: the RM's reason (Return_Reason__c); missing when the RM gave none. */
  returnReason?: string | null;
  reasonMissing?: boolean;
  /** converted: the records Salesforce made. */
  convertedOpportunityId?: string | null;
  convertedAccountId?: string | null;
  convertedContactId?: string | null;
  /** Opportunity events: the record, its amount (booked balance when funded) and the previous amount. */
  opportunityId?: string | null;
  amount?: number | null;
  previousAmount?: number | null;
}

export interface InboundEvent {
  kind: InboundKind;
  /** The canonical state asked for; null for events that ask for none (converted, amount_updated, none). */
  state: LeadState | null;
  source: InboundSource;
  details: InboundDetails;
}

type Rec = Readonly<Record<string, unknown>>;

export interface InboundOptions {
  /** The lead's state now: values Handoff writes for it are its own echo. */
  currentState?: LeadState;
}

const statusesOf = (m: StatusesMapping | MappingsConfig): StatusesMapping => ('outbound' in m ? m : m.statuses);
const text = (v: unknown): string | null => (isBlank(v) ? null : String(v).trim());
const kindOf = (state: LeadState): InboundKind => (state === 'ready' ? 'mql' : state);

function mapped(
  source: InboundSource, field: string, table: Readonly<Record<string, string | undefined>>,
  before: Rec | undefined, after: Rec, echo: (field: string, value: string) => boolean,
): InboundEvent | undefined {
  const value = text(after[field]);
  const previous = before ? text(before[field]) : null;
  if (value === null || value === previous || echo(field, value)) return undefined;
  const state = table[value] as LeadState | undefined;
  const details: InboundDetails = { field, value, previous };
  return state ? { kind: kindOf(state), state, source, details } : { kind: 'none', state: null, source, details };
}

function echoFor(statuses: StatusesMapping, system: 'hubspot' | 'salesforce', options: InboundOptions) {
  const own = options.currentState ? (statuses.outbound[options.currentState][system] as Record<string, string | undefined>) : {};
  return (field: string, value: string): boolean => own[field] === value;
}

/** From a contact's properties before (undefined: first seen) and now. */
export function inboundFromHubspot(before: Rec | undefined, after: Rec, mappings: StatusesMapping | MappingsConfig, options: InboundOptions = {}): InboundEvent[] {
  const s = statusesOf(mappings);
  const echo = echoFor(s, 'hubspot', options);
  const events = [
    mapped('hubspot.contact', 'lifecyclestage', s.inbound.hubspot.lifecyclestage, before, after, echo),
    mapped('hubspot.contact', 'hs_lead_status', s.inbound.hubspot.hs_lead_status, before, after, echo),
  ];
  return events.filter((e): e is InboundEvent => e !== undefined);
}

/**
 * From a Lead before and now, in the order the engine should apply them: the RM's answer
 * (Handoff_Status__c), then Status, then conversion.
 */
export function inboundFromLead(before: Rec | undefined, after: Rec, mappings: StatusesMapping | MappingsConfig, options: InboundOptions = {}): InboundEvent[] {
  const s = statusesOf(mappings);
  const echo = echoFor(s, 'salesforce', options);
  const lead = s.inbound.salesforce.Lead;
  const events: InboundEvent[] = [];
  const answer = mapped('salesforce.lead', 'Handoff_Status__c', lead.Handoff_Status__c, before, after, echo);
  const reason = text(after.Return_Reason__c);
  if (answer) {
    if (answer.state === 'returned') Object.assign(answer.details, { returnReason: reason, reasonMissing: reason === null });
    events.push(answer);
  } else if (reason !== null && before && reason !== text(before.Return_Reason__c)) {
    // The reason given (or corrected) after the return itself.
    const status = text(after.Handoff_Status__c);
    if (status !== null && lead.Handoff_Status__c[status] === 'returned') {
      events.push({
        kind: 'returned', state: 'returned', source: 'salesforce.lead',
        details: { field: 'Return_Reason__c', value: reason, previous: text(before.Return_Reason__c), returnReason: reason, reasonMissing: false },
      });
    }
  }
  const status = mapped('salesforce.lead', 'Status', lead.Status, before, after, echo);
  if (status) events.push(status);
  if (after.IsConverted === true && before?.IsConverted !== true) {
    events.push({
      kind: 'converted', state: null, source: 'salesforce.lead',
      details: {
        field: 'IsConverted', value: 'true', previous: before ? 'false' : null,
        convertedOpportunityId: text(after.ConvertedOpportunityId),
        convertedAccountId: text(after.ConvertedAccountId),
        convertedContactId: text(after.ConvertedContactId),
      },
    });
  }
  return events;
}

/** From an Opportunity (converted from the Lead) before and now: its stage, and its amount. */
export function inboundFromOpportunity(before: Rec | undefined, after: Rec, mappings: StatusesMapping | MappingsConfig): InboundEvent[] {
  const s = statusesOf(mappings);
  const amount = amountOf(after.Amount);
  const previousAmount = before ? amountOf(before.Amount) : null;
  const extra = { opportunityId: text(after.Id), amount, previousAmount };
  const stage = mapped('salesforce.opportunity', 'StageName', s.inbound.salesforce.Opportunity.StageName, before, after, () => false);
  if (stage) {
    Object.assign(stage.details, extra);
    return [stage];
  }
  if (before && amount !== previousAmount) {
    const asText = (n: number | null) => (n === null ? null : String(n));
    return [{ kind: 'amount_updated', state: null, source: 'salesforce.opportunity', details: { field: 'Amount', value: asText(amount), previous: asText(previousAmount), ...extra } }];
  }
  return [];
}

function amountOf(v: unknown): number | null {
  const r = readNumber(v, 'Amount', 'salesforce');
  return 'value' in r ? r.value : null;
}
