/**
 * The effective roster: roster.yaml merged with the RMs Salesforce Users describe
 * (roster.yaml's from_salesforce). Each User row is checked as a YAML entry would be; a row that
 * fails is skipped with a reason naming the User Id and the field (never the person), and every
 * other row still loads. An RM the YAML also has keeps their YAML entry when their row is skipped,
 * so a typo in Salesforce never takes someone out of routing.
 */
import type { FromSalesforce, Rm, RosterConfig } from '../config/schemas/roster';
import { language, rmSchema } from '../config/schemas/roster';
import { RM_ROLES, LICENSES } from '../config/vocabulary';

/** One User as the query returns it: Id, Username, Name and the fields from_salesforce names. */
export interface RosterUserRow {
  Id: string;
  Username: string;
  Name?: string | null;
  [field: string]: unknown;
}

export interface SkippedUser {
  userId: string;
  /** The from_salesforce attribute (role, licenses…) and the User field that holds it. */
  attribute: string;
  field: string;
  reason: string;
}

export interface RosterMerge {
  roster: RosterConfig;
  /** RM ids only Salesforce has. */
  added: string[];
  /** RM ids whose YAML entry the User's fields replaced (mode override). */
  overridden: string[];
  /** Users matching a YAML entry left as the YAML has it (mode add_only). */
  keptYaml: string[];
  skipped: SkippedUser[];
}

export interface RosterMergeInput {
  /** roster.yaml as loaded (its from_salesforce says which fields to read). */
  roster: RosterConfig;
  users: readonly RosterUserRow[];
  /** segments.yaml's ids. */
  segments: readonly string[];
  now: Date;
}

const key = (s: string): string => s.trim().toLowerCase();

/** first.last@bank.example → first_last, the convention roster.yaml's ids follow. */
export function rmIdFromUsername(username: string): string {
  const local = username.split('@')[0] ?? '';
  const id = local.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(id) ? id : `rm_${id}`;
}

class RowProblem extends Error {
  constructor(
    readonly attribute: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** A multi-select picklist ("NMLS;SERIES_7") or a text field written with commas. */
function codes(v: unknown): string[] {
  if (blank(v)) return [];
  if (typeof v !== 'string') throw new RowProblem('', `expected text, found a ${typeof v}`);
  return [...new Set(v.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== ''))];
}

function text(v: unknown): string | undefined {
  if (blank(v)) return undefined;
  if (typeof v !== 'string') throw new RowProblem('', `expected text, found a ${typeof v}`);
  return v.trim();
}

/** Values are codes an admin typed, not personal data, so a reason may quote them. */
function unknown(noun: string, found: readonly string[], expected: string): string {
  return `unknown ${noun} ${found.map((f) => `"${f}"`).join(', ')}; expected ${expected}`;
}

interface Reader {
  fields: FromSalesforce['fields'];
  row: RosterUserRow;
}

function read<T>(r: Reader, attribute: keyof FromSalesforce['fields'], parse: (v: unknown) => T): T | undefined {
  const field = r.fields[attribute];
  if (field === undefined) return undefined;
  try {
    return parse(r.row[field]);
  } catch (err) {
    if (err instanceof RowProblem) throw new RowProblem(attribute, err.reason);
    throw err;
  }
}

/** The attributes the User's mapped fields give, each checked; throws RowProblem at the first bad one. */
function userAttributes(r: Reader, roster: RosterConfig, segments: ReadonlySet<string>, now: Date): Partial<Rm> {
  const branches = new Set(roster.branches.map((b) => b.id));
  const queues = new Set(roster.queues.map((q) => q.id));
  const skills = new Set(roster.skills);
  const out: Partial<Rm> = {};
  const branch = read(r, 'branch', text);
  const queue = read(r, 'queue', text);
  if (branch !== undefined && !branches.has(branch)) throw new RowProblem('branch', unknown('branch', [branch], 'one of the branches in roster.yaml'));
  if (queue !== undefined && !queues.has(queue)) throw new RowProblem('queue', unknown('queue', [queue], 'one of the queues in roster.yaml'));
  if (branch !== undefined && queue !== undefined) throw new RowProblem('branch', 'both a branch and a queue are set; an RM has one home');
  if (r.fields.branch !== undefined || r.fields.queue !== undefined) {
    if (branch === undefined && queue === undefined) throw new RowProblem(r.fields.branch !== undefined ? 'branch' : 'queue', 'no branch or queue: an RM needs a home');
    out.branch = branch;
    out.queue = queue;
  }
  const role = read(r, 'role', text);
  if (r.fields.role !== undefined) {
    if (role === undefined) throw new RowProblem('role', 'empty; expected one of ' + RM_ROLES.join(', '));
    if (!(RM_ROLES as readonly string[]).includes(role)) throw new RowProblem('role', unknown('role', [role], RM_ROLES.join(', ')));
    out.role = role as Rm['role'];
  }
  const licenses = read(r, 'licenses', codes);
  if (licenses !== undefined) {
    const bad = licenses.filter((l) => !LICENSES.includes(l));
    if (bad.length > 0) throw new RowProblem('licenses', unknown('licence', bad, 'NMLS, SERIES_6/7/63/65/66 or INSURANCE_<state>'));
    out.licenses = licenses;
  }
  const rmSkills = read(r, 'skills', codes);
  if (rmSkills !== undefined) {
    const bad = rmSkills.filter((s) => !skills.has(s));
    if (bad.length > 0) throw new RowProblem('skills', unknown('skill', bad, 'one of the skills listed at the top of roster.yaml'));
    out.skills = rmSkills;
  }
  const languages = read(r, 'languages', codes);
  if (languages !== undefined) {
    const bad = languages.filter((l) => !language.safeParse(l).success);
    if (bad.length > 0) throw new RowProblem('languages', unknown('language code', bad, 'ISO 639 codes such as en, es or zh'));
    out.languages = languages.length > 0 ? languages : ['en'];
  }
  const rmSegments = read(r, 'segments', codes);
  if (rmSegments !== undefined) {
    if (rmSegments.length === 0) throw new RowProblem('segments', 'empty; an RM serves at least one segment of segments.yaml');
    const bad = rmSegments.filter((s) => !segments.has(s));
    if (bad.length > 0) throw new RowProblem('segments', unknown('segment', bad, 'one of the segments in segments.yaml'));
    out.segments = rmSegments;
  }
  const capacity = read(r, 'capacity', (v) => (blank(v) ? undefined : typeof v === 'string' ? Number(v.trim()) : v));
  if (r.fields.capacity !== undefined) {
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity <= 0) {
      throw new RowProblem('capacity', `${capacity === undefined ? 'empty' : `"${String(capacity)}"`}; expected a whole number above 0 (most open leads at once)`);
    }
    out.capacity = capacity;
  }
  const until = read(r, 'out_of_office_until', text);
  if (until !== undefined) {
    const day = /^\d{4}-\d{2}-\d{2}/.exec(until)?.[0];
    if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new RowProblem('out_of_office_until', `"${until}"; expected a date YYYY-MM-DD`);
    // From the day before today in UTC: every time zone's today is inside the absence.
    const from = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
    if (day >= from) out.out_of_office = [{ from, to: day, note: 'Salesforce: out of office' }];
  }
  return out;
}

function skip(row: RosterUserRow, fields: FromSalesforce['fields'], attribute: string, reason: string): SkippedUser {
  const field = (fields as Record<string, string | undefined>)[attribute] ?? '';
  return { userId: row.Id, attribute, field, reason };
}

export function mergeRoster(input: RosterMergeInput): RosterMerge {
  const { roster, now } = input;
  const cfg = roster.from_salesforce;
  const result: RosterMerge = { roster, added: [], overridden: [], keptYaml: [], skipped: [] };
  if (!cfg?.enabled) return result;
  const segments = new Set(input.segments);
  const byUsername = new Map(roster.rms.map((m, i) => [key(m.salesforce_username), i]));
  const rms: Rm[] = [...roster.rms];
  const ids = new Map(roster.rms.map((m) => [m.id, key(m.salesforce_username)]));
  const seenUsernames = new Set<string>();

  for (const row of input.users) {
    const username = key(row.Username);
    if (seenUsernames.has(username)) {
      result.skipped.push({ userId: row.Id, attribute: 'username', field: 'Username', reason: 'a second User with the same username; the first was read' });
      continue;
    }
    seenUsernames.add(username);
    const at = byUsername.get(username);
    const yaml = at === undefined ? undefined : rms[at];
    if (yaml && cfg.mode === 'add_only') {
      result.keptYaml.push(yaml.id);
      continue;
    }
    let attrs: Partial<Rm>;
    try {
      attrs = userAttributes({ fields: cfg.fields, row }, roster, segments, now);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      result.skipped.push(skip(row, cfg.fields, err.attribute, err.reason));
      continue;
    }
    if (yaml && at !== undefined) {
      // The YAML's own leave stays; the User's absence is added to it.
      const outOfOffice = [...yaml.out_of_office, ...(attrs.out_of_office ?? [])];
      rms[at] = { ...yaml, ...attrs, out_of_office: outOfOffice, origin: { from: 'salesforce', userId: row.Id, kind: 'overridden' } };
      result.overridden.push(yaml.id);
      continue;
    }
    const idField = cfg.fields.id;
    const id = idField !== undefined && !blank(row[idField]) ? String(row[idField]).trim() : rmIdFromUsername(row.Username);
    const taken = ids.get(id);
    if (taken !== undefined && taken !== username) {
      result.skipped.push(skip(row, cfg.fields, 'id', `RM id "${id}" is already another RM's; set a distinct id${idField ? '' : ' (fields.id names a User field for it)'}`));
      continue;
    }
    const parsed = rmSchema.safeParse({ id, name: typeof row.Name === 'string' && row.Name.trim() !== '' ? row.Name.trim() : id, salesforce_username: row.Username, ...attrs });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const attribute = String(issue?.path[0] ?? 'id');
      const missing = issue?.code === 'invalid_type' && issue.received === 'undefined';
      result.skipped.push(skip(row, cfg.fields, attribute, missing ? `${attribute} is needed for an RM only Salesforce has, and from_salesforce.fields does not name it` : (issue?.message ?? 'invalid')));
      continue;
    }
    ids.set(id, username);
    rms.push({ ...parsed.data, origin: { from: 'salesforce', userId: row.Id, kind: 'added' } });
    result.added.push(id);
  }
  result.roster = { ...roster, rms };
  return result;
}
