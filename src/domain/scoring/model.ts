/**
 * scoring.yaml applied to a lead: fit points from who the lead is, behaviour and intent points
 * from what they did (each occurrence fading by its half-life, capped per signal), life events
 * that add points and suggest products. The total is clamped to 0–100, the scale routing
 * conditions and the MQL threshold use. Signals are those recorded for the lead plus those its
 * fields show (signals.ts), so the score needs nothing but the lead view and the time.
 */
import type { ScoringConfig, SignalRule } from '../../config/schemas/scoring';
import { matchAll } from '../conditions';
import type { Fact } from '../conditions';
import type { LeadView } from '../lead';
import { decayedPoints } from './decay';
import { occurrencesOf } from './signals';
import type { SignalOccurrence } from './signals';

export type ScoreItemCategory = 'fit' | 'behavior' | 'intent' | 'life_event';

export interface ScoreItem {
  category: ScoreItemCategory;
  /** The fit rule, signal or life event. */
  name: string;
  points: number;
  /** How many occurrences counted (signals and life events). */
  count?: number;
  capped?: boolean;
  /** Signals and life events: when it last happened (ISO). */
  latestAt?: string;
  /** Signals and life events: where it was read, `events` or `field:<name>`. */
  sources?: string[];
}

export interface ScoreBreakdown {
  total: number;
  byCategory: Record<ScoreItemCategory, number>;
  items: ScoreItem[];
  threshold: number;
  mql: boolean;
  lifeEvents: string[];
  /** Products the life events suggest, most points first, the lead's own product left out. */
  suggestedProducts: string[];
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** The latest time among occurrences (at least one) and where they were read. */
function evidence(occ: readonly SignalOccurrence[]): { latest: Date; sources: string[] } {
  const latest = occ.reduce<Date>((a, o) => (o.at > a ? o.at : a), new Date(-8.64e15));
  return { latest, sources: [...new Set(occ.map((o) => o.source))] };
}

function signalItem(category: 'behavior' | 'intent', rule: SignalRule, lead: LeadView, now: Date, fact: (name: string) => Fact): ScoreItem | null {
  const occ = occurrencesOf({ name: rule.signal, ...(rule.from ? { from: rule.from } : {}) }, lead, fact);
  if (occ.length === 0) return null;
  let sum = 0;
  let count = 0;
  for (const o of occ) {
    sum += o.count * decayedPoints(rule.points, o.at, now, rule.half_life_days);
    count += o.count;
  }
  const capped = rule.max_points !== undefined && Math.abs(sum) > rule.max_points;
  const points = capped ? Math.sign(sum) * (rule.max_points as number) : sum;
  const seen = evidence(occ);
  return { category, name: rule.signal, points: round(points), count, ...(capped ? { capped } : {}), latestAt: seen.latest.toISOString(), sources: seen.sources };
}

export function scoreWithConfig(lead: LeadView, config: ScoringConfig, now: Date, fact: (name: string) => Fact): ScoreBreakdown {
  const items: ScoreItem[] = [];
  for (const rule of config.fit) {
    if (matchAll(rule.when, fact).length === 0) items.push({ category: 'fit', name: rule.name, points: rule.points });
  }
  for (const rule of config.behavior) {
    const item = signalItem('behavior', rule, lead, now, fact);
    if (item) items.push(item);
  }
  for (const rule of config.intent) {
    const item = signalItem('intent', rule, lead, now, fact);
    if (item) items.push(item);
  }
  const suggested = new Map<string, number>();
  const lifeEvents: string[] = [];
  for (const ev of config.life_events) {
    // A life event counts once, from its latest occurrence: a second "home purchase" signal is the same event.
    const occ = occurrencesOf({ name: ev.event, ...(ev.from ? { from: ev.from } : {}) }, lead, fact);
    if (occ.length === 0) continue;
    const seen = evidence(occ);
    const points = round(decayedPoints(ev.points, seen.latest, now, ev.half_life_days));
    items.push({ category: 'life_event', name: ev.event, points, count: 1, latestAt: seen.latest.toISOString(), sources: seen.sources });
    lifeEvents.push(ev.event);
    for (const p of ev.products) if (p !== lead.product) suggested.set(p, (suggested.get(p) ?? 0) + points);
  }

  const byCategory: Record<ScoreItemCategory, number> = { fit: 0, behavior: 0, intent: 0, life_event: 0 };
  for (const i of items) byCategory[i.category] = round(byCategory[i.category] + i.points);
  const raw = byCategory.fit + byCategory.behavior + byCategory.intent + byCategory.life_event;
  const total = round(Math.min(100, Math.max(0, raw)));
  return {
    total,
    byCategory,
    items,
    threshold: config.mql_threshold,
    mql: total >= config.mql_threshold,
    lifeEvents,
    suggestedProducts: [...suggested.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p),
  };
}

/** "62 (fit 30, behaviour 12, intent 20): MQL at 60". */
export function describeScore(s: ScoreBreakdown): string {
  const parts = [`fit ${s.byCategory.fit}`, `behaviour ${s.byCategory.behavior}`, `intent ${s.byCategory.intent}`];
  if (s.byCategory.life_event !== 0) parts.push(`life events ${s.byCategory.life_event}`);
  return `${s.total} (${parts.join(', ')}): ${s.mql ? 'MQL' : 'below the MQL threshold'} at ${s.threshold}`;
}
