/**
 * A `signal` event from the events API (a branch visit, a callback request, a life event): kept
 * on the lead for scoring (lead.data.gov.signals, newest last, capped), and the lead decided again
 * so a signal can carry it over the MQL line. A lead already handed off only notes it: its score
 * still moves (routing and reports read it), but marketing's gates are behind it.
 */
import { recordSignal, signalNames } from '../../domain/scoring';
import type { Db } from '../../store/db';
import type { InboxOutcome } from '../inbox';
import { applyDecision, noteDecision } from './apply-decision';
import type { PipelineContext } from './context';
import { QUALIFYING_STATES, qualifyAndRoute } from './govern';
import type { LeadRecord } from './lead-record';

export interface SignalEventPayload {
  id: string;
  source: string;
  occurred_at?: string;
  details?: { signal?: string };
}

export async function handleSignalEvent(tx: Db, ctx: PipelineContext, lead: LeadRecord, e: SignalEventPayload): Promise<InboxOutcome> {
  const name = e.details?.signal;
  // The API refused unknown names; one unknown now was dropped from scoring.yaml since.
  if (!name || !signalNames(ctx.config.scoring).includes(name)) return 'ignored';
  const now = ctx.clock.now();
  const id = `${e.source}:${e.id}`;
  const signals = recordSignal(lead.data.gov.signals ?? [], { name, id, occurredAt: e.occurred_at }, now);
  if (!signals) return 'ignored';
  const at = signals.find((s) => s.id === id)?.at;
  const data = { ...lead.data, gov: { ...lead.data.gov, signals } };
  const current: LeadRecord = { ...lead, data };
  const source = { source: `events:${e.source}`, eventId: e.id, signal: name, at };
  // A recycled lead waits out its cooldown (its timer re-decides it), as a contact change does.
  if (lead.state !== 'recycled' && QUALIFYING_STATES.includes(lead.state)) {
    await qualifyAndRoute(tx, ctx, current, { data, auditData: source });
  } else {
    await applyDecision(tx, ctx, current, noteDecision(current, now, 'signal', `Signal ${name.replace(/_/g, ' ')} reported by ${e.source}`, source), { data });
  }
  return 'applied';
}
