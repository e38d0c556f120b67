import type { Clock } from '../../domain/clock';
import { KEY_PREFIX, type IdFactory } from './ids';
import type { Row } from './soql';

/**
 * Server-side query cursors behind `nextRecordsUrl`. A query's result is fixed when it runs
 * (later writes do not show up in its pages), as with Salesforce. The locator is
 * `<cursor id>-<offset of the next record>`, the form jsforce keeps (it reuses only the last URL
 * segment). Like Salesforce, a user keeps at most 10 open cursors (opening another drops the
 * oldest) and a cursor unused for 15 minutes is gone: both answer INVALID_QUERY_LOCATOR.
 */
const MAX_OPEN_PER_USER = 10;
const IDLE_MS = 15 * 60_000;

interface Cursor {
  id: string;
  userId: string;
  records: Row[];
  batchSize: number;
  lastUsedMs: number;
  openedSeq: number;
}

export interface Page {
  totalSize: number;
  done: boolean;
  locator?: string;
  records: Row[];
}

export class QueryCursors {
  private cursors = new Map<string, Cursor>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdFactory,
  ) {}

  /** The first page of a result; opens a cursor when there is more. */
  first(userId: string, records: Row[], batchSize: number): Page {
    this.sweep();
    const page = records.slice(0, batchSize);
    if (records.length <= batchSize) return { totalSize: records.length, done: true, records: page };
    const id = this.ids.next(KEY_PREFIX.QueryLocator);
    const mine = [...this.cursors.values()].filter((c) => c.userId === userId).sort((a, b) => a.openedSeq - b.openedSeq);
    while (mine.length >= MAX_OPEN_PER_USER) this.cursors.delete(mine.shift()!.id);
    this.cursors.set(id, { id, userId, records, batchSize, lastUsedMs: this.clock.now().getTime(), openedSeq: this.seq++ });
    return { totalSize: records.length, done: false, locator: `${id}-${batchSize}`, records: page };
  }

  /** The page a locator names, or undefined when the locator is unknown, expired or not this user's. */
  next(userId: string, locator: string): Page | undefined {
    this.sweep();
    const m = /^([A-Za-z0-9]{15,18})-(\d+)$/.exec(locator);
    const cursor = m ? this.cursors.get(m[1]!) : undefined;
    if (!m || !cursor || cursor.userId !== userId) return undefined;
    const offset = Number(m[2]);
    if (offset > cursor.records.length) return undefined;
    cursor.lastUsedMs = this.clock.now().getTime();
    const end = offset + cursor.batchSize;
    const records = cursor.records.slice(offset, end);
    if (end >= cursor.records.length) {
      this.cursors.delete(cursor.id);
      return { totalSize: cursor.records.length, done: true, records };
    }
    return { totalSize: cursor.records.length, done: false, locator: `${cursor.id}-${end}`, records };
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, c] of this.cursors) if (now - c.lastUsedMs > IDLE_MS) this.cursors.delete(id);
  }
}
