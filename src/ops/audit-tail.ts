/**
 * Following the audit trail as it is written: rows after the last sequence number seen, in order.
 * The trail is append-only and every decision writes one row in its own transaction, so reading
 * by seq sees each decision once. (A seq can commit after a higher one only while an append is
 * in flight; the advisory lock of appendAudit serialises appends, so the order holds.)
 */
import type { AuditRecord } from '../engine/audit';
import { toRecord } from '../engine/audit';
import type { Db } from '../store/db';
import type { LeadLabel } from './demo-feed';

type Row = Parameters<typeof toRecord>[0];

export class AuditTail {
  constructor(
    private readonly db: Db,
    private after = 0,
  ) {}

  get lastSeq(): number {
    return this.after;
  }

  async next(limit = 1_000): Promise<AuditRecord[]> {
    const { rows } = await this.db.query<Row>(
      'SELECT seq, lead_id, at, actor, type, summary, data, prev_hash, hash FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [this.after, limit],
    );
    const out = rows.map(toRecord);
    const last = out[out.length - 1];
    if (last) this.after = Number(last.seq);
    return out;
  }
}

/** Taxonomy of the leads a batch of events is about, for the demo's lines. */
export async function leadLabels(db: Db, events: readonly Pick<AuditRecord, 'leadId'>[]): Promise<Map<string, LeadLabel>> {
  const ids = [...new Set(events.map((e) => e.leadId).filter((x): x is string => x !== null))];
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; kind: string | null; segment: string | null; product: string | null }>(
    'SELECT id, kind, segment, product FROM leads WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { kind: r.kind, segment: r.segment, product: r.product }]));
}
