/**
 * The tamper-evident audit trail (RELIABILITY "Audit"). Each row carries the hash of the row
 * before it and of its own content:
 *
 *   hash = sha256hex(prevHash ?? '' + canonicalJson({ seq, leadId, at, actor, type, summary, data }))
 *
 * with `at` as an ISO-8601 string and keys sorted at every depth. The exported JSONL rows use
 * exactly those names, so an examiner can re-verify an export with any sha256 tool.
 * Appends are serialised by a transaction-scoped advisory lock of the deployment's schema
 * (lock-keys.ts), so reading the head and inserting after it cannot interleave; the unique
 * constraints of 0001 refuse a fork anyway.
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';
import { asStoredJson, canonicalJson, sha256Hex } from './canonical';
import { xactLockSql } from './lock-keys';

export interface AuditInput {
  leadId?: string | null;
  type: string;
  actor: string;
  summary?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditRecord {
  seq: number;
  leadId: string | null;
  at: string;
  actor: string;
  type: string;
  summary: string | null;
  data: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

interface AuditRow {
  seq: number;
  lead_id: string | null;
  at: Date;
  actor: string;
  type: string;
  summary: string | null;
  data: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

const COLUMNS = 'seq, lead_id, at, actor, type, summary, data, prev_hash, hash';

export function toRecord(r: AuditRow): AuditRecord {
  return {
    seq: r.seq,
    leadId: r.lead_id,
    at: r.at.toISOString(),
    actor: r.actor,
    type: r.type,
    summary: r.summary,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The hash a row must carry, from its content and its predecessor's hash. */
export function auditHash(prevHash: string | null, rec: Omit<AuditRecord, 'prevHash' | 'hash'>): string {
  const content = { seq: rec.seq, leadId: rec.leadId, at: rec.at, actor: rec.actor, type: rec.type, summary: rec.summary, data: rec.data };
  return sha256Hex((prevHash ?? '') + canonicalJson(content));
}

export async function auditHead(db: Db): Promise<ChainHead | null> {
  const { rows } = await db.query<ChainHead>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  return rows[0] ?? null;
}

/**
 * Appends one event at the clock's time. Runs in the caller's transaction when given one (the
 * lock is then held until that transaction ends), else in its own.
 */
export function appendAudit(db: Db, clock: Clock, event: AuditInput): Promise<AuditRecord> {
  return db.transaction(async (tx) => {
    await tx.query(xactLockSql('audit'));
    // The head and the next seq in one statement, after the lock (a statement's snapshot is taken
    // when it starts, so the head must not be read by the statement that takes the lock).
    const { rows } = await tx.query<{ seq: number; head: string | null }>(
      `SELECT nextval(pg_get_serial_sequence('audit_events', 'seq')) AS seq, (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS head`,
    );
    const seq = Number(rows[0]?.seq);
    const content = {
      seq,
      leadId: event.leadId ?? null,
      at: clock.now().toISOString(),
      actor: event.actor,
      type: event.type,
      summary: event.summary ?? null,
      data: asStoredJson(event.data ?? {}),
    };
    const prevHash = rows[0]?.head ?? null;
    const hash = auditHash(prevHash, content);
    await tx.query(
      `INSERT INTO audit_events (seq, lead_id, at, actor, type, summary, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [seq, content.leadId, content.at, content.actor, content.type, content.summary, JSON.stringify(content.data), prevHash, hash],
    );
    return { ...content, prevHash, hash };
  });
}

async function* pages(db: Db, where: string, params: unknown[], pageSize: number): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_events WHERE seq > $1 ${where} ORDER BY seq LIMIT ${pageSize}`,
      [after, ...params],
    );
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.seq;
    if (rows.length < pageSize) return;
  }
}

export interface VerifyResult {
  ok: boolean;
  /** Rows checked before the first problem (all of them when ok). */
  checked: number;
  head: ChainHead | null;
  firstBadSeq?: number;
  reason?: string;
}

export interface VerifyOptions {
  /**
   * A head exported earlier: the chain must still contain it. Without one, removing the newest
   * rows cannot be told from never having written them.
   */
  expectHead?: ChainHead;
  pageSize?: number;
}

/** Walks the chain in seq order, recomputing every hash and every link. */
export async function verifyAudit(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  let prev: AuditRow | undefined;
  let checked = 0;
  let sawExpected = false;
  const bad = (row: AuditRow, reason: string): VerifyResult => ({
    ok: false,
    checked,
    head: prev ? { seq: prev.seq, hash: prev.hash } : null,
    firstBadSeq: row.seq,
    reason,
  });
  for await (const page of pages(db, '', [], opts.pageSize ?? 1000)) {
    for (const row of page) {
      if (!prev && row.prev_hash !== null) {
        return bad(row, `row ${row.seq} is the first row but names a predecessor: the rows before it were deleted`);
      }
      if (prev && row.prev_hash !== prev.hash) {
        return bad(row, `row ${row.seq} does not follow row ${prev.seq} (its prev_hash is not that row's hash): a row between them was deleted, or rows were reordered`);
      }
      if (auditHash(row.prev_hash, toRecord(row)) !== row.hash) {
        return bad(row, `row ${row.seq} was changed: its content no longer matches its hash`);
      }
      if (opts.expectHead && row.seq === opts.expectHead.seq) {
        if (row.hash !== opts.expectHead.hash) return bad(row, `row ${row.seq} is not the head exported earlier (hash differs)`);
        sawExpected = true;
      }
      prev = row;
      checked++;
    }
  }
  const head = prev ? { seq: prev.seq, hash: prev.hash } : null;
  if (opts.expectHead && !sawExpected) {
    return { ok: false, checked, head, firstBadSeq: opts.expectHead.seq, reason: `row ${opts.expectHead.seq}, the head exported earlier, is missing: the newest rows were deleted` };
  }
  return { ok: true, checked, head };
}

export interface ExportFilter {
  leadId?: string;
  since?: Date;
  until?: Date;
  pageSize?: number;
}

export interface AuditExport {
  /** The chain head when the export started; rows after it are left out, so the two agree. */
  head: ChainHead | null;
  rows: AsyncIterable<AuditRecord>;
}

/** Rows in seq order, filtered by lead and time, as the JSONL export writes them. */
export async function exportAudit(db: Db, filter: ExportFilter = {}): Promise<AuditExport> {
  const head = await auditHead(db);
  const params: unknown[] = [head?.seq ?? 0];
  let where = 'AND seq <= $2';
  if (filter.leadId !== undefined) where += ` AND lead_id = $${params.push(filter.leadId) + 1}`;
  if (filter.since) where += ` AND at >= $${params.push(filter.since.toISOString()) + 1}`;
  if (filter.until) where += ` AND at < $${params.push(filter.until.toISOString()) + 1}`;
  async function* rows(): AsyncGenerator<AuditRecord> {
    for await (const page of pages(db, where, params, filter.pageSize ?? 1000)) {
      for (const row of page) yield toRecord(row);
    }
  }
  return { head, rows: rows() };
}
