/**
 * Pre-qualification, the last readiness step for some products: either rules on fields
 * (documents ready, a stated income band) or a call to the bank's own service. The call is the
 * engine's (connectors/prequal.ts); readiness only plans it and judges its outcome, and anything
 * but a clear pass (a timeout, an error, no answer at all) fails closed.
 */
import type { ReadinessGate } from '../../config/schemas/readiness';
import { describeFailure, matchAll } from '../conditions';
import type { LeadFacts } from '../facts';
import type { FieldValue, LeadView } from '../lead';
import type { ReadinessReason } from './reasons';

export type PrequalOutcome =
  | { status: 'pass' }
  | { status: 'fail'; reason: string }
  | { status: 'error'; error: 'timeout' | 'network' | 'http_status' | 'bad_response' | 'aborted'; message: string };

/** One call the engine makes before it asks readiness again (or alongside, with the outcomes). */
export interface PrequalRequest {
  gate: string;
  url: string;
  timeoutMs: number;
  /** The environment variable the daemon read the bearer token from at start. */
  tokenEnv?: string;
  body: { leadId: string; product: string | null; segment: string | null; kind: string; fields: Record<string, FieldValue> };
}

export function prequalRequest(gate: ReadinessGate, lead: LeadView): PrequalRequest | null {
  const http = gate.prequal?.http;
  if (!http) return null;
  const fields: Record<string, FieldValue> = {};
  // Only the fields the gate lists leave Handoff.
  for (const f of http.send) {
    const v = lead.fields[f];
    if (v !== undefined) fields[f] = v;
  }
  return {
    gate: gate.name,
    url: http.url,
    timeoutMs: http.timeout_ms,
    ...(http.token_env ? { tokenEnv: http.token_env } : {}),
    body: { leadId: lead.id, product: lead.product, segment: lead.segment, kind: lead.kind, fields },
  };
}

export function prequalReasons(gate: ReadinessGate, facts: LeadFacts, outcomes: Readonly<Record<string, PrequalOutcome>>): ReadinessReason[] {
  const p = gate.prequal;
  if (!p) return [];
  if (p.rule) {
    return p.rule
      .map((req) => ({ req, failed: matchAll(req.require, (n) => facts.get(n)) }))
      .filter((x) => x.failed.length > 0)
      .map(({ req, failed }) => ({
        code: 'PREQUAL_FAILED' as const,
        detail: req.name,
        gate: gate.name,
        message: req.message ?? `pre-qualification: ${failed.map((f) => describeFailure(f, false)).join('; ')}`,
      }));
  }
  const outcome = outcomes[gate.name];
  if (!outcome) return [{ code: 'PREQUAL_ERROR', detail: 'not_run', gate: gate.name, message: 'the pre-qualification service was not called; failing closed' }];
  if (outcome.status === 'pass') return [];
  if (outcome.status === 'fail') return [{ code: 'PREQUAL_FAILED', detail: outcome.reason, gate: gate.name, message: `the pre-qualification service declined: ${outcome.reason}` }];
  return [{ code: 'PREQUAL_ERROR', detail: outcome.error, gate: gate.name, message: `pre-qualification failed closed: ${outcome.message}` }];
}
