/**
 * Durations as people write them in the mappings: "2h", "30m", "1h30m", "90d". SLA durations
 * count business (or working) time, where a "day" has no fixed length, so those allow hours and
 * minutes only; a recycle cooldown is wall time and may use days.
 */
import { z } from 'zod';

export type DurationUnit = 'd' | 'h' | 'm';

const MINUTES: Record<DurationUnit, number> = { d: 1440, h: 60, m: 1 };
const PART = /(\d+(?:\.\d+)?)\s*([dhm])/g;

export type ParsedDuration = { ok: true; minutes: number } | { ok: false; message: string };

/** "1h30m" → 90. Every unit must be allowed; the result must be longer than zero. */
export function parseDuration(text: string, units: readonly DurationUnit[]): ParsedDuration {
  const example = units.includes('d') ? '90d, 12h or 1h30m' : '2h, 30m or 1h30m';
  const shape = `expected a duration such as ${example}, found "${text}"`;
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const body = trimmed.replace(/^[-+]\s*/, '');
  if (body === '' || body.replace(PART, '').trim() !== '') return { ok: false, message: shape };
  let minutes = 0;
  for (const m of body.matchAll(PART)) {
    const unit = m[2] as DurationUnit;
    if (!units.includes(unit)) {
      return { ok: false, message: `"${text}": ${unit === 'd' ? 'days are not a fixed length of business time; write hours (8h) or minutes' : `unit ${unit} is not allowed here`}` };
    }
    minutes += Number(m[1]) * MINUTES[unit];
  }
  if (negative || !(minutes > 0)) return { ok: false, message: `must be a positive duration, found "${text}"` };
  return { ok: true, minutes };
}

/** A duration in the YAML, parsed to minutes. Numbers alone are refused: "2" could be hours or minutes. */
export const duration = (units: readonly DurationUnit[]) =>
  z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      const parsed = parseDuration(String(v), units);
      if (parsed.ok && typeof v === 'string') return parsed.minutes;
      const message = parsed.ok || typeof v === 'number'
        ? `expected a duration with a unit, such as ${units.includes('d') ? '90d or 12h' : '2h or 30m'}, found ${String(v)}`
        : parsed.message;
      ctx.addIssue({ code: 'custom', message: typeof v === 'number' && !(v > 0) ? `must be a positive duration, found ${v}` : message, params: { code: 'bad_value' } });
      return z.NEVER;
    });

export const businessDuration = duration(['h', 'm']);
export const wallDuration = duration(['d', 'h', 'm']);
