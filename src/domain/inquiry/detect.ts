/**
 * What counts as a new inquiry from someone who already has a lead. HubSpot says so in its own
 * conversion properties, which every portal has and only HubSpot sets: a form submission raises
 * `num_conversion_events` and stamps `recent_conversion_date` and `recent_conversion_event_name`.
 * The lifecycle stage says nothing: a contact already at SQL stays at SQL when they fill in a
 * second form. A branch referral through the events API is an inquiry of its own (its event id).
 */
export const CONVERSION_PROPERTIES = {
  count: 'num_conversion_events',
  at: 'recent_conversion_date',
  name: 'recent_conversion_event_name',
} as const;

export interface Inquiry {
  /**
   * The same inquiry seen twice (a webhook read and a poll, an event sent again) has the same id:
   * `hubspot:conversion:<n>` for the contact's n-th conversion, `events:<source>:<event id>`.
   */
  id: string;
  /** Where it came from: `hubspot.contact` or `events:<source>`. */
  source: string;
  /** What came in, in marketing's words: the form's name, "referral". Never personal data. */
  what: string | null;
  /** The product asked about (a products.yaml id), when the inquiry names one. */
  product: string | null;
  /** The branch that referred them, for a referral. */
  branchId: string | null;
  at: Date | null;
}

type Props = Readonly<Record<string, string | null | undefined>>;

const count = (v: string | null | undefined): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const instant = (v: string | null | undefined): Date | null => {
  if (typeof v !== 'string' || v.trim() === '') return null;
  // HubSpot gives datetimes as ISO text or as epoch milliseconds.
  const d = /^\d+$/.test(v.trim()) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/**
 * The inquiry a contact read shows against the last one seen, or null. The count decides when
 * HubSpot gives it (the n-th conversion is one inquiry however often, and in whatever order, its
 * two properties are read); the date only when there is no count. A property Handoff has never
 * read for this contact is a baseline, not an inquiry: there was nothing to compare with.
 */
export function conversionInquiry(before: Props, after: Props): Inquiry | null {
  const { count: C, at: A, name: N } = CONVERSION_PROPERTIES;
  const n = count(after[C]);
  const at = instant(after[A]);
  const base = { source: 'hubspot.contact', what: after[N]?.trim() || null, product: null, branchId: null, at };
  if (n !== null) {
    if (!(C in before) || n <= (count(before[C]) ?? 0)) return null;
    return { ...base, id: `hubspot:conversion:${n}` };
  }
  if (at === null || !(A in before)) return null;
  const was = instant(before[A]);
  if (was !== null && at <= was) return null;
  return { ...base, id: `hubspot:conversion_at:${at.toISOString()}` };
}
