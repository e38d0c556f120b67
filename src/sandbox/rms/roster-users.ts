/**
 * The roster (mappings/roster.yaml) as the Salesforce org's people: one User per RM with the
 * fields routing reads (Branch_Id__c, Licenses__c, Languages__c, and the Handoff_* fields roster.yaml's
 * from_salesforce reads), usernames from the YAML, and
 * each roster queue as a Group of type Queue with its members. Each RM keeps their working
 * calendar for the simulator. The managers sla.yaml names get a User too, so the breach Tasks
 * written to them are theirs; they are not simulated (nobody acts as them).
 */
import type { Rm, RosterConfig } from '../../config';
import type { SlaConfig } from '../../config/schemas/sla';
import { rmCalendar } from '../../config';
import { buildCalendar } from '../../domain/calendar';
import type { BusinessCalendar } from '../../domain/calendar';
import { HandoffError } from '../../errors';
import type { SalesforceEmulator } from '../salesforce';

export interface RosterUser {
  rm: Rm;
  userId: string;
  username: string;
  /** The branch or queue whose hours, zone and holidays the RM works by. */
  home: string;
  calendar: BusinessCalendar;
}

export interface ManagerUser {
  userId: string;
  username: string;
  /** What they manage in sla.yaml: "default", "branch <id>", "queue <id>". */
  manages: string[];
}

export interface RosterOrg {
  users: RosterUser[];
  /** One per distinct manager username in sla.yaml that is not already an RM's. */
  managers: ManagerUser[];
  /** Roster queue id → Salesforce Group id. */
  queues: Record<string, string>;
  /** Roster queue id → who takes its leads (see queueMembers), in roster order. */
  queueMembers: Record<string, RosterUser[]>;
  /** Salesforce Group id → roster queue id. */
  queueByGroupId: Map<string, string>;
  byUserId: Map<string, RosterUser>;
  byRmId: Map<string, RosterUser>;
}

const ROLE_TITLES: Record<Rm['role'], string> = {
  rm: 'Relationship Manager',
  banker: 'Personal Banker',
  loan_officer: 'Mortgage Loan Officer',
  advisor: 'Financial Advisor',
  inside_sales: 'Inside Sales Representative',
};

function splitName(name: string): { FirstName?: string; LastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { LastName: parts[0] ?? name };
  return { FirstName: parts.slice(0, -1).join(' '), LastName: parts[parts.length - 1] ?? name };
}

/**
 * The fields roster.yaml's from_salesforce example reads (Handoff_RM__c…), filled from the YAML
 * entry, so the daemon sees the same roster with from_salesforce on. An inactive RM is no
 * Handoff RM in Salesforce either; the YAML keeps them for history.
 */
export function rosterFields(rm: Rm): Record<string, unknown> {
  return {
    Handoff_RM__c: rm.active,
    Handoff_Branch__c: rm.branch ?? null,
    Handoff_Queue__c: rm.queue ?? null,
    Handoff_Role__c: rm.role,
    Handoff_Licenses__c: rm.licenses.join(';') || null,
    Handoff_Languages__c: rm.languages.join(';'),
    Handoff_Skills__c: rm.skills.join(';') || null,
    Handoff_Segments__c: rm.segments.join(';'),
    Handoff_Capacity__c: rm.capacity,
    // A single date cannot say when leave starts; the YAML's dated entries stay the YAML's (mode override keeps them).
    Handoff_Out_Of_Office_Until__c: null,
  };
}

export function createRosterUsers(salesforce: SalesforceEmulator, roster: RosterConfig, managers?: SlaConfig['managers']): RosterOrg {
  const users: RosterUser[] = [];
  for (const rm of roster.rms) {
    const spec = rmCalendar(roster, rm);
    if (!spec) throw new HandoffError('SANDBOX_ROSTER', `RM ${rm.id} names a branch or queue the roster does not have`);
    const branch = rm.branch !== undefined ? roster.branches.find((b) => b.id === rm.branch) : undefined;
    const queue = rm.queue !== undefined ? roster.queues.find((q) => q.id === rm.queue) : undefined;
    const user = salesforce.addUser({
      ...splitName(rm.name),
      Username: rm.salesforce_username,
      Email: rm.salesforce_username,
      Title: ROLE_TITLES[rm.role],
      Department: branch?.name ?? queue?.name ?? null,
      IsActive: rm.active,
      TimeZoneSidKey: spec.timeZone,
      City: branch?.address.city ?? null,
      State: branch?.address.state ?? null,
      PostalCode: branch?.address.zip ?? null,
      Branch_Id__c: rm.branch ?? null,
      Licenses__c: rm.licenses.join(';') || null,
      Languages__c: rm.languages.join(';'),
      ...rosterFields(rm),
    });
    users.push({ rm, userId: String(user.Id), username: rm.salesforce_username, home: rm.branch ?? rm.queue ?? '', calendar: buildCalendar(spec) });
  }
  const queues: Record<string, string> = {};
  const queueMembersById: Record<string, RosterUser[]> = {};
  for (const q of roster.queues) {
    const members = queueMembers(users, q.id);
    const group = salesforce.addQueue({ name: q.name, developerName: q.salesforce_queue, sobjectTypes: ['Lead'], members: members.map((u) => u.userId) });
    queues[q.id] = String(group.Id);
    queueMembersById[q.id] = members;
  }
  return {
    users,
    managers: managers ? createManagerUsers(salesforce, roster, managers, new Set(users.map((u) => u.username.toLowerCase()))) : [],
    queues,
    queueMembers: queueMembersById,
    queueByGroupId: new Map(Object.entries(queues).map(([id, group]) => [group, id])),
    byUserId: new Map(users.map((u) => [u.userId, u])),
    byRmId: new Map(users.map((u) => [u.rm.id, u])),
  };
}

/**
 * The active RMs whose home is the queue. A queue nobody calls home (the default roster's
 * contact_center, routing's fallback) is staffed by the active inside-sales RMs instead, as a
 * bank would have inside sales cover it; otherwise its leads would never be answered and breach
 * on every attempt. With no inside-sales RM either, the queue has no members.
 */
export function queueMembers(users: readonly RosterUser[], queueId: string): RosterUser[] {
  const home = users.filter((u) => u.rm.active && u.rm.queue === queueId);
  return home.length > 0 ? home : users.filter((u) => u.rm.active && u.rm.role === 'inside_sales');
}

function createManagerUsers(salesforce: SalesforceEmulator, roster: RosterConfig, managers: SlaConfig['managers'], taken: ReadonlySet<string>): ManagerUser[] {
  const byUsername = new Map<string, { name: string; username: string; manages: string[] }>();
  const note = (m: { name: string; salesforce_username: string }, what: string): void => {
    const k = m.salesforce_username.toLowerCase();
    const entry = byUsername.get(k) ?? { name: m.name, username: m.salesforce_username, manages: [] };
    entry.manages.push(what);
    byUsername.set(k, entry);
  };
  note(managers.default, 'default');
  for (const [id, m] of Object.entries(managers.branches)) note(m, `branch ${id}`);
  for (const [id, m] of Object.entries(managers.queues)) note(m, `queue ${id}`);
  const out: ManagerUser[] = [];
  for (const [k, m] of byUsername) {
    if (taken.has(k)) continue;
    // A manager of branches works by the first of them; one of queues or the default, by that queue or the bank's first branch.
    const branchId = m.manages.find((x) => x.startsWith('branch '))?.slice('branch '.length);
    const branch = branchId !== undefined ? roster.branches.find((b) => b.id === branchId) : undefined;
    const queueId = m.manages.find((x) => x.startsWith('queue '))?.slice('queue '.length);
    const queue = queueId !== undefined ? roster.queues.find((q) => q.id === queueId) : undefined;
    const zone = branch?.time_zone ?? queue?.time_zone ?? roster.branches[0]?.time_zone ?? 'America/New_York';
    const user = salesforce.addUser({
      ...splitName(m.name),
      Username: m.username,
      Email: m.username,
      Title: branch ? 'Branch Manager' : queue ? 'Sales Manager' : 'Head of Sales',
      Department: branch?.name ?? queue?.name ?? null,
      IsActive: true,
      TimeZoneSidKey: zone,
      City: branch?.address.city ?? null,
      State: branch?.address.state ?? null,
      PostalCode: branch?.address.zip ?? null,
      Branch_Id__c: branch?.id ?? null,
    });
    out.push({ userId: String(user.Id), username: m.username, manages: m.manages });
  }
  return out;
}
