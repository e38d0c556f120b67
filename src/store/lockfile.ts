import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HandoffError } from '../errors';

/**
 * An exclusive lock on a PGlite data directory. PGlite is one PostgreSQL backend inside one
 * process; two processes writing the same files would corrupt the database, so the second one
 * is refused and told who holds the directory. A lock left by a process that died on this host
 * is stale and taken over. Node has no flock(), so the lock is a file created atomically
 * (written aside, then hard-linked into place, which fails if it exists).
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface DirLock {
  readonly file: string;
  readonly holder: LockHolder;
  release(): void;
}

export const LOCK_FILE = 'handoff.lock';

/** Locks held by this process, so a pid reused after a restart (pid 1 in a container) is judged right. */
const heldHere = new Set<string>();

function readHolder(file: string): LockHolder | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.startedAt === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: v.startedAt };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  }
  // Unreadable content is treated as a lock of unknown owner: refused, never silently taken.
  return { pid: -1, hostname: 'unknown', startedAt: 'unknown' };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(file: string, h: LockHolder): boolean {
  if (h.hostname !== os.hostname() || h.pid <= 0) return false;
  if (h.pid === process.pid) return !heldHere.has(file);
  return !isAlive(h.pid);
}

function tryCreate(file: string, holder: LockHolder): boolean {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(holder) + '\n');
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function lockedError(dir: string, h: LockHolder): HandoffError {
  return new HandoffError(
    'STORE_LOCKED',
    `the data directory ${dir} is in use by another handoff process (pid ${h.pid} on host ${h.hostname}, since ${h.startedAt}). ` +
      'Stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.',
    { dir, ...h },
  );
}

export function acquireDirLock(dir: string, onStaleTakeover?: (stale: LockHolder) => void): DirLock {
  const file = path.join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, holder)) {
      heldHere.add(file);
      return { file, holder, release: () => releaseDirLock(file, holder) };
    }
    const current = readHolder(file);
    if (current === undefined) continue; // released between our two looks
    if (!isStale(file, current)) throw lockedError(dir, current);
    // Move the stale lock aside, then check that what we moved is what we judged stale: another
    // process may have taken it over in between, and its fresh lock must be put back.
    const aside = `${file}.stale.${process.pid}.${Date.now()}`;
    try {
      renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = readHolder(aside);
    if (moved && (moved.pid !== current.pid || moved.startedAt !== current.startedAt)) {
      try {
        linkSync(aside, file);
      } catch {
        // someone else holds the name now; either way it is not ours
      }
      unlinkSync(aside);
      throw lockedError(dir, moved);
    }
    unlinkSync(aside);
    onStaleTakeover?.(current);
  }
  const last = readHolder(file);
  throw lockedError(dir, last ?? { pid: -1, hostname: 'unknown', startedAt: 'unknown' });
}

function releaseDirLock(file: string, holder: LockHolder): void {
  heldHere.delete(file);
  const current = readHolder(file);
  // Only remove the file if it is still ours (never someone's who took over a lock judged stale).
  if (current && current.pid === holder.pid && current.startedAt === holder.startedAt && current.hostname === holder.hostname) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}
