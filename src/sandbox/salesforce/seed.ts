import { HandoffError } from '../../errors';
import { createRecord, updateRecord, type DmlResult } from './dml/dml';
import type { Org } from './org';
import { LEAD_STATUSES } from './schema/picklists';
import type { SfRecord } from './store';

/**
 * Seeding the org's people and setup: users, queues, lead status rows. These go through the same
 * DML rules as the API, as an admin (read-only objects and fields allowed), and throw on a bad
 * seed — that is a bug in the caller, not a runtime condition.
 */

export interface UserSeed {
  LastName: string;
  FirstName?: string;
  /** Defaults to first.last@bank.sandbox, made unique. */
  Username?: string;
  Email?: string;
  Alias?: string;
  IsActive?: boolean;
  Title?: string;
  /** Any other User field, including custom ones (Branch_Id__c, Licenses__c, Languages__c). */
  [field: string]: unknown;
}

export interface QueueSeed {
  name: string;
  developerName?: string;
  /** Objects the queue can own; default ['Lead']. */
  sobjectTypes?: string[];
  email?: string;
  /** User ids that belong to the queue (GroupMember rows). */
  members?: string[];
}

function ok(r: DmlResult, what: string): string {
  if (!r.success) {
    throw new HandoffError('SANDBOX_SEED_REJECTED', `The Salesforce emulator rejected ${what}: ${r.errors.map((e) => `${e.errorCode} ${e.message}`).join('; ')}`);
  }
  return r.id;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');

export function addUser(org: Org, seed: UserSeed, asUserId: string): SfRecord {
  const { FirstName, LastName } = seed;
  let username = seed.Username;
  if (!username) {
    const stem = slug([FirstName, LastName].filter(Boolean).join(' ')) || 'user';
    username = `${stem}@bank.sandbox`;
    for (let n = 2; org.store.findBy('User', 'Username', username).length > 0; n++) username = `${stem}${n}@bank.sandbox`;
  }
  const alias = seed.Alias ?? `${(FirstName ?? '').slice(0, 1)}${LastName.slice(0, 4)}`.toLowerCase().slice(0, 8);
  const id = ok(
    createRecord(org, { userId: asUserId, autoAssign: false, admin: true }, 'User', {
      ...seed,
      Username: username,
      Email: seed.Email ?? username,
      Alias: alias,
      IsActive: seed.IsActive ?? true,
      UserType: 'Standard',
    }),
    'a user',
  );
  return org.store.get('User', id)!;
}

/** Creates the integration user, who is their own creator. */
export function addFirstUser(org: Org, seed: UserSeed): SfRecord {
  const user = addUser(org, seed, 'pending');
  const fixed = { ...user, CreatedById: user.Id, LastModifiedById: user.Id };
  org.store.put('User', fixed);
  return fixed;
}

export function addQueue(org: Org, seed: QueueSeed, asUserId: string): SfRecord {
  const call = { userId: asUserId, autoAssign: false, admin: true };
  const developerName = seed.developerName ?? seed.name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const id = ok(
    createRecord(org, call, 'Group', { Name: seed.name, DeveloperName: developerName, Type: 'Queue', Email: seed.email ?? null, OwnerId: asUserId }),
    'a queue',
  );
  for (const type of seed.sobjectTypes ?? ['Lead']) ok(createRecord(org, call, 'QueueSobject', { QueueId: id, SobjectType: type }), 'a queue object');
  for (const member of seed.members ?? []) ok(createRecord(org, call, 'GroupMember', { GroupId: id, UserOrGroupId: member }), 'a queue member');
  return org.store.get('Group', id)!;
}

export function seedLeadStatuses(org: Org, asUserId: string): void {
  const call = { userId: asUserId, autoAssign: false, admin: true };
  LEAD_STATUSES.forEach((s, i) =>
    ok(
      createRecord(org, call, 'LeadStatus', {
        MasterLabel: s.value,
        ApiName: s.value,
        SortOrder: i + 1,
        IsDefault: s.isDefault,
        IsConverted: s.isConverted,
      }),
      'a lead status',
    ),
  );
}

export function setUserActive(org: Org, userId: string, active: boolean, asUserId: string): SfRecord {
  ok(updateRecord(org, { userId: asUserId, autoAssign: false, admin: true }, 'User', userId, { IsActive: active }), 'a user update');
  return org.store.get('User', userId)!;
}
