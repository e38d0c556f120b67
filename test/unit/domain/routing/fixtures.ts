/**
 * Shared by the governance tests: the shipped mappings, config variants with other rules or
 * roster entries, and a lead builder whose defaults pass every gate of the default readiness.yaml.
 */
import path from 'node:path';
import { loadMappings } from '../../../../src/config/load-mappings';
import type { MappingsConfig } from '../../../../src/config/mappings-config';
import type { Rm } from '../../../../src/config/schemas/roster';
import { ruleSchema } from '../../../../src/config/schemas/routing';
import type { RoutingRule } from '../../../../src/config/schemas/routing';
import type { Decision } from '../../../../src/domain/decision';
import type { LeadView } from '../../../../src/domain/lead';
import { NO_CONSENT } from '../../../../src/domain/lead';

export const config: MappingsConfig = (() => {
  const { config: c, errors } = loadMappings(path.resolve(__dirname, '../../../../mappings'));
  if (!c) throw new Error(errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('\n'));
  return c;
})();

/** Tuesday 10 March 2026, 17:00 UTC: 13:00 in New York (EDT), 10:00 in Los Angeles and Phoenix. Every branch is open. */
export const TUESDAY = new Date('2026-03-10T17:00:00Z');

/** A rule as it would be written in routing.yaml (shorthands allowed), parsed. */
export function rule(raw: Record<string, unknown>): RoutingRule {
  return ruleSchema.parse(raw);
}

export function withRules(rules: RoutingRule[], base: MappingsConfig = config): MappingsConfig {
  return { ...base, routing: { ...base.routing, rules } };
}

export function withRms(change: (rms: Rm[]) => Rm[], base: MappingsConfig = config): MappingsConfig {
  return { ...base, roster: { ...base.roster, rms: change([...base.roster.rms]) } };
}

export function withSla(change: (sla: MappingsConfig['sla']) => MappingsConfig['sla'], base: MappingsConfig = config): MappingsConfig {
  return { ...base, sla: change(base.sla) };
}

export type LeadOverrides = Partial<Omit<LeadView, 'fields'>> & { fields?: LeadView['fields'] };

export function lead(over: LeadOverrides = {}): LeadView {
  const product = over.product !== undefined ? over.product : 'checking';
  const segment = over.segment !== undefined ? over.segment : 'consumer';
  return {
    id: 'L-1',
    state: 'ready',
    kind: 'lead',
    owner: null,
    attempt: 0,
    ownersSoFar: [],
    recycleCount: 0,
    existingCustomer: false,
    existingOwnerId: null,
    consent: { ...NO_CONSENT },
    signals: [],
    timestamps: { createdAt: new Date('2026-03-01T12:00:00Z') },
    ...over,
    product,
    segment,
    fields: {
      email: 'pat.doe@example.com',
      first_name: 'Pat',
      last_name: 'Doe',
      phone: '(312) 782-4000',
      zip: '60603',
      state: 'IL',
      product: product ?? undefined,
      segment: segment ?? undefined,
      kind: over.kind ?? 'lead',
      // Pre-qualified (readiness.yaml's mortgage_prequal); only mortgage leads are asked.
      documents_ready: true,
      income_band: '100k_250k',
      ...over.fields,
    },
  };
}

/** Signals that put a lead over the MQL threshold on their own (two appointment requests today). */
export function hot(at: Date = TUESDAY): LeadView['signals'] {
  return [
    { name: 'appointment_requested', at },
    { name: 'callback_requested', at },
  ];
}

/** What the engine's apply step does to the lead row, enough for tests to chain decisions. */
export function applyDecision(l: LeadView, d: Decision): LeadView {
  const p = d.lead ?? {};
  const timestamps = { ...l.timestamps };
  for (const [k, v] of Object.entries(p.timestamps ?? {})) {
    if (v === null) delete (timestamps as Record<string, unknown>)[k];
    else (timestamps as Record<string, unknown>)[k] = v;
  }
  return {
    ...l,
    state: d.newState ?? l.state,
    ...(p.owner !== undefined ? { owner: p.owner } : {}),
    ...(p.attempt !== undefined ? { attempt: p.attempt } : {}),
    ...(p.ownersSoFar !== undefined ? { ownersSoFar: p.ownersSoFar } : {}),
    ...(p.recycleCount !== undefined ? { recycleCount: p.recycleCount } : {}),
    timestamps,
  };
}
