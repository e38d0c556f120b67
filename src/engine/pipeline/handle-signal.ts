/**
 * A `signal` event from the events API (a branch visit, a callback request, a life event): kept
 * on the lead for scoring (lead.data.gov.signals, newest last, capped), and the lead decided again
 * so a signal can carry it over the MQL line. A lead already handed off only notes it: its score
 * still moves (routing and reports read it), but marketing's gates are behind it.
 */
import { signalNames } from '../../domain/scoring';
import type { Db } from '../../store/db';
import type { InboxOutcome } from '../inbox';
import { applyDecision, noteDecision } from './apply-decision';
import type { PipelineContext } from './context';
import { QUALIFYING_STATES, qualifyAndRoute } from './govern';
import type { LeadRecord } from './lead-record';

/** Recorded signals kept per lead: the oldest go first; by then they have faded to nothing. */
export const MAX_RECORDED_SIGNALS = 100;

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
  const id = `${e.source}:${e.id}`;
  const recorded = lead.data.gov.signals ?? [];
  if (recorded.some((s) => s.id === id)) return 'ignored';
  const now = ctx.clock.now();
  const occurred = e.occurred_at ? Date.parse(e.occurred_at) : Number.NaN;
  // A time ahead of ours (another system's clock) is taken as now, so it cannot count in full for days.
  const at = new Date(Number.isFinite(occurred) ? Math.min(occurred, now.getTime()) : now.getTime()).toISOString();
  const signals = [...recorded, { name, at, id }].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-MAX_RECORDED_SIGNALS);
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
