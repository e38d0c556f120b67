/**
 * The life of an outbox row as a table of allowed moves (STYLE 6). Per record
 * (system, object, record_key), rows are sent in id order: an "open" row blocks every later one.
 *
 *   pending ─claim─▶ claimed ─ok─▶ done
 *      ▲               │ ├─retry─▶ pending (next_attempt_at later)
 *      │               │ └─dead──▶ dead ─operator retry─▶ pending
 *      │  lease expired┘            └──operator discard─▶ discarded
 *   held ◀─ a row before it for the same record died; released by that row's retry or discard
 */
export const OUTBOX_TRANSITIONS = {
  pending: ['claimed', 'held'],
  claimed: ['done', 'pending', 'dead'],
  held: ['pending'],
  dead: ['pending', 'discarded'],
  done: [],
  discarded: [],
} as const;

export type OutboxStatus = keyof typeof OUTBOX_TRANSITIONS;

/** Rows that still have to be sent (or given up on): they block later rows of their record. */
export const OPEN_STATUSES: readonly OutboxStatus[] = ['pending', 'claimed', 'dead', 'held'];

export function canMoveOutbox(from: OutboxStatus, to: OutboxStatus): boolean {
  return (OUTBOX_TRANSITIONS[from] as readonly OutboxStatus[]).includes(to);
}

/** SQL list literal of the open statuses, for queries (constants, not user input). */
export const OPEN_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
