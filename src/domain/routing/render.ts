/**
 * A routing explanation in plain English: one sentence for the Lead and the audit summary, and
 * the full story (every rule, every candidate) for `handoff explain` and compliance exports.
 */
import { describeFailure } from '../conditions';
import type { CandidateTrace, Owner, RoutingExplanation, RuleTrace } from './types';

function ownerName(owner: Owner): string {
  if (owner.kind === 'queue') return `the ${owner.name} queue`;
  return owner.branchId ? `${owner.name} (${owner.branchId})` : owner.name;
}

/** "; roster entry from Salesforce User 005…" when the owner's entry came from their User, not roster.yaml alone. */
function entryNote(e: RoutingExplanation): string {
  const o = e.result.rosterEntry;
  if (!o) return '';
  return `; roster entry ${o.kind === 'added' ? 'from' : 'overridden by'} Salesforce User ${o.userId}`;
}

/** "Routed to Tomás Rivera (chicago_loop) by rule mortgage_to_nearby_loan_officers: weighted: picked …". */
export function summarise(e: RoutingExplanation, owner: Owner): string {
  const last = e.rules[e.rules.length - 1];
  if (e.result.via === 'fallback') {
    return `No rule placed the lead (${e.rules.length} tried), so it went to the fallback queue, ${ownerName(owner)}`;
  }
  if (e.result.via === 'hold') {
    return `Held for ${ownerName(owner)} by rule ${e.result.rule}: the only eligible owner is away until ${last?.heldFor?.until ?? 'later'}${entryNote(e)}`;
  }
  const how = last?.pick ? `: ${last.pick.how}` : '';
  return `Routed to ${ownerName(owner)} by rule ${e.result.rule}${how}${entryNote(e)}`;
}

function candidateLine(c: CandidateTrace): string {
  return c.eligible ? `    - ${c.id}: eligible` : `    - ${c.id}: ${c.excluded.map((x) => x.message).join('; ')}`;
}

function ruleLines(r: RuleTrace): string[] {
  if (r.outcome === 'conditions_failed') {
    return [`  ${r.rule}: skipped, ${(r.failed ?? []).map((f) => describeFailure(f)).join('; ')}`];
  }
  const lines: string[] = [];
  const pool = r.pool;
  if (pool?.kind === 'queue') return [pool.hadLead ? `  ${r.rule}: skipped, the ${pool.queue} queue already had this lead` : `  ${r.rule}: matched, to the ${pool.queue} queue`];
  const head = { no_eligible: 'skipped, nobody eligible', matched: 'matched', held: 'matched, held for an away owner' }[r.outcome];
  lines.push(`  ${r.rule}: ${head}`);
  if (pool?.kind === 'rms') {
    for (const n of pool.narrowing) lines.push(`    ${n.filter}: ${n.detail} (${n.remaining} RM${n.remaining === 1 ? '' : 's'})`);
    lines.push(...pool.candidates.map(candidateLine));
  }
  if (r.pick) lines.push(`    picked ${r.pick.chosen}: ${r.pick.how}`);
  if (r.heldFor) lines.push(`    held for ${r.heldFor.id} until ${r.heldFor.until}`);
  return lines;
}

export function renderRoutingExplanation(e: RoutingExplanation): string {
  const facts = Object.entries(e.facts)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  const lines = [`Lead ${e.leadId}, attempt ${e.attempt}, at ${e.at}: ${facts}`];
  if (e.excludedOwners.length > 0) lines.push(`Not again: ${e.excludedOwners.join(', ')}`);
  lines.push('Rules:');
  for (const r of e.rules) lines.push(...ruleLines(r));
  const via = e.result.via === 'fallback' ? 'fallback queue' : e.result.via === 'hold' ? `held by rule ${e.result.rule}` : `rule ${e.result.rule}`;
  lines.push(`Result: ${e.result.owner} (${e.result.ownerKind}), by ${via}${entryNote(e)}`);
  return lines.join('\n');
}
