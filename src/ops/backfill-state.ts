/**
 * What a Lead that already exists in Salesforce says about where its lead stands, for the
 * backfill, which records it as it is instead of deciding anything: the state statuses.yaml maps
 * its Lead Status and Handoff Status to (the furthest along wins), its converted Opportunity's
 * stage when it was converted, and `routed` for a Lead someone owns that nobody has answered yet.
 * Pure: the Lead's fields, the Opportunity's stage, the mappings.
 */
import type { MappingsConfig } from '../config';
import type { LeadState } from '../domain/lifecycle';

/** How far along each state is; of the states a Lead's fields map to, the furthest is its state. */
const PROGRESS: LeadState[] = [
  'routed',
  'escalated',
  'returned',
  'accepted',
  'contacted',
  'appointment_set',
  'appointment_kept',
  'application_started',
  'approved',
  'funded',
  'disqualified',
  'closed_lost',
];

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export interface ExistingState {
  state: LeadState;
  /** Which field said so, for the audit trail ("Handoff_Status__c = Accepted"). */
  because: string;
}

export function existingLeadState(lead: Record<string, unknown>, opportunityStage: string | null, config: Pick<MappingsConfig, 'statuses'>): ExistingState {
  const inbound = config.statuses.inbound.salesforce;
  const found: ExistingState[] = [];
  for (const [field, values] of Object.entries(inbound.Lead ?? {})) {
    const v = str(lead[field]);
    const state = v ? (values as Record<string, LeadState | undefined>)[v] : undefined;
    if (state) found.push({ state, because: `${field} = ${v}` });
  }
  if (lead.IsConverted === true) {
    const byStage = opportunityStage ? (inbound.Opportunity?.StageName as Record<string, LeadState | undefined> | undefined)?.[opportunityStage] : undefined;
    found.push(byStage ? { state: byStage, because: `converted; Opportunity StageName = ${opportunityStage}` } : { state: 'application_started', because: 'converted' });
  }
  const best = found.sort((a, b) => PROGRESS.indexOf(b.state) - PROGRESS.indexOf(a.state))[0];
  return best ?? { state: 'routed', because: 'owned in Salesforce, not answered yet' };
}
