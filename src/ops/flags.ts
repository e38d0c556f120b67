/**
 * Flag values as the ops commands accept them: numbers in a range, durations ("30d", "12h"),
 * instants. A bad value is a HandoffError naming the flag and what it needs.
 */
import { HandoffError } from '../errors';

export function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new HandoffError('BAD_FLAG', `--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function positiveNumber(flag: string, raw: string, max = 100_000): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new HandoffError('BAD_FLAG', `--${flag} must be a number above 0 and at most ${max}, got "${raw}"`);
  return n;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "30d", "12h", "90m", "2w" → milliseconds. */
export function parseDuration(flag: string, raw: string): number {
  const m = /^(\d+)\s*([mhdw])$/.exec(raw.trim());
  if (!m || Number(m[1]) <= 0) throw new HandoffError('BAD_FLAG', `--${flag} must be a duration such as 30d, 12h, 90m or 2w (or an ISO date-time), got "${raw}"`);
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

/** A duration back from now, or an ISO date-time. */
export function parseSince(flag: string, raw: string, now: Date): Date {
  if (/^\d+\s*[mhdw]$/.test(raw.trim())) return new Date(now.getTime() - parseDuration(flag, raw));
  return parseInstant(flag, raw);
}

export function parseInstant(flag: string, raw: string): Date {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw new HandoffError('BAD_FLAG', `--${flag} must be an ISO date or date-time such as 2026-01-01 or 2026-01-01T00:00:00Z, got "${raw}"`);
  return new Date(ms);
}
