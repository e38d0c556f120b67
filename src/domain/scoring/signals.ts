/**
 * Where a lead's signals come from: those recorded for it (the events API's `signal` events, in
 * lead.signals) and those read from its own fields as scoring.yaml's `from` says, e.g. "email_click
 * happened at last_email_click, email_clicks times". Reading fields is lenient: a blank, garbled
 * or impossible value is no signal, never an error, because these are HubSpot's tracking numbers
 * and a bank's own date properties, which nobody validates on the way in.
 */
import type { SignalSource } from '../../config/schemas/scoring';
import { matchAll } from '../conditions';
import type { Fact } from '../conditions';
import type { FieldValue, LeadView } from '../lead';

/** One or more occurrences of a signal at one time. */
export interface SignalOccurrence {
  name: string;
  at: Date;
  count: number;
  /** `events` (recorded for the lead) or `field:<name>` (read from that field). */
  source: string;
}

/** A signal rule as this module needs it: behaviour and intent rules, and life events. */
export interface SignalRuleLike {
  name: string;
  from?: SignalSource;
}

// Before 2000 is no engagement date of a bank's marketing: an epoch-zero default or a typo.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
// A count past this is a tracking glitch; it is read as this many (caps make the rest moot).
const MAX_COUNT = 10_000;

/** Epoch ms from a canonical date (YYYY-MM-DD), datetime (ISO) or epoch ms; null for anything else. */
export function readInstant(v: FieldValue | undefined): Date | null {
  let ms: number;
  if (typeof v === 'number') ms = v;
  else if (typeof v !== 'string') return null;
  else {
    const s = v.trim();
    if (/^\d{1,15}$/.test(s)) ms = Number(s);
    else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) ms = Date.parse(s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    else return null;
  }
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > 8.64e15) return null;
  return new Date(ms);
}

/** A whole count from a number or numeric text; undefined when there is none to read. */
export function readCount(v: FieldValue | undefined): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) n = Number(v);
  else return undefined;
  if (!Number.isFinite(n)) return undefined;
  return Math.min(MAX_COUNT, Math.max(0, Math.floor(n)));
}

/**
 * The occurrence a rule's `from` reads from the lead's fields, or null. Without a count field,
 * or with one that is blank or unreadable, a date alone means it happened once; a count of 0
 * means it did not happen, whatever the date says.
 */
export function fieldOccurrence(rule: SignalRuleLike, fields: LeadView['fields'], fact: (name: string) => Fact): SignalOccurrence | null {
  const from = rule.from;
  if (!from) return null;
  const at = readInstant(fields[from.field]);
  if (!at) return null;
  const count = from.count_field === undefined ? 1 : (readCount(fields[from.count_field]) ?? 1);
  if (count === 0) return null;
  if (from.when && matchAll(from.when, fact).length > 0) return null;
  return { name: rule.name, at, count, source: `field:${from.field}` };
}

/** Every occurrence of one rule's signal: recorded ones (one each) and the one its fields show. */
export function occurrencesOf(rule: SignalRuleLike, lead: LeadView, fact: (name: string) => Fact): SignalOccurrence[] {
  const out: SignalOccurrence[] = [];
  for (const s of lead.signals) {
    if (s.name === rule.name && !Number.isNaN(s.at.getTime())) out.push({ name: s.name, at: s.at, count: 1, source: 'events' });
  }
  const field = fieldOccurrence(rule, lead.fields, fact);
  if (field) out.push(field);
  return out;
}

/** The names a recorded signal may carry: scoring.yaml's behaviour and intent signals and its life events. */
export function signalNames(config: { behavior: readonly { signal: string }[]; intent: readonly { signal: string }[]; life_events: readonly { event: string }[] } | undefined): string[] {
  if (!config) return [];
  return [...config.behavior.map((r) => r.signal), ...config.intent.map((r) => r.signal), ...config.life_events.map((e) => e.event)];
}

/** A signal as a lead keeps it (ISO time), with the id of the event that reported it. */
export interface RecordedSignal {
  name: string;
  at: string;
  id?: string;
}

/** Recorded signals kept per lead: the oldest go first; by then they have faded to nothing. */
export const MAX_RECORDED_SIGNALS = 100;

/**
 * The lead's recorded signals with one more: null when an event with this id is already there.
 * A time ahead of `now` (another system's clock) is taken as now, so it cannot count in full for
 * days; an unreadable one is now too. Kept oldest first, newest last, at most `max`.
 */
export function recordSignal(recorded: readonly RecordedSignal[], signal: { name: string; id: string; occurredAt: string | undefined }, now: Date, max = MAX_RECORDED_SIGNALS): RecordedSignal[] | null {
  if (recorded.some((s) => s.id === signal.id)) return null;
  const occurred = signal.occurredAt ? Date.parse(signal.occurredAt) : Number.NaN;
  const at = new Date(Number.isFinite(occurred) ? Math.min(occurred, now.getTime()) : now.getTime()).toISOString();
  const byTime = (a: RecordedSignal, b: RecordedSignal): number => Date.parse(a.at) - Date.parse(b.at);
  return [...recorded, { name: signal.name, at, id: signal.id }].sort(byTime).slice(-max);
}
