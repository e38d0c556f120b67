/**
 * Roster ids in the words people use: an RM's name and branch, a queue's name. The audit trail
 * stores ids (they do not change when someone's name does); what Handoff prints for people says
 * who they are.
 */
import { DateTime } from 'luxon';

export interface Names {
  /** "Marcus Chen (downtown)", "the Contact Center queue", or the id itself when the roster does not know it. */
  owner(id: string | null | undefined): string;
  /** Just the person's or queue's name. */
  short(id: string | null | undefined): string;
}

/** The part of the roster names come from (a MappingsConfig fits). */
export interface RosterNamesSource {
  roster: { rms: readonly { id: string; name: string; branch?: string | undefined }[]; queues: readonly { id: string; name: string }[] };
}

export const NO_ROSTER: RosterNamesSource = { roster: { rms: [], queues: [] } };

export function rosterNames(config: RosterNamesSource): Names {
  const rms = new Map(config.roster.rms.map((r) => [r.id, r]));
  const queues = new Map(config.roster.queues.map((q) => [q.id, q]));
  return {
    owner(id) {
      if (!id) return 'nobody';
      const rm = rms.get(id);
      if (rm) return rm.branch ? `${rm.name} (${rm.branch})` : rm.name;
      const q = queues.get(id);
      return q ? `the ${q.name} queue` : id;
    },
    short(id) {
      if (!id) return 'nobody';
      return rms.get(id)?.name ?? queues.get(id)?.name ?? id;
    },
  };
}

/** "Tue 09:42" in the zone: the demo's and explain's clock face. */
export function clockFace(at: Date | string, zone: string): string {
  return DateTime.fromJSDate(new Date(at), { zone }).toFormat('ccc HH:mm');
}

/** An ISO instant as local date and time with its zone: "2025-03-04 10:12 EST". */
export function localTime(at: Date | string, zone: string): string {
  return DateTime.fromJSDate(new Date(at), { zone }).toFormat('yyyy-LL-dd HH:mm ZZZZ');
}

/** The short form of a lead id people can read out and paste back (the uuid's first block). */
export const shortId = (id: string | null | undefined): string => (id ? id.split('-')[0]!.slice(0, 8) : '—');

export function money(amount: number): string {
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}

export function minutesText(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
