/**
 * Salesforce record ids: a 3-character key prefix naming the object, then 12 more characters, 15 in
 * all and case-sensitive; the API returns the 18-character form, whose last 3 characters encode
 * the case of the first 15 so the id survives case-insensitive systems.
 *
 * Generated ids count up in base 62 with the digits in ASCII order (0-9, A-Z, a-z), so ids made
 * later sort later both as strings and as Salesforce orders them; keyset paging on Id relies on it.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const KEY_PREFIX = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  User: '005',
  Group: '00G',
  Lead: '00Q',
  Task: '00T',
  Event: '00U',
  Organization: '00D',
  CustomField: '00N',
  GroupMember: '011',
  RecordType: '012',
  LeadStatus: '01J',
  QueueSobject: '03g',
  QueryLocator: '01g',
} as const;

export function checksumSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let j = 0; j < 5; j++) {
      const c = id15[chunk * 5 + j] ?? '';
      if (c >= 'A' && c <= 'Z') flags |= 1 << j;
    }
    out += SUFFIX[flags];
  }
  return out;
}

export function to18(id15: string): string {
  return id15 + checksumSuffix(id15);
}

/**
 * The 18-character form of a well-formed id, or undefined. An 18-character id must carry the suffix
 * its first 15 characters imply (compared without regard to case, as Salesforce does).
 */
export function normalizeId(id: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return undefined;
  const head = id.slice(0, 15);
  const full = to18(head);
  if (id.length === 18 && id.slice(15).toUpperCase() !== full.slice(15)) return undefined;
  return full;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/** Makes ids for one org. Each emulator has its own, so two emulators never share state. */
export class IdFactory {
  private counters = new Map<string, number>();
  /** `pod` is the two characters after the prefix (Salesforce's instance marker). */
  constructor(private readonly pod = '8d') {}

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    let digits = '';
    let rest = n;
    while (rest > 0) {
      digits = BASE62[rest % 62]! + digits;
      rest = Math.floor(rest / 62);
    }
    return to18(prefix + this.pod + digits.padStart(10, '0'));
  }
}
