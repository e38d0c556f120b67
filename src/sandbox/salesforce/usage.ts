import type { Clock } from '../../domain/clock';

/**
 * The org's daily API request allowance, a rolling 24 hours as Salesforce counts it (kept in
 * one-minute buckets, so a fast sandbox clock refills it), and the emulator's own tally of calls
 * by route pattern and status for tests and benchmarks.
 */
const MINUTE = 60_000;
const WINDOW_MINUTES = 24 * 60;

export class ApiUsage {
  private buckets = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    public max: number,
  ) {}

  private minute(): number {
    return Math.floor(this.clock.now().getTime() / MINUTE);
  }

  used(): number {
    const now = this.minute();
    let sum = 0;
    for (const [m, n] of this.buckets) {
      if (m <= now - WINDOW_MINUTES) this.buckets.delete(m);
      else sum += n;
    }
    return sum;
  }

  /** Counts one call if the allowance has room; false when it is used up. */
  tryConsume(): boolean {
    if (this.used() >= this.max) return false;
    const m = this.minute();
    this.buckets.set(m, (this.buckets.get(m) ?? 0) + 1);
    return true;
  }

  /** Sets the count for the last 24 hours (all of it placed in the current minute). */
  set(used: number): void {
    this.buckets.clear();
    if (used > 0) this.buckets.set(this.minute(), used);
  }
}

export interface CallCounts {
  total: number;
  /** `METHOD /route-pattern`, e.g. `PATCH /composite/sobjects/:sobject/:extIdField`. */
  byRoute: Record<string, number>;
  /** HTTP status as a string, e.g. `200`, `401`. */
  byStatus: Record<string, number>;
  /** `METHOD /route-pattern STATUS`, e.g. `POST /composite/sobjects 200`. */
  byRouteStatus: Record<string, number>;
}

export class CallCounter {
  private counts: CallCounts = { total: 0, byRoute: {}, byStatus: {}, byRouteStatus: {} };

  record(route: string, status: number): void {
    const c = this.counts;
    c.total++;
    c.byRoute[route] = (c.byRoute[route] ?? 0) + 1;
    c.byStatus[String(status)] = (c.byStatus[String(status)] ?? 0) + 1;
    const rs = `${route} ${status}`;
    c.byRouteStatus[rs] = (c.byRouteStatus[rs] ?? 0) + 1;
  }

  snapshot(): CallCounts {
    const c = this.counts;
    return { total: c.total, byRoute: { ...c.byRoute }, byStatus: { ...c.byStatus }, byRouteStatus: { ...c.byRouteStatus } };
  }

  reset(): void {
    this.counts = { total: 0, byRoute: {}, byStatus: {}, byRouteStatus: {} };
  }
}
