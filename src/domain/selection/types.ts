/**
 * Selection strategies choose one owner from candidates that routing has already filtered for
 * eligibility (licence, skills, territory, availability). They are pure: the pointer state
 * lives in the database per pool, is passed in, and the next state comes back with the pick.
 */
export interface Selection<S> {
  /** null only when there was nobody to pick (no candidates, or every weight is zero). */
  pick: string | null;
  /** The state to persist for this pool; unchanged when nothing was picked. */
  nextState: S;
  /** One sentence for the audit trail: how the pick was made. */
  explanation: string;
}
