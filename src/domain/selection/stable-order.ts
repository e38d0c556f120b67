/**
 * Ties are broken by a stable order (ids sorted by code unit, never by locale) rotated to start
 * after the previous pick. Candidate lists arrive in whatever order a query returned them; the
 * pick must not depend on that.
 */
export function stableOrder(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The first of `sorted` that comes after `last` in the stable order, wrapping around. */
export function firstAfter(sorted: readonly string[], last: string | undefined): string | undefined {
  if (last === undefined) return sorted[0];
  return sorted.find((id) => id > last) ?? sorted[0];
}

/** "tie among 3 broken by rotation after X" when there was a tie worth mentioning, else ''. */
export function tieNote(tied: readonly string[], last: string | undefined): string {
  if (tied.length < 2) return '';
  return last === undefined
    ? `; tie among ${tied.length} broken by stable order`
    : `; tie among ${tied.length} broken by rotation after ${last}`;
}
