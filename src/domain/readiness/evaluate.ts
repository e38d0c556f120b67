/**
 * evaluateReadiness(): may marketing hand this lead to sales? The taxonomy first (a known kind;
 * a referral with a usable source), the catalogue (a known product and segment), a recycle
 * cooldown, then every gate of readiness.yaml that matches the lead, then the MQL threshold for
 * kinds that need it. Every failing check is reported, not just the first, so marketing fixes a
 * lead in one pass.
 */
import { LEAD_KINDS } from '../../config/vocabulary';
import { matchAll } from '../conditions';
import { leadFacts } from '../facts';
import type { LeadFacts } from '../facts';
import type { LeadView } from '../lead';
import { referralOf } from '../lead';
import { describeScore } from '../scoring/model';
import type { ScoreBreakdown } from '../scoring/model';
import { gateReasons } from './gate-checks';
import type { ReadinessSource } from './gate-checks';
import { prequalReasons, prequalRequest } from './prequal';
import type { PrequalOutcome, PrequalRequest } from './prequal';
import { reasonKey } from './reasons';
import type { ReadinessReason } from './reasons';

export interface ReadinessInput {
  lead: LeadView;
  config: ReadinessSource;
  now: Date;
  /** Outcomes of the pre-qualification calls planPrequal asked for, by gate name. */
  prequal?: Readonly<Record<string, PrequalOutcome>>;
}

export interface Segmentation {
  segment: string | null;
  productFamily: string | null;
  lifeEvents: string[];
  suggestedProducts: string[];
}

export interface ReadinessResult {
  ready: boolean;
  reasons: ReadinessReason[];
  /** The gates that applied to this lead, in file order. */
  gates: string[];
  score: ScoreBreakdown | null;
  segmentation: Segmentation;
}

function matchingGates(config: ReadinessSource, facts: LeadFacts) {
  return config.readiness.gates.filter((g) => matchAll(g.when, (n) => facts.get(n)).length === 0);
}

/** The pre-qualification calls this lead needs (none when no matching gate calls a service). */
export function planPrequal(input: Omit<ReadinessInput, 'prequal'>): PrequalRequest[] {
  const facts = leadFacts(input.lead, input.config, input.now);
  return matchingGates(input.config, facts)
    .map((g) => prequalRequest(g, input.lead))
    .filter((r): r is PrequalRequest => r !== null);
}

function taxonomy(lead: LeadView, config: ReadinessSource): ReadinessReason[] {
  const out: ReadinessReason[] = [];
  if (!(LEAD_KINDS as readonly string[]).includes(lead.kind)) {
    out.push({ code: 'UNKNOWN_KIND', detail: lead.kind, message: `kind must be one of ${LEAD_KINDS.join(', ')}` });
    return out;
  }
  const sources = config.readiness.kinds[lead.kind as (typeof LEAD_KINDS)[number]]?.sources;
  if (sources) {
    const ref = referralOf(lead);
    if (!ref || ref.type === null || ref.ref === null || !(sources as readonly string[]).includes(ref.type)) {
      out.push({ code: 'REFERRAL_SOURCE_INVALID', message: `a ${lead.kind} needs referral_source "<type>:<id>" with type ${sources.join(', ')}` });
    } else if (ref.type === 'branch' && !config.roster.branches.some((b) => b.id === ref.ref)) {
      out.push({ code: 'REFERRAL_BRANCH_UNKNOWN', detail: ref.ref, message: `referred by branch "${ref.ref}", which is not in roster.yaml` });
    }
  }
  return out;
}

function catalogue(lead: LeadView, config: ReadinessSource): ReadinessReason[] {
  const out: ReadinessReason[] = [];
  if (lead.product !== null && !config.products.products.some((p) => p.id === lead.product)) {
    out.push({ code: 'UNKNOWN_PRODUCT', detail: lead.product, message: 'the product is not in products.yaml' });
  }
  if (lead.segment !== null && !config.segments.segments.some((s) => s.id === lead.segment)) {
    out.push({ code: 'UNKNOWN_SEGMENT', detail: lead.segment, message: 'the segment is not in segments.yaml' });
  }
  return out;
}

export function evaluateReadiness(input: ReadinessInput): ReadinessResult {
  const { lead, config, now } = input;
  const facts = leadFacts(lead, config, now);
  const reasons: ReadinessReason[] = [...taxonomy(lead, config), ...catalogue(lead, config)];
  const cooldown = lead.timestamps.cooldownUntil;
  if (cooldown && now < cooldown) {
    reasons.push({ code: 'RECYCLE_COOLDOWN', message: `recycled; may be handed off again from ${cooldown.toISOString()}` });
  }
  const gates = matchingGates(config, facts);
  for (const g of gates) reasons.push(...gateReasons(g, lead, facts, config), ...prequalReasons(g, facts, input.prequal ?? {}));

  const score = facts.score();
  const kind = config.readiness.kinds[lead.kind as (typeof LEAD_KINDS)[number]];
  if (score && (kind?.needs_mql ?? true) && !score.mql) {
    reasons.push({ code: 'BELOW_MQL', message: `score ${describeScore(score)}` });
  }
  const seen = new Set<string>();
  const unique = reasons.filter((r) => {
    const k = reasonKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const productFamily = facts.get('product_family');
  return {
    ready: unique.length === 0,
    reasons: unique,
    gates: gates.map((g) => g.name),
    score,
    segmentation: {
      segment: lead.segment,
      productFamily: typeof productFamily === 'string' ? productFamily : null,
      lifeEvents: score?.lifeEvents ?? [],
      suggestedProducts: score?.suggestedProducts ?? [],
    },
  };
}
