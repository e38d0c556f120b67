/**
 * reconcile: one field, both systems, the last synced snapshot → the canonical value and the
 * writes that bring each system to it. Pure: time comes only from the systems' own timestamps.
 *
 * A system "changed" a field when its value, read through the field's transforms, moved since
 * Handoff last read it (FieldSyncState.seen) and differs from what Handoff would write there for
 * the snapshot's value. An echo of Handoff's own write therefore is no change, a record-level
 * modified time moved by another field's edit is no change, and a write is produced only when
 * the system would end up different.
 *
 * Rules (fields.yaml `sync`):
 * - prefer_map / prefer_crm: that system's value, always (a blank clears the other side).
 * - crm_unless_blank: Salesforce's value unless it is blank, then HubSpot's. A Salesforce value
 *   equal to the field's when_blank rendering is Handoff's own placeholder and counts as blank.
 * - two_way: the latest change wins, by the systems' own timestamps, never the daemon's clock.
 *   Changes compete with each other and with the snapshot's own change time, so (with known
 *   timestamps) the result does not depend on the order in which changes are seen: a change seen
 *   late loses to a newer one already settled. Ties: equal times from different systems
 *   go to Salesforce (the bank's system of record); a change from the system that set the
 *   snapshot, at the same time, wins (a second edit within Salesforce's one-second resolution).
 *   A change with no timestamp beats the snapshot; between two changes, a known time beats an
 *   unknown one and two unknown go to Salesforce.
 * - none: never written; the canonical value is HubSpot's (else Salesforce's).
 * - consent flags: consent.ts, whatever the rule says.
 * A value that cannot be read (an unparsable phone, an unknown picklist value) is reported; it
 * never wins and is never overwritten, so a person's entry is not lost to a parsing problem.
 * Salesforce's required fields (LastName, Company) are never cleared: Salesforce's value stands.
 *
 * The snapshot remembers what each system showed when read (`seen`), not what Handoff asked it to
 * become: call markWritten (record-sync.ts) once a write has landed.
 */
import type { FieldMapping } from '../../config/schemas/fields';
import { decideConsent } from './consent';
import type { ConsentSide } from './consent';
import { asContext, SALESFORCE_REQUIRED_LEAD_FIELDS } from './context';
import type { MappingsOrContext, SyncContext } from './context';
import { canonicalDatetime, parseInstant } from './formats';
import type { CanonicalValue, HubspotValue, SalesforceValue, Side, SyncProblem, Timestamp } from './types';
import { fromCanonical, normaliseCanonical, renderWhenBlank, sameSideValue, toCanonical } from './values';

/** What Handoff last settled for one field. Stored per lead and field; JSON-safe. */
export interface FieldSyncState {
  value: CanonicalValue;
  /** Source-system time (ISO) of the change that set `value`; null when unknown. */
  changedAt: string | null;
  source: Side | null;
  /** Consent flags: when the restriction in force was recorded (ISO), null when unknown or none. */
  revokedAt?: string | null;
  /**
   * What each system held when last read, in its normal form (before Handoff's writes land). A
   * system whose value has not moved since has not changed, whatever its record's modified time
   * says; Salesforce gives only record-level times, which move with every edit to any field.
   */
  seen?: { hubspot?: HubspotValue; salesforce?: SalesforceValue };
}

export interface SideObservation {
  /** The raw value as the connector read it (HubSpot string|null; Salesforce typed). */
  value: unknown;
  /** That system's own time of the field's last change (property history, else the record's modified time). */
  changedAt?: Timestamp | null;
}

export interface ReconcileInput {
  mapping: FieldMapping;
  canonicalBefore?: FieldSyncState | null;
  /** Absent: no such record (yet), or the value was not read; nothing is written there. */
  hubspot?: SideObservation | null;
  salesforce?: SideObservation | null;
  /** Consent flags: each system's evidence field value (when consent was recorded there). */
  reconsentAt?: Partial<Record<Side, Timestamp | null>>;
  /** when_blank `{name}` values now and at the snapshot (record-sync.ts fills them). */
  templateValues?: { now: Readonly<Record<string, string | null>>; before?: Readonly<Record<string, string | null>> };
}

export const RECONCILE_REASONS = [
  'unchanged', 'agreed', 'not_synced', 'unreadable', 'prefer_map', 'prefer_crm', 'crm_value', 'crm_blank_map_value',
  'hubspot_changed', 'salesforce_changed', 'hubspot_newer', 'salesforce_newer', 'tie_salesforce',
  'older_change_ignored', 'consent_revoked', 'consent_revocation_held', 'consent_reconsented',
] as const;
export type ReconcileReason = (typeof RECONCILE_REASONS)[number];

export interface ReconcileResult {
  canonical: FieldSyncState;
  /** Present only when HubSpot must change; '' clears. */
  writeHubspot?: HubspotValue;
  /** Present only when Salesforce must change; null clears. */
  writeSalesforce?: SalesforceValue;
  reason: ReconcileReason;
  problems: SyncProblem[];
}

interface Observed {
  side: Side;
  canonical: CanonicalValue;
  normal: HubspotValue | SalesforceValue;
  changed: boolean;
  ms: number | null;
}

interface Decision {
  value: CanonicalValue;
  winner: Side | 'before' | null;
  reason: ReconcileReason;
  revokedAtMs?: number | null;
  writes: boolean;
}

const toMs = (t: Timestamp | null | undefined): number | null => (t === null || t === undefined ? null : (parseInstant(t) ?? null));
const toIso = (ms: number | null): string | null => (ms === null ? null : canonicalDatetime(ms));

export function reconcile(input: ReconcileInput, mappings: MappingsOrContext): ReconcileResult {
  const ctx = asContext(mappings);
  const { mapping } = input;
  const stored = input.canonicalBefore ?? undefined;
  const before = stored && { ...stored, value: normaliseCanonical(mapping, stored.value, ctx) };
  const problems: SyncProblem[] = [];
  const target = targetFor(input, ctx);
  const observed: Observed[] = [];
  const unreadable: Side[] = [];
  for (const side of ['hubspot', 'salesforce'] as const) {
    const obs = input[side];
    if (!obs) continue;
    const c = toCanonical(mapping, side, obs.value, ctx);
    const n = 'problem' in c ? c : fromCanonical(mapping, side, c.value, ctx);
    if ('problem' in c || 'problem' in n) {
      problems.push('problem' in c ? c.problem : (n as { problem: SyncProblem }).problem);
      unreadable.push(side);
      continue;
    }
    let canonical = c.value;
    if (side === 'salesforce' && isPlaceholder(input, n.value)) canonical = null;
    // A change contests the snapshot only if the system moved since last read AND now differs
    // from the snapshot's value: moving to the settled value (the echo of Handoff's write) agrees.
    const was = before ? target(side, before.value) : undefined;
    const differs = !before || was === undefined || !sameSideValue(n.value, was);
    const last = before?.seen?.[side];
    const moved = last === undefined || !sameSideValue(n.value, last);
    observed.push({ side, canonical, normal: n.value, changed: differs && moved, ms: toMs(obs.changedAt) });
  }

  const decision = mapping.consent
    ? consentDecision(input, observed, unreadable, ctx)
    : ruleDecision(mapping, before, observed, unreadable);
  const canonical = settle(before, decision, observed);
  const result: ReconcileResult = { canonical, reason: decision.reason, problems };
  if (!decision.writes) return result;
  // Salesforce first: when it cannot take a blank, its value stands and HubSpot gets that instead.
  for (const o of [...observed].sort((a, b) => rank(b.side) - rank(a.side))) {
    const want = target(o.side, canonical.value);
    if (want === undefined) {
      problems.push({ code: 'invalid_value', field: mapping.name, side: o.side, message: `${mapping.name}: the settled value cannot be written to ${o.side === 'hubspot' ? 'HubSpot' : 'Salesforce'}` });
      continue;
    }
    if (sameSideValue(want, o.normal)) continue;
    if (o.side === 'hubspot') result.writeHubspot = want as HubspotValue;
    else if ((want === null || want === '') && mapping.salesforce !== undefined && SALESFORCE_REQUIRED_LEAD_FIELDS.has(mapping.salesforce)) {
      // Salesforce keeps its value, so that is the value of record (settling on the blank would
      // make Salesforce's unchanged value look like a new edit next cycle, and flip-flop).
      canonical.value = o.canonical;
      problems.push({ code: 'required_blank', field: mapping.name, side: 'salesforce', message: `${mapping.name}: Salesforce requires ${mapping.salesforce}, so the blank is not written there and its value stands` });
    } else result.writeSalesforce = want as SalesforceValue;
  }
  return result;
}

/** The value a system would hold for a canonical value, with when_blank filled in for Salesforce; undefined if it cannot be written. */
function targetFor(input: ReconcileInput, ctx: SyncContext) {
  return (side: Side, value: CanonicalValue): HubspotValue | SalesforceValue | undefined => {
    const out = fromCanonical(input.mapping, side, value, ctx);
    if ('problem' in out) return undefined;
    if (side === 'salesforce' && out.value === null && input.mapping.when_blank && input.templateValues) {
      return renderWhenBlank(input.mapping, input.templateValues.now) ?? null;
    }
    return out.value;
  };
}

function isPlaceholder(input: ReconcileInput, sfValue: SalesforceValue): boolean {
  const { mapping, templateValues } = input;
  if (!mapping.when_blank || !templateValues || typeof sfValue !== 'string') return false;
  const renders = [renderWhenBlank(mapping, templateValues.now), templateValues.before ? renderWhenBlank(mapping, templateValues.before) : null];
  return renders.includes(sfValue);
}

function ruleDecision(mapping: FieldMapping, before: FieldSyncState | undefined, observed: Observed[], unreadable: Side[]): Decision {
  const hs = observed.find((o) => o.side === 'hubspot');
  const sf = observed.find((o) => o.side === 'salesforce');
  const keep = (reason: ReconcileReason): Decision => ({ value: before?.value ?? null, winner: 'before', reason, writes: false });
  const take = (o: Observed, reason: ReconcileReason): Decision => ({ value: o.canonical, winner: o.side, reason, writes: true });
  switch (mapping.sync) {
    case 'none': {
      const o = hs ?? sf;
      return o ? { value: o.canonical, winner: o.side, reason: 'not_synced', writes: false } : keep('not_synced');
    }
    case 'prefer_map':
      if (unreadable.includes('hubspot')) return keep('unreadable');
      return hs ? take(hs, 'prefer_map') : sf ? { ...take(sf, 'prefer_map'), writes: false } : keep('unchanged');
    case 'prefer_crm':
      if (unreadable.includes('salesforce')) return keep('unreadable');
      return sf ? take(sf, 'prefer_crm') : hs ? { ...take(hs, 'prefer_crm'), writes: false } : keep('unchanged');
    case 'crm_unless_blank':
      if (unreadable.includes('salesforce')) return keep('unreadable');
      if (sf && sf.canonical !== null) return take(sf, 'crm_value');
      if (unreadable.includes('hubspot')) return keep('unreadable');
      if (hs && hs.canonical !== null) return take(hs, 'crm_blank_map_value');
      return sf ? take(sf, 'crm_value') : hs ? take(hs, 'crm_blank_map_value') : keep('unchanged');
    case 'two_way':
      return twoWay(before, observed);
  }
}

const rank = (s: Side | null): number => (s === 'salesforce' ? 1 : s === 'hubspot' ? 0 : -1);

/** Does change `a` beat change `b` (both observed this cycle)? */
function newerChange(a: Observed, b: Observed): boolean {
  if (a.ms !== null && b.ms !== null && a.ms !== b.ms) return a.ms > b.ms;
  if ((a.ms === null) !== (b.ms === null)) return a.ms !== null;
  return rank(a.side) > rank(b.side);
}

/** Does a change beat the snapshot's own change? */
function beatsSnapshot(c: Observed, before: FieldSyncState): boolean {
  const b = toMs(before.changedAt);
  if (c.ms === null || b === null) return true;
  if (c.ms !== b) return c.ms > b;
  return c.side === before.source || rank(c.side) > rank(before.source);
}

function twoWay(before: FieldSyncState | undefined, observed: Observed[]): Decision {
  const changes = observed.filter((o) => o.changed);
  if (changes.length === 0) return { value: before?.value ?? null, winner: 'before', reason: 'unchanged', writes: true };
  const [a, b] = changes as [Observed, Observed | undefined];
  const best = b && newerChange(b, a) ? b : a;
  if (before && !beatsSnapshot(best, before)) {
    return { value: before.value, winner: 'before', reason: 'older_change_ignored', writes: true };
  }
  let reason: ReconcileReason = best.side === 'hubspot' ? 'hubspot_changed' : 'salesforce_changed';
  if (b && a.canonical === b.canonical) reason = 'agreed';
  else if (b) {
    const tie = a.ms === b.ms || (a.ms === null && b.ms === null);
    reason = tie ? 'tie_salesforce' : best.side === 'hubspot' ? 'hubspot_newer' : 'salesforce_newer';
  }
  return { value: best.canonical, winner: best.side, reason, writes: true };
}

function consentDecision(input: ReconcileInput, observed: Observed[], unreadable: Side[], ctx: SyncContext): Decision {
  const before = input.canonicalBefore ?? undefined;
  const sides: ConsentSide[] = [
    ...observed.map((o) => ({ side: o.side, value: o.canonical === true, changed: o.changed, changedAtMs: o.ms, evidenceMs: toMs(input.reconsentAt?.[o.side]) })),
    ...unreadable.map((side) => ({ side, value: undefined, changed: true, changedAtMs: null, evidenceMs: null })),
  ];
  if (sides.length === 0) return { value: before?.value ?? false, winner: 'before', reason: 'unchanged', writes: false, revokedAtMs: toMs(before?.revokedAt) };
  const d = decideConsent(
    input.mapping,
    before ? { value: before.value === true, revokedAtMs: toMs(before.revokedAt) } : undefined,
    sides,
    ctx.consentEvidence.has(input.mapping.name),
  );
  return { value: d.value, winner: d.winner, reason: d.reason, revokedAtMs: d.revokedAtMs, writes: true };
}

/** The new snapshot: the winner's value and its source time; an unchanged value keeps the old record. */
function settle(before: FieldSyncState | undefined, d: Decision, observed: Observed[]): FieldSyncState {
  const consent = d.revokedAtMs !== undefined ? { revokedAt: toIso(d.revokedAtMs) } : {};
  const seen: NonNullable<FieldSyncState['seen']> = { ...before?.seen };
  for (const o of observed) {
    if (o.side === 'hubspot') seen.hubspot = o.normal as HubspotValue;
    else seen.salesforce = o.normal;
  }
  if (before && (d.winner === 'before' || before.value === d.value)) {
    return { value: d.value, changedAt: before.changedAt, source: before.source, ...consent, seen };
  }
  const w = observed.find((o) => o.side === d.winner);
  return { value: d.value, changedAt: toIso(w?.ms ?? null), source: w?.side ?? null, ...consent, seen };
}
