/**
 * route(): routing.yaml applied to one lead, no I/O. Rules are tried top to bottom; the first
 * whose conditions all hold and whose pool has someone eligible places the lead, by the rule's
 * strategy and the pool's persisted pointer. When the pool's only otherwise-eligible RM is away
 * and the lead's SLA policy says `when_owner_away: hold`, the lead is held for them. A lead no
 * rule places goes to the fallback queue.
 */
import type { RoutingRule } from '../../config/schemas/routing';
import type { Rm } from '../../config/schemas/roster';
import { matchAll } from '../conditions';
import { leadFacts } from '../facts';
import type { LeadFacts } from '../facts';
import { rosterIndex } from '../roster-index';
import type { RosterIndex } from '../roster-index';
import { leastLoaded, roundRobin, weighted } from '../selection';
import type { Selection } from '../selection';
import { resolvePolicy } from '../sla/policy';
import type { OpeningCache } from './availability';
import { evaluatePool } from './pool';
import type { PoolContext } from './pool';
import { summarise } from './render';
import type { Owner, PoolState, RouteInput, RouteResult, RoutingExplanation, RuleTrace } from './types';

export function rmOwner(rm: Rm): Owner {
  return { kind: 'rm', id: rm.id, name: rm.name, branchId: rm.branch ?? null, queueId: rm.queue ?? null, salesforceUsername: rm.salesforce_username };
}

/** The explanation names a roster entry read from Salesforce, so a routing can be traced to the User that made it possible. */
const entryOf = (rm: Rm): { rosterEntry?: NonNullable<Rm['origin']> } => (rm.origin ? { rosterEntry: rm.origin } : {});

export function queueOwner(index: RosterIndex, id: string): Owner {
  const q = index.queueById.get(id);
  // Validation guarantees the queue exists; a hand-built config without it is a bug.
  if (!q) throw new Error(`queue ${id} is not in the roster`);
  return { kind: 'queue', id: q.id, name: q.name, salesforceQueue: q.salesforce_queue };
}

function select(rule: RoutingRule, eligible: readonly string[], state: PoolState, counts: Readonly<Record<string, number>>): Selection<PoolState> {
  switch (rule.strategy) {
    case 'weighted':
      return weighted(eligible, rule.weights ?? {}, state);
    case 'least_loaded':
      return leastLoaded(eligible, counts, state);
    default:
      return roundRobin(eligible, state);
  }
}

function factSnapshot(facts: LeadFacts, attempt: number): RoutingExplanation['facts'] {
  const out: RoutingExplanation['facts'] = { attempt };
  for (const k of ['kind', 'product', 'product_family', 'segment', 'state', 'zip', 'language', 'score', 'existing_customer', 'referral_source']) {
    const v = facts.get(k);
    out[k] = v === undefined ? null : v;
  }
  return out;
}

export function route(input: RouteInput): RouteResult {
  const { lead, config, now } = input;
  const index = rosterIndex(config);
  const attempt = input.attempt ?? lead.attempt + 1;
  const facts = leadFacts(lead, config, now, { attempt });
  const excluded = new Set([...(input.excludedOwners ?? [])]);
  const ctx: PoolContext = {
    index,
    regions: config.routing.regions,
    lead,
    facts,
    now,
    excluded,
    outOfRotation: new Set(input.outOfRotation ?? []),
    openLeadCounts: input.openLeadCounts,
    existingOwnerId: input.existingOwnerId !== undefined ? input.existingOwnerId : lead.existingOwnerId,
    graceMinutes: config.routing.availability.grace_minutes,
    openings: new Map() as OpeningCache,
  };
  let holdAllowed: boolean | undefined;
  const mayHold = (): boolean => (holdAllowed ??= config.sla ? resolvePolicy(config.sla, facts).policy.whenOwnerAway === 'hold' : false);

  const rules: RuleTrace[] = [];
  const explanation = (result: RoutingExplanation['result']): RoutingExplanation => ({
    leadId: lead.id,
    at: now.toISOString(),
    attempt,
    facts: factSnapshot(facts, attempt),
    excludedOwners: [...excluded].sort(),
    rules,
    result,
  });
  const finish = (r: Omit<RouteResult, 'summary' | 'attempt'>): RouteResult => ({ ...r, attempt, summary: summarise(r.explanation, r.owner) });

  for (const rule of config.routing.rules) {
    const failed = matchAll(rule.when, (n) => facts.get(n));
    if (failed.length > 0) {
      rules.push({ rule: rule.name, outcome: 'conditions_failed', failed });
      continue;
    }
    if (rule.pool.queue !== undefined) {
      // A queue that let the lead time out is not handed it again by a rule; the fallback queue
      // stays the last resort whoever had the lead.
      if (excluded.has(rule.pool.queue)) {
        rules.push({ rule: rule.name, outcome: 'no_eligible', pool: { kind: 'queue', queue: rule.pool.queue, hadLead: true } });
        continue;
      }
      const owner = queueOwner(index, rule.pool.queue);
      rules.push({ rule: rule.name, outcome: 'matched', pool: { kind: 'queue', queue: rule.pool.queue } });
      return finish({ outcome: 'assigned', owner, rule: rule.name, explanation: explanation({ owner: owner.id, ownerKind: 'queue', rule: rule.name, via: 'rule' }) });
    }
    const pool = evaluatePool(rule.pool, ctx);
    const trace: RuleTrace = { rule: rule.name, outcome: 'no_eligible', pool: { kind: 'rms', narrowing: pool.narrowing, candidates: pool.candidates } };
    rules.push(trace);
    if (pool.eligible.length > 0) {
      const key = pool.instance === null ? rule.name : `${rule.name}@${pool.instance}`;
      const sel = select(rule, pool.eligible.map((m) => m.id), input.poolStates[key] ?? {}, input.openLeadCounts);
      const chosen = sel.pick === null ? undefined : index.rmById.get(sel.pick);
      if (chosen) {
        trace.outcome = 'matched';
        trace.pick = { strategy: rule.strategy, eligible: pool.eligible.map((m) => m.id).sort(), chosen: chosen.id, how: sel.explanation };
        const owner = rmOwner(chosen);
        // The customer's own RM is no choice among several: there is no pointer to move.
        const update = rule.pool.existing_owner ? {} : { poolStateUpdate: { key, state: sel.nextState } };
        return finish({ outcome: 'assigned', owner, rule: rule.name, ...update, explanation: explanation({ owner: owner.id, ownerKind: 'rm', rule: rule.name, via: 'rule', ...entryOf(chosen) }) });
      }
      continue;
    }
    const away = pool.awayOnly[0];
    const until = away?.availability.nextWorks ?? null;
    if (pool.awayOnly.length === 1 && away && until && mayHold()) {
      trace.outcome = 'held';
      trace.heldFor = { id: away.rm.id, until: until.toISOString() };
      const owner = rmOwner(away.rm);
      return finish({ outcome: 'held', owner, rule: rule.name, heldUntil: until, explanation: explanation({ owner: owner.id, ownerKind: 'rm', rule: rule.name, via: 'hold', ...entryOf(away.rm) }) });
    }
  }
  const owner = queueOwner(index, config.routing.fallback_queue);
  return finish({ outcome: 'fallback', owner, rule: null, explanation: explanation({ owner: owner.id, ownerKind: 'queue', rule: null, via: 'fallback' }) });
}

/** Straight to the fallback queue without trying the rules (an escalation after too many reassignments). */
export function fallbackRoute(input: Pick<RouteInput, 'lead' | 'config' | 'now' | 'excludedOwners'> & { attempt: number; reason: string }): RouteResult {
  const index = rosterIndex(input.config);
  const owner = queueOwner(index, input.config.routing.fallback_queue);
  const facts = leadFacts(input.lead, input.config, input.now, { attempt: input.attempt });
  const explanation: RoutingExplanation = {
    leadId: input.lead.id,
    at: input.now.toISOString(),
    attempt: input.attempt,
    facts: factSnapshot(facts, input.attempt),
    excludedOwners: [...new Set(input.excludedOwners ?? [])].sort(),
    rules: [],
    result: { owner: owner.id, ownerKind: 'queue', rule: null, via: 'fallback' },
  };
  return { outcome: 'fallback', owner, rule: null, attempt: input.attempt, explanation, summary: `${input.reason}; escalated to the fallback queue, the ${owner.name} queue` };
}
