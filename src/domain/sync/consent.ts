/**
 * Consent flags are monotonic (RELIABILITY.md; CAN-SPAM, TCPA). The rule, whatever `sync` says:
 *
 * 1. A restriction (opt_out: true; opt_in: false or unset) seen in either system wins any
 *    conflict and is written to the other system.
 * 2. Once in force it is held: a system that shows the flag cleared gets the restriction written
 *    back, and the canonical value stays restricted.
 * 3. Only an explicit re-consent lifts it: the permissive value must be a change in a system the
 *    mapping's sync rule lets win (two_way: either; prefer_map: HubSpot; prefer_crm and
 *    crm_unless_blank: Salesforce; none: neither), AND the field must have an evidence field in
 *    fields.yaml (`<name>_at`, a date/datetime: tcpa_consent → tcpa_consent_at), AND that
 *    system's evidence must record a consent strictly later than the latest revocation, by the
 *    systems' own timestamps. An unknown revocation time can never be beaten.
 *
 * So in the default mappings email_opt_out and do_not_call can never be cleared by the sync (no
 * evidence field: lifting them is a compliance process, not a data edit), and tcpa_consent can be
 * re-granted only by a newer, dated consent. A value that cannot be read counts as a restriction.
 */
import type { FieldMapping, SyncRule } from '../../config/schemas/fields';
import type { Side } from './types';

export interface ConsentSide {
  side: Side;
  /** The flag's canonical value; undefined when the value could not be read. */
  value: boolean | undefined;
  changed: boolean;
  changedAtMs: number | null;
  /** When this system's evidence field says consent was given (epoch ms), if it says. */
  evidenceMs: number | null;
}

export interface ConsentBefore {
  value: boolean;
  revokedAtMs: number | null;
}

export type ConsentReason = 'consent_revoked' | 'consent_revocation_held' | 'consent_reconsented' | 'unchanged';

export interface ConsentDecision {
  value: boolean;
  /** The system whose change decided, or 'before' when the snapshot stands. */
  winner: Side | 'before';
  revokedAtMs: number | null;
  reason: ConsentReason;
}

const RECONSENT_FROM: Record<SyncRule, readonly Side[]> = {
  two_way: ['hubspot', 'salesforce'],
  prefer_map: ['hubspot'],
  prefer_crm: ['salesforce'],
  crm_unless_blank: ['salesforce'],
  none: [],
};

/** The value that restricts contact: true for an opt-out flag, false for an opt-in consent. */
export const restrictiveValue = (mapping: FieldMapping): boolean => mapping.consent === 'opt_out';

export function decideConsent(
  mapping: FieldMapping,
  before: ConsentBefore | undefined,
  sides: readonly ConsentSide[],
  hasEvidenceField: boolean,
): ConsentDecision {
  const R = restrictiveValue(mapping);
  const restricted = (s: ConsentSide) => s.value === undefined || s.value === R;
  const heldBefore = before?.value === R;

  // Revocation times in force: the snapshot's, and every system that newly shows a restriction.
  const times: (number | null)[] = [];
  if (heldBefore) times.push(before?.revokedAtMs ?? null);
  const newlyRestricted = sides.filter((s) => restricted(s) && (s.changed || s.value === undefined));
  for (const s of newlyRestricted) times.push(s.value === undefined ? null : s.changedAtMs);
  if (times.length === 0) {
    const changed = sides.filter((s) => s.changed).sort((a, b) => (a.changedAtMs ?? 0) - (b.changedAtMs ?? 0));
    const last = changed[changed.length - 1];
    return { value: !R, winner: before || !last ? 'before' : last.side, revokedAtMs: null, reason: 'unchanged' };
  }
  const latest = times.some((t) => t === null) ? null : Math.max(...(times as number[]));

  const reconsents = sides.filter(
    (s) =>
      s.value === !R &&
      s.changed &&
      hasEvidenceField &&
      RECONSENT_FROM[mapping.sync].includes(s.side) &&
      s.evidenceMs !== null &&
      latest !== null &&
      s.evidenceMs > latest,
  );
  if (reconsents.length > 0) {
    // Both re-consented: the later evidence decides, Salesforce on a tie (as for two_way).
    const by = [...reconsents].sort((a, b) => (a.evidenceMs ?? 0) - (b.evidenceMs ?? 0) || (a.side === 'salesforce' ? 1 : -1));
    const winner = by[by.length - 1] as ConsentSide;
    return { value: !R, winner: winner.side, revokedAtMs: null, reason: 'consent_reconsented' };
  }
  if (heldBefore) {
    const cleared = sides.some((s) => s.value === !R);
    return { value: R, winner: 'before', revokedAtMs: latest, reason: cleared || newlyRestricted.length > 0 ? 'consent_revocation_held' : 'unchanged' };
  }
  const first = [...newlyRestricted].sort((a, b) => (b.changedAtMs ?? Infinity) - (a.changedAtMs ?? Infinity))[0] as ConsentSide;
  return { value: R, winner: first.side, revokedAtMs: latest, reason: 'consent_revoked' };
}
