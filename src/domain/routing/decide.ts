/**
 * decideRouting(): a ready lead (or a returned one that went to the wrong person) is routed and
 * gets its SLA plan, in one Decision. The engine passes the pool pointers, open-lead counts and
 * rotation it has stored; nothing here reads them itself.
 */
import type { Decision } from '../decision';
import type { SlaPlan } from '../sla/plan';
import { assignmentDecision } from './assign';
import type { GovernanceConfig } from './assign';
import { route } from './route';
import type { RouteInput, RouteResult } from './types';

export interface DecideRoutingInput extends Omit<RouteInput, 'config'> {
  config: GovernanceConfig;
}

export interface RoutingDecision {
  route: RouteResult;
  plan: SlaPlan;
  decision: Decision;
}

export function decideRouting(input: DecideRoutingInput): RoutingDecision {
  const { lead } = input;
  const excludedOwners = [...new Set([...lead.ownersSoFar, ...(input.excludedOwners ?? [])])];
  const result = route({ ...input, excludedOwners });
  const { decision, plan } = assignmentDecision({
    lead,
    route: result,
    config: input.config,
    now: input.now,
    newState: 'routed',
    auditType: result.outcome === 'held' ? 'held_for_owner' : 'routed',
  });
  return { route: result, plan, decision };
}
