/**
 * Polling watermarks as a keyset (ts, id) per poller (RELIABILITY "Watermarks lose records"):
 * SystemModstamp is not unique, so a poller asks for `(ts = :ts AND id > :id) OR ts > :ts` and
 * re-reads a look-back window. The cursor only ever moves forward; it is never "now".
 */
import type { Clock } from '../domain/clock';
import type { Db } from '../store/db';

export interface Cursor {
  ts: Date;
  id: string;
}

/** Keyset order: by time, then by id compared byte-wise (COLLATE "C" in SQL, the same order). */
export function compareCursor(a: Cursor, b: Cursor): number {
  return a.ts.getTime() - b.ts.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The smallest Salesforce Id: (t, FIRST_ID) is the keyset position just before every record stamped t. */
export const FIRST_ID = '000000000000000';

const laterOf = (a: Cursor, b: Cursor): Cursor => (compareCursor(a, b) >= 0 ? a : b);
const earlierOf = (a: Cursor, b: Cursor): Cursor => (compareCursor(a, b) <= 0 ? a : b);

/** Just before every record stamped in the second of `ms` or later (Salesforce stores seconds). */
const startOfSecond = (ms: number): Cursor => ({ ts: new Date(Math.floor(ms / 1000) * 1000), id: FIRST_ID });

/**
 * How far the look-back re-read may go at `nowMs`. It reads each record once more when the record
 * is `lookbackMs` old, so a change committed that late behind a cursor already past its stamp
 * (a long transaction, clock skew) is read then; so it never goes past what the forward walk has
 * read, nor into the last `lookbackMs`.
 */
export function reReadThrough(forward: Cursor, nowMs: number, lookbackMs: number): Cursor {
  return earlierOf(forward, startOfSecond(nowMs - lookbackMs));
}

/**
 * Where the re-read stands after a forward page, read at `readAtMs`, took the walk from `from` to
 * `to`. If the re-read had reached `from`, the part of the page already look-back old when it was
 * read needs no second read: the re-read moves up to it. (A first poll's history is not read twice;
 * a record read young still is.) Otherwise the gap behind `from` is still the re-read's to walk.
 */
export function reReadAfterForwardPage(reRead: Cursor, from: Cursor, to: Cursor, readAtMs: number, lookbackMs: number): Cursor {
  if (compareCursor(reRead, from) < 0) return reRead;
  return laterOf(reRead, reReadThrough(to, readAtMs, lookbackMs));
}

export async function getCursor(db: Db, name: string): Promise<Cursor | null> {
  const { rows } = await db.query<{ ts: Date | null; last_id: string | null }>('SELECT ts, last_id FROM cursors WHERE name = $1', [name]);
  const r = rows[0];
  if (!r || r.ts === null) return null;
  return { ts: r.ts, id: r.last_id ?? '' };
}

/**
 * Saves the cursor unless the stored one is already further on (a slow or stale poller must
 * not move it back). Returns the cursor now stored.
 */
export async function setCursor(db: Db, clock: Clock, name: string, cursor: Cursor): Promise<Cursor> {
  const { rows } = await db.query<{ ts: Date; last_id: string }>(
    `INSERT INTO cursors (name, ts, last_id, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET ts = excluded.ts, last_id = excluded.last_id, updated_at = excluded.updated_at
       WHERE cursors.ts IS NULL OR (cursors.ts, coalesce(cursors.last_id, '') COLLATE "C") < (excluded.ts, excluded.last_id COLLATE "C")
     RETURNING ts, last_id`,
    [name, cursor.ts.toISOString(), cursor.id, clock.now().toISOString()],
  );
  const r = rows[0];
  if (r) return { ts: r.ts, id: r.last_id };
  return (await getCursor(db, name)) ?? cursor;
}
