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
