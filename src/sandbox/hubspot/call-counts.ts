/**
 * How many calls the emulator answered, by route pattern (`POST /crm/v3/objects/contacts/batch/upsert`),
 * by status (`207`) and by both (`POST /crm/v3/objects/contacts/batch/upsert 207`). Tests and
 * benchmarks use it to prove "a quiet system makes zero write calls" and to measure API budgets.
 */
export interface CallCounts {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byRouteStatus: Record<string, number>;
}

export const UNMATCHED_ROUTE = '(unmatched)';

export class CallCounter {
  private counts: CallCounts = { total: 0, byRoute: {}, byStatus: {}, byRouteStatus: {} };

  record(routeKey: string, status: number): void {
    const c = this.counts;
    c.total++;
    c.byRoute[routeKey] = (c.byRoute[routeKey] ?? 0) + 1;
    c.byStatus[String(status)] = (c.byStatus[String(status)] ?? 0) + 1;
    const both = `${routeKey} ${status}`;
    c.byRouteStatus[both] = (c.byRouteStatus[both] ?? 0) + 1;
  }

  snapshot(): CallCounts {
    const c = this.counts;
    return { total: c.total, byRoute: { ...c.byRoute }, byStatus: { ...c.byStatus }, byRouteStatus: { ...c.byRouteStatus } };
  }

  reset(): void {
    this.counts = { total: 0, byRoute: {}, byStatus: {}, byRouteStatus: {} };
  }
}
