/**
 * Status mapping, outbound: a canonical lead state → what Handoff writes to HubSpot and to
 * Salesforce (statuses.yaml `outbound`). Inbound events are in inbound.ts.
 *
 * HubSpot refuses to move a lifecycle stage backwards unless the value is cleared first
 * (API-FACTS A8): when the stage to write is earlier than the contact's current one, the HubSpot
 * writes are two steps, `{ lifecyclestage: '' }` then the rest. Values a system already holds are
 * left out, so a repeated state costs no calls.
 */
import type { MappingsConfig } from '../../config/mappings-config';
import type { StatusesMapping } from '../../config/mappings-config';
import { HUBSPOT_LIFECYCLE_STAGES } from '../../config/vocabulary';
import type { LeadState } from '../lifecycle';

/** States entered before the Lead exists in Salesforce: nothing is written there (statuses.yaml). */
export const PRE_SALESFORCE_STATES: readonly LeadState[] = ['captured', 'blocked', 'ready'];

export interface CurrentStatusValues {
  hubspot?: Readonly<Record<string, string | null | undefined>>;
  salesforce?: Readonly<Record<string, unknown>>;
}

export interface OutboundStatusInput {
  state: LeadState;
  /** Whether the Lead exists in Salesforce; without it nothing is written there. */
  leadExists: boolean;
  /** A converted Lead cannot be updated through the API (CANNOT_UPDATE_CONVERTED_LEAD). */
  leadConverted?: boolean;
  /** The status values the systems hold now; a value already there is not written again. */
  current?: CurrentStatusValues;
  /** For `returned`: the reason, carried to handoff_return_reason and Return_Reason__c. */
  returnReason?: string | null;
  /** The portal's lifecycle stages in order, when customised; default HubSpot's eight. */
  lifecycleOrder?: readonly string[];
}

export type OutboundSkip = { system: 'salesforce'; reason: 'lead_not_created' | 'lead_converted' | 'pre_salesforce_state' };

export interface OutboundStatusWrites {
  /** Contact property updates, in order; each step only after the previous one succeeded. Empty: none. */
  hubspot: Record<string, string>[];
  /** Lead field updates. Empty: none. */
  salesforce: Record<string, string>;
  skipped: OutboundSkip[];
}

const statusesOf = (m: StatusesMapping | MappingsConfig): StatusesMapping => ('outbound' in m ? m : m.statuses);

export function outboundStatusWrites(input: OutboundStatusInput, mappings: StatusesMapping | MappingsConfig): OutboundStatusWrites {
  const out = statusesOf(mappings).outbound[input.state];
  const current = input.current ?? {};
  const hsWanted: Record<string, string> = { ...(out.hubspot as Record<string, string>) };
  const sfWanted: Record<string, string> = { ...(out.salesforce as Record<string, string>) };
  if (input.state === 'returned' && input.returnReason) {
    hsWanted.handoff_return_reason = input.returnReason;
    sfWanted.Return_Reason__c = input.returnReason;
  }
  const result: OutboundStatusWrites = { hubspot: hubspotSteps(hsWanted, current.hubspot ?? {}, input.lifecycleOrder), salesforce: {}, skipped: [] };

  if (Object.keys(sfWanted).length > 0) {
    const skip: OutboundSkip['reason'] | undefined = PRE_SALESFORCE_STATES.includes(input.state)
      ? 'pre_salesforce_state'
      : !input.leadExists
        ? 'lead_not_created'
        : input.leadConverted
          ? 'lead_converted'
          : undefined;
    if (skip) result.skipped.push({ system: 'salesforce', reason: skip });
    else {
      for (const [k, v] of Object.entries(sfWanted)) if (current.salesforce?.[k] !== v) result.salesforce[k] = v;
    }
  }
  return result;
}

function hubspotSteps(wanted: Record<string, string>, current: Readonly<Record<string, string | null | undefined>>, order?: readonly string[]): Record<string, string>[] {
  const changes: Record<string, string> = {};
  for (const [k, v] of Object.entries(wanted)) if (current[k] !== v) changes[k] = v;
  if (Object.keys(changes).length === 0) return [];
  const target = changes.lifecyclestage;
  if (target !== undefined && isBackwards(current.lifecyclestage, target, order ?? HUBSPOT_LIFECYCLE_STAGES)) {
    return [{ lifecyclestage: '' }, changes];
  }
  return [changes];
}

/**
 * Is `target` earlier than `current`? A blank current stage is not; a stage missing from the
 * order (a customised portal not told) is treated as needing the clear, which is always safe.
 */
export function isBackwards(current: string | null | undefined, target: string, order: readonly string[]): boolean {
  if (current === null || current === undefined || current === '') return false;
  const from = order.indexOf(current);
  const to = order.indexOf(target);
  if (from < 0 || to < 0) return true;
  return to < from;
}
