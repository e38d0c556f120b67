/**
 * Time decay of engagement points: a rate-page visit last week says more about intent than one
 * last quarter. Exponential with a half-life, so "half as much every N days" is how marketing
 * ops can reason about it in YAML.
 */
const DAY_MS = 86_400_000;

/**
 * `points` halved every `halfLifeDays` since `occurredAt`. No half-life (or Infinity) means no
 * decay. A signal stamped after `now` (clock skew between systems) counts in full rather than
 * growing. Negative points (an unsubscribe) decay towards zero the same way.
 */
export function decayedPoints(points: number, occurredAt: Date, now: Date, halfLifeDays?: number): number {
  if (halfLifeDays === undefined || halfLifeDays === Infinity) return points;
  if (!(halfLifeDays > 0)) throw new RangeError(`halfLifeDays must be > 0, got ${halfLifeDays}`);
  const ageDays = Math.max(0, now.getTime() - occurredAt.getTime()) / DAY_MS;
  return points * 2 ** (-ageDays / halfLifeDays);
}
