/**
 * What routing takes and what it answers. The explanation is structured data (the audit trail
 * stores it; `handoff explain` renders it) and every part of it says why: each rule skipped and
 * on which condition, each candidate considered and every reason they were passed over, and how
 * the pick among the rest was made.
 */
import type { MappingsConfig } from '../../config/mappings-config';
import type { RmOrigin } from '../../config/schemas/roster';
import type { Strategy } from '../../config/schemas/routing';
import type { ConditionFailure } from '../conditions';
import type { LeadView } from '../lead';
import type { LeastLoadedState, RoundRobinState, WeightedState } from '../selection';

/**
 * The durable pointer of one pool: whatever its strategy's selection function returned. A pool is
 * a rule (key: the rule name), or for rules whose members depend on where the lead is
 * (nearest_branches, referral_branch) a rule and the branches it found (key: "rule@branch+branch").
 */
export type PoolState = RoundRobinState & WeightedState & LeastLoadedState;

/** The config routing reads; `sla` is optional so routing works (without holds) before sla.yaml exists. */
export type RoutingSource = Pick<MappingsConfig, 'routing' | 'roster' | 'products'> & Partial<Pick<MappingsConfig, 'scoring' | 'sla'>>;

export interface RouteInput {
  lead: LeadView;
  config: RoutingSource;
  /** Pool pointers by pool key (see PoolState), as last persisted. */
  poolStates: Readonly<Record<string, PoolState>>;
  /** Open (routed or accepted, not yet worked) leads per RM id. */
  openLeadCounts: Readonly<Record<string, number>>;
  /** Owners who already had this lead: never given it again. */
  excludedOwners?: readonly string[];
  /** The portfolio RM of a known customer; defaults to lead.existingOwnerId. */
  existingOwnerId?: string | null;
  /** RMs a breach streak took out of rotation. */
  outOfRotation?: readonly string[];
  now: Date;
  /** The attempt this routing makes; defaults to lead.attempt + 1. */
  attempt?: number;
}

export type Owner =
  | { kind: 'rm'; id: string; name: string; branchId: string | null; queueId: string | null; salesforceUsername: string }
  | { kind: 'queue'; id: string; name: string; salesforceQueue: string };

export const EXCLUSION_CODES = [
  'not_in_roster',
  'inactive',
  'license',
  'product_license',
  'skill',
  'language',
  'segment',
  'out_of_rotation',
  'had_lead',
  'capacity',
  'unavailable',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export interface Exclusion {
  code: ExclusionCode;
  message: string;
}

export interface CandidateTrace {
  id: string;
  eligible: boolean;
  /** Every reason found; availability is only computed for someone nothing else excluded. */
  excluded: Exclusion[];
}

/** A filter applied to the roster as a set (location, role), with how many RMs were left. */
export interface NarrowingStep {
  filter: string;
  detail: string;
  remaining: number;
}

export interface PickTrace {
  strategy: Strategy;
  eligible: string[];
  chosen: string;
  /** The selection function's own sentence. */
  how: string;
}

export type PoolTrace =
  | { kind: 'queue'; queue: string; hadLead?: boolean }
  | { kind: 'rms'; narrowing: NarrowingStep[]; candidates: CandidateTrace[] };

export interface RuleTrace {
  rule: string;
  outcome: 'conditions_failed' | 'no_eligible' | 'matched' | 'held';
  failed?: ConditionFailure[];
  pool?: PoolTrace;
  pick?: PickTrace;
  /** For a hold: whom the lead waits for, and until when. */
  heldFor?: { id: string; until: string };
}

export interface RoutingExplanation {
  leadId: string;
  at: string;
  attempt: number;
  facts: Record<string, string | number | boolean | null>;
  excludedOwners: string[];
  rules: RuleTrace[];
  result: {
    owner: string;
    ownerKind: 'rm' | 'queue';
    rule: string | null;
    via: 'rule' | 'hold' | 'fallback';
    /** Set when the owner's roster entry was read from their Salesforce User (roster.yaml from_salesforce). */
    rosterEntry?: RmOrigin;
  };
}

export interface RouteResult {
  outcome: 'assigned' | 'held' | 'fallback';
  owner: Owner;
  rule: string | null;
  attempt: number;
  /** The pool pointer to persist (only when a strategy chose among candidates). */
  poolStateUpdate?: { key: string; state: PoolState };
  /** For a hold: when the owner is next available. */
  heldUntil?: Date;
  explanation: RoutingExplanation;
  /** One sentence for the Lead's Routing_Reason__c and the audit summary. */
  summary: string;
}
