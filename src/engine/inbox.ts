/**
 * The inbox (DESIGN "The pipeline", step 1): everything that arrives is stored first,
 * deduplicated by (source, source_id), and handled later. Handling runs in the transaction that
 * marks the row processed, with the row locked FOR UPDATE SKIP LOCKED: the handler's effects and
 * "processed" commit together, and two workers never handle one row. A handler that throws has
 * its effects rolled back (a savepoint) and the row is tried again later with backoff, then
 * parked as dead with the reason and its error class, for `handoff dlq` (dlq-inbox.ts).
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';
import type { Logger } from '../observability/logger';
import { silentLogger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { yieldToEventLoop } from './loop';
import type { BackoffOptions } from './retry-policy';
import { fullJitterDelay } from './retry-policy';

export type InboxSource = 'hubspot' | 'salesforce' | 'events';

export interface InboundItem {
  source: InboxSource;
  /** The event id the source gives (webhook eventId, Id + SystemModstamp for a polled change). */
  sourceId: string;
  kind: string;
  payload: unknown;
}

export interface InboxRow {
  id: number;
  source: InboxSource;
  sourceId: string;
  kind: string;
  payload: unknown;
  attempts: number;
  receivedAt: Date;
}

export type StoreResult = { status: 'stored'; id: number } | { status: 'duplicate' };

export async function storeInbound(
  db: Db,
  clock: Clock,
  item: InboundItem,
  metrics?: Pick<Metrics, 'inboxReceived'>,
): Promise<StoreResult> {
  const now = clock.now().toISOString();
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO inbox (source, source_id, kind, payload, received_at, available_at) VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (source, source_id) DO NOTHING RETURNING id`,
    [item.source, item.sourceId, item.kind, JSON.stringify(item.payload), now],
  );
  const id = rows[0]?.id;
  metrics?.inboxReceived.inc({ source: item.source, result: id === undefined ? 'duplicate' : 'stored' });
  return id === undefined ? { status: 'duplicate' } : { status: 'stored', id };
}

/**
 * Stores many items in one statement (a poll page, a webhook delivery); duplicates of stored
 * items (same source and source id) are skipped.
 */
export async function storeInboundBatch(db: Db, clock: Clock, items: readonly InboundItem[]): Promise<{ stored: number; duplicates: number }> {
  if (items.length === 0) return { stored: 0, duplicates: 0 };
  const now = clock.now().toISOString();
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO inbox (source, source_id, kind, payload, received_at, available_at)
     SELECT s, i, k, p::jsonb, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(s, i, k, p)
     ON CONFLICT (source, source_id) DO NOTHING RETURNING id`,
    [items.map((x) => x.source), items.map((x) => x.sourceId), items.map((x) => x.kind), items.map((x) => JSON.stringify(x.payload)), now],
  );
  return { stored: rows.length, duplicates: items.length - rows.length };
}

/** What the handler did with the item; a thrown error means "try again later". */
export type InboxOutcome = 'applied' | 'ignored';
export type InboxHandler = (tx: Db, row: InboxRow) => Promise<InboxOutcome>;

export interface ProcessInboxOptions {
  /** Items to handle in this call at most. */
  limit: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  logger?: Logger;
  /** Kinds this call leaves alone (another step handles them, e.g. webhooks resolved in batches). */
  excludeKinds?: readonly string[];
}

export interface ProcessInboxResult {
  processed: number;
  applied: number;
  ignored: number;
  failed: number;
  dead: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 15 * 60_000 };

interface RawInbox {
  id: number;
  source: InboxSource;
  source_id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  received_at: Date;
}

/**
 * What the dead-letter queue groups a failed item by: the error's code (a HandoffError's, a
 * driver's or a system's), else its name (TypeError: a bug in a handler).
 */
export function errorClass(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return err instanceof Error ? err.name : 'unknown';
}

/** Handles up to `limit` available items, one transaction each, oldest available first, yielding between them. */
export async function processInbox(db: Db, clock: Clock, handler: InboxHandler, opts: ProcessInboxOptions): Promise<ProcessInboxResult> {
  const result: ProcessInboxResult = { processed: 0, applied: 0, ignored: 0, failed: 0, dead: 0 };
  const logger = opts.logger ?? silentLogger();
  const maxAttempts = opts.maxAttempts ?? 10;
  for (let i = 0; i < opts.limit; i++) {
    if (i > 0) await yieldToEventLoop();
    const outcome = await db.transaction(async (tx) => {
      const now = clock.now();
      const { rows } = await tx.query<RawInbox>(
        `SELECT id, source, source_id, kind, payload, attempts, received_at FROM inbox
          WHERE processed_at IS NULL AND available_at <= $1 AND NOT (kind = ANY($2::text[]))
          ORDER BY available_at, id LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), [...(opts.excludeKinds ?? [])]],
      );
      const raw = rows[0];
      if (!raw) return null;
      const row: InboxRow = { id: raw.id, source: raw.source, sourceId: raw.source_id, kind: raw.kind, payload: raw.payload, attempts: raw.attempts, receivedAt: raw.received_at };
      try {
        const done = await tx.transaction((sp) => handler(sp, row));
        await tx.query(`UPDATE inbox SET processed_at = $2, outcome = $3, attempts = attempts + 1, last_error = NULL, last_error_code = NULL WHERE id = $1`, [row.id, now.toISOString(), done]);
        return done;
      } catch (err) {
        const attempts = row.attempts + 1;
        const message = err instanceof Error ? err.message : String(err);
        const code = errorClass(err);
        if (attempts >= maxAttempts) {
          await tx.query(`UPDATE inbox SET processed_at = $2, outcome = 'dead', attempts = $3, last_error = $4, last_error_code = $5 WHERE id = $1`, [row.id, now.toISOString(), attempts, message, code]);
          logger.error('inbox item dead after its last attempt', { inboxId: row.id, source: row.source, kind: row.kind, attempts, code, error: message });
          return 'dead' as const;
        }
        const at = new Date(now.getTime() + fullJitterDelay(attempts, opts.backoff ?? DEFAULT_BACKOFF));
        await tx.query(`UPDATE inbox SET available_at = $2, attempts = $3, last_error = $4, last_error_code = $5 WHERE id = $1`, [row.id, at.toISOString(), attempts, message, code]);
        logger.warn('inbox item failed; will retry', { inboxId: row.id, source: row.source, kind: row.kind, attempts, code, error: message });
        return 'failed' as const;
      }
    });
    if (outcome === null) break;
    result.processed++;
    result[outcome]++;
  }
  return result;
}
