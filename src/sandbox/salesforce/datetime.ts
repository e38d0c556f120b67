/**
 * Salesforce's wire forms of time. Datetimes come back in UTC as `2013-05-20T20:49:32.000+0000`
 * (no colon in the offset) and are stored to the second, so the milliseconds are always `.000`
 * — which is why many records share one SystemModstamp and pollers need a keyset cursor.
 */

export function formatDatetime(d: Date | number): string {
  const ms = typeof d === 'number' ? d : d.getTime();
  const truncated = new Date(Math.floor(ms / 1000) * 1000);
  return truncated.toISOString().replace('Z', '+0000');
}

export function formatDate(d: Date | number): string {
  return new Date(typeof d === 'number' ? d : d.getTime()).toISOString().slice(0, 10);
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses what a client may send for a datetime field; undefined when it is not a datetime. */
export function parseDatetimeInput(v: string): number | undefined {
  const m = ISO_DATETIME.exec(v.trim());
  if (m) {
    const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
    const z = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${z}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) {
    const ms = Date.parse(`${v.trim()}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Parses what a client may send for a date field: a date, or a datetime whose UTC date is taken. */
export function parseDateInput(v: string): string | undefined {
  const t = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const ms = Date.parse(`${t}T00:00:00Z`);
    return Number.isNaN(ms) || formatDate(ms) !== t ? undefined : t;
  }
  const ms = parseDatetimeInput(t);
  return ms === undefined ? undefined : formatDate(ms);
}

/** Reads a stored wire datetime back to epoch ms. */
export function datetimeToMs(v: string): number {
  return Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
