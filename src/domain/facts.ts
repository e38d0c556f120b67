/**
 * The facts conditions test, derived from a lead once per decision: the routing fields of
 * routing.yaml (product_family from the catalogue, state from the ZIP when the address has none,
 * the primary language tag, the decayed score…) and every canonical field by its own name.
 */
import type { ProductsConfig } from '../config/schemas/catalogue';
import type { ScoringConfig } from '../config/schemas/scoring';
import type { Fact } from './conditions';
import { knownUsZip, parseUsZip } from './geo/zip';
import type { LeadView } from './lead';
import { scoreWithConfig } from './scoring/model';
import type { ScoreBreakdown } from './scoring/model';

export interface FactSource {
  products: ProductsConfig;
  scoring?: ScoringConfig;
}

export interface LeadFacts {
  get(name: string): Fact;
  readonly zip5: string | null;
  /** Two-letter state: the address's, else the ZIP's. */
  readonly state: string | null;
  /** Primary language subtag, lower-case ("es" for "es-MX"). */
  readonly language: string | null;
  score(): ScoreBreakdown | null;
}

export interface FactOptions {
  /** The routing attempt being decided (routing.yaml's `attempt`); default lead.attempt. */
  attempt?: number;
  /** Facts a caller adds, e.g. the SLA priority. */
  extra?: Readonly<Record<string, Fact>>;
}

export function leadFacts(lead: LeadView, config: FactSource, now: Date, opts: FactOptions = {}): LeadFacts {
  const rawZip = lead.fields.zip;
  const parsed = typeof rawZip === 'string' ? parseUsZip(rawZip) : null;
  const zip5 = parsed?.ok ? parsed.zip5 : null;
  const addressState = typeof lead.fields.state === 'string' && /^[A-Za-z]{2}$/.test(lead.fields.state.trim()) ? lead.fields.state.trim().toUpperCase() : null;
  let zipState: string | null | undefined;
  const state = (): string | null => {
    if (addressState) return addressState;
    if (zipState === undefined) zipState = zip5 ? (knownUsZip(zip5)?.state ?? null) : null;
    return zipState;
  };
  const lang = typeof lead.fields.language === 'string' ? lead.fields.language.trim().toLowerCase().split(/[-_]/)[0] || null : null;
  let score: ScoreBreakdown | null | undefined;
  const scoreOf = (): ScoreBreakdown | null => {
    if (score === undefined) {
      // Fit rules may not test score (a cross-check refuses it), so this cannot recurse.
      score = config.scoring ? scoreWithConfig(lead, config.scoring, now, (name) => (name === 'score' ? undefined : facts.get(name))) : null;
    }
    return score;
  };

  const facts: LeadFacts = {
    zip5,
    get state() {
      return state();
    },
    language: lang,
    score: scoreOf,
    get(name) {
      if (opts.extra && name in opts.extra) return opts.extra[name];
      switch (name) {
        case 'product':
          return lead.product;
        case 'segment':
          return lead.segment;
        case 'kind':
          return lead.kind;
        case 'product_family':
          return lead.product ? (config.products.products.find((p) => p.id === lead.product)?.family ?? null) : null;
        case 'lead_state':
          return lead.state;
        case 'state':
          return state();
        case 'zip':
          return zip5 ?? (typeof rawZip === 'string' ? rawZip : null);
        case 'language':
          return lang;
        case 'score':
          return scoreOf()?.total ?? null;
        case 'attempt':
          return opts.attempt ?? lead.attempt;
        case 'existing_customer':
          return lead.existingCustomer;
        default:
          return lead.fields[name];
      }
    },
  };
  return facts;
}
