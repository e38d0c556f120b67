/**
 * decideAfterReturn(): what happens to a returned lead, by its return reason (recycle.yaml).
 * `recycle` gives it back to marketing: the reason's lifecycle stage and lead status, its nurture
 * list, and a cooldown before it may be handed off again; past the cap on recycles it ends
 * instead. `reroute` sends it to someone else (it went to the wrong person); `disqualify` and
 * `close` end it.
 */
import type { ReasonPolicy } from '../../config/schemas/recycle';
import { withStatusWrites } from '../decision';
import type { Decision } from '../decision';
import type { LeadView } from '../lead';
import type { LeadState } from '../lifecycle';
import { assignmentDecision } from '../routing/assign';
import type { GovernanceConfig } from '../routing/assign';
import { route } from '../routing/route';
import type { PoolState, RouteResult } from '../routing/types';

export interface AfterReturnInput {
  lead: LeadView;
  reason: string;
  config: GovernanceConfig;
  now: Date;
  /** Needed only when the reason's action is reroute. */
  poolStates?: Readonly<Record<string, PoolState>>;
  openLeadCounts?: Readonly<Record<string, number>>;
  outOfRotation?: readonly string[];
}

export type AfterReturnAction = 'recycle' | 'reroute' | 'disqualify' | 'close' | 'end_after_cap' | 'ignore';

export interface AfterReturnOutcome {
  action: AfterReturnAction;
  decision: Decision;
  route?: RouteResult;
}

export type ResolvedReasonPolicy = Required<Pick<ReasonPolicy, 'action'>> & Omit<ReasonPolicy, 'action'> & { cooldown: number };

export function reasonPolicy(config: GovernanceConfig, reason: string): ResolvedReasonPolicy {
  const d = config.recycle.default;
  const r = (config.recycle.reasons as Record<string, ReasonPolicy | undefined>)[reason] ?? {};
  const action = r.action ?? d.action;
  // The default's stage, list and cooldown describe recycling; a lead that ends or is re-routed takes only its own.
  const inherit = action === 'recycle';
  const hubspot = { ...(inherit ? d.hubspot : {}), ...r.hubspot };
  const list = r.list ?? (inherit ? d.list : undefined);
  return {
    action,
    ...(Object.keys(hubspot).length > 0 ? { hubspot } : {}),
    ...(list !== undefined ? { list } : {}),
    cooldown: r.cooldown ?? d.cooldown,
  };
}

function ending(input: AfterReturnInput, state: 'disqualified' | 'closed_lost', action: AfterReturnAction, summary: string, p: ResolvedReasonPolicy): AfterReturnOutcome {
  const { lead, config, now, reason } = input;
  return {
    action,
    decision: {
      leadId: lead.id,
      at: now,
      newState: state,
      lead: { owner: null },
      writes: withStatusWrites(config.statuses, state, { ...(p.hubspot ? { hubspot: { ...p.hubspot } } : {}) }),
      timers: [],
      audit: { type: action === 'end_after_cap' ? 'recycle_cap_reached' : 'ended_after_return', explanation: { reason, policy: p, recycleCount: lead.recycleCount, maxRecycles: config.recycle.max_recycles }, summary },
    },
  };
}

export function decideAfterReturn(input: AfterReturnInput): AfterReturnOutcome {
  const { lead, config, now, reason } = input;
  if (lead.state !== 'returned') {
    const summary = `Return handling skipped: the lead is ${lead.state}, not returned`;
    return { action: 'ignore', decision: { leadId: lead.id, at: now, newState: null, writes: {}, timers: [], audit: { type: 'ignored', explanation: { reason }, summary } } };
  }
  const p = reasonPolicy(config, reason);
  if (p.action === 'disqualify') return ending(input, 'disqualified', 'disqualify', `Returned (${reason}): disqualified`, p);
  if (p.action === 'close') return ending(input, 'closed_lost', 'close', `Returned (${reason}): closed`, p);
  if (p.action === 'reroute') {
    const excludedOwners = [...new Set([...lead.ownersSoFar, ...(lead.owner?.kind === 'rm' ? [lead.owner.id] : [])])];
    const r = route({ lead, config, now, poolStates: input.poolStates ?? {}, openLeadCounts: input.openLeadCounts ?? {}, outOfRotation: input.outOfRotation ?? [], excludedOwners });
    const { decision } = assignmentDecision({ lead, route: r, config, now, newState: 'routed', auditType: 'rerouted_after_return', preface: `Returned (${reason}), so routed again without ${excludedOwners.join(', ') || 'the previous owner'}.`, context: { reason } });
    return { action: 'reroute', decision, route: r };
  }

  const max = config.recycle.max_recycles;
  if (lead.recycleCount >= max) {
    const state: 'disqualified' | 'closed_lost' = config.recycle.after_cap;
    return ending(input, state, 'end_after_cap', `Returned (${reason}) after ${lead.recycleCount} recycle(s), the most allowed (${max}): ${state}`, p);
  }
  const until = new Date(now.getTime() + p.cooldown * 60_000);
  const newState: LeadState = 'recycled';
  const hubspot = { ...(p.hubspot ?? {}) };
  const summary = `Returned (${reason}): recycled to marketing${p.list ? ` into "${p.list}"` : ''}, recycle ${lead.recycleCount + 1} of ${max}; may be handed off again from ${until.toISOString()}`;
  return {
    action: 'recycle',
    decision: {
      leadId: lead.id,
      at: now,
      newState,
      lead: { owner: null, branchId: null, attempt: 0, ownersSoFar: [], recycleCount: lead.recycleCount + 1, timestamps: { recycledAt: now, cooldownUntil: until, acceptBy: null } },
      writes: {
        ...withStatusWrites(config.statuses, newState, { hubspot }),
        ...(p.list ? { hubspotLists: { add: [p.list] } } : {}),
        // Recycling moves the stage back (MQL if it was never accepted, SQL if it was → lead), which HubSpot accepts only from blank.
        ...(hubspot.lifecyclestage ? { hubspotClearFirst: ['lifecyclestage'] } : {}),
      },
      timers: [{ op: 'arm', kind: 'recycle_cooldown', dueAt: until, payload: { recycleCount: lead.recycleCount + 1 } }],
      audit: { type: 'recycled', explanation: { reason, policy: p, recycleCount: lead.recycleCount + 1, maxRecycles: max, cooldownUntil: until.toISOString() }, summary },
    },
  };
}
