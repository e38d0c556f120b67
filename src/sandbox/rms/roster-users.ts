/**
 * The roster (mappings/roster.yaml) as the Salesforce org's people: one User per RM with the
 * fields routing reads (Branch_Id__c, Licenses__c, Languages__c), usernames from the YAML, and
 * each roster queue as a Group of type Queue with its members. Each RM keeps their working
 * calendar for the simulator.
 */
import type { Rm, RosterConfig } from '../../config';
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

export interface RosterOrg {
  users: RosterUser[];
  /** Roster queue id → Salesforce Group id. */
  queues: Record<string, string>;
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

export function createRosterUsers(salesforce: SalesforceEmulator, roster: RosterConfig): RosterOrg {
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
    });
    users.push({ rm, userId: String(user.Id), username: rm.salesforce_username, home: rm.branch ?? rm.queue ?? '', calendar: buildCalendar(spec) });
  }
  const queues: Record<string, string> = {};
  for (const q of roster.queues) {
    const members = users.filter((u) => u.rm.queue === q.id && u.rm.active).map((u) => u.userId);
    const group = salesforce.addQueue({ name: q.name, developerName: q.salesforce_queue, sobjectTypes: ['Lead'], members });
    queues[q.id] = String(group.Id);
  }
  return {
    users,
    queues,
    byUserId: new Map(users.map((u) => [u.userId, u])),
    byRmId: new Map(users.map((u) => [u.rm.id, u])),
  };
}
