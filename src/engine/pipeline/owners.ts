/**
 * The roster in Salesforce terms: an RM's (or an SLA manager's) User id by their
 * salesforce_username, a queue's Group id by its developer name, and back from a User id (a Lead's
 * LastModifiedById) to the RM. Read once at start with two queries and refreshed by
 * reconciliation; routing never waits on it.
 */
import type { SalesforceConnector } from '../../connectors/salesforce';
import type { RosterConfig } from '../../config';
import type { SlaConfig } from '../../config/schemas/sla';

export interface OwnerDirectory {
  userId(username: string): string | undefined;
  queueId(developerName: string): string | undefined;
  /** The roster RM a Salesforce User is, if any. */
  rmIdOfUser(userId: string): string | undefined;
  /**
   * The User a Handoff Task goes to. A username Salesforce does not know gives undefined, so the
   * Task stays with the integration user, and says so (who was meant, by role, never by name).
   */
  taskOwnerId(task: { key: string; ownerUsername: string }): string | undefined;
  /** Usernames the mappings name that Salesforce does not have (for warnings and doctor). */
  missing(): string[];
}

export interface OwnerDirectoryOptions {
  /** sla.yaml's managers: their breach Tasks name them by salesforce_username. */
  managers?: SlaConfig['managers'];
  logger?: { warn(message: string, meta: Record<string, unknown>): unknown };
}

const key = (s: string): string => s.trim().toLowerCase();

/** Who a username is to the mappings, without naming them: { assignee: 'manager', managerOf: ['branch evanston'] }, { assignee: 'rm', home: 'inside_sales' }. */
function roleOf(username: string, roster: RosterConfig, managers: SlaConfig['managers'] | undefined): Record<string, unknown> {
  const k = key(username);
  if (managers) {
    const of = [
      ...(key(managers.default.salesforce_username) === k ? ['default'] : []),
      ...Object.entries(managers.branches).filter(([, m]) => key(m.salesforce_username) === k).map(([id]) => `branch ${id}`),
      ...Object.entries(managers.queues).filter(([, m]) => key(m.salesforce_username) === k).map(([id]) => `queue ${id}`),
    ];
    if (of.length > 0) return { assignee: 'manager', managerOf: of };
  }
  const rm = roster.rms.find((r) => key(r.salesforce_username) === k);
  return rm ? { assignee: 'rm', home: rm.branch ?? rm.queue } : { assignee: 'unknown' };
}

export function ownerDirectory(
  users: { Id: string; Username: string }[],
  queues: { Id: string; DeveloperName: string }[],
  roster: RosterConfig,
  opts: OwnerDirectoryOptions = {},
): OwnerDirectory {
  const byUsername = new Map(users.map((u) => [key(u.Username), u.Id]));
  const byQueue = new Map(queues.map((q) => [q.DeveloperName, q.Id]));
  const rmByUser = new Map<string, string>();
  for (const rm of roster.rms) {
    const id = byUsername.get(key(rm.salesforce_username));
    if (id) rmByUser.set(id, rm.id);
  }
  return {
    userId: (username) => byUsername.get(key(username)),
    queueId: (name) => byQueue.get(name),
    rmIdOfUser: (userId) => rmByUser.get(userId),
    taskOwnerId: (task) => {
      const id = byUsername.get(key(task.ownerUsername));
      if (!id) {
        opts.logger?.warn('Task owner has no active Salesforce user; the Task stays with the integration user', {
          code: 'TASK_OWNER_UNKNOWN',
          taskKey: task.key,
          ...roleOf(task.ownerUsername, roster, opts.managers),
        });
      }
      return id;
    },
    missing: () => [
      ...roster.rms.filter((r) => r.active && !byUsername.has(key(r.salesforce_username))).map((r) => r.salesforce_username),
      ...roster.queues.filter((q) => !byQueue.has(q.salesforce_queue)).map((q) => `queue ${q.salesforce_queue}`),
    ],
  };
}

export async function loadOwnerDirectory(sf: SalesforceConnector, roster: RosterConfig, opts: OwnerDirectoryOptions = {}): Promise<OwnerDirectory> {
  const users = await sf.query('SELECT Id, Username FROM User WHERE IsActive = true', { maxRecords: 50_000 });
  const queues = await sf.query("SELECT Id, DeveloperName FROM Group WHERE Type = 'Queue'", { maxRecords: 10_000 });
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return ownerDirectory(
    users.records.map((r) => ({ Id: str(r.Id), Username: str(r['Username']) })).filter((u) => u.Id && u.Username),
    queues.records.map((r) => ({ Id: str(r.Id), DeveloperName: str(r['DeveloperName']) })).filter((q) => q.Id && q.DeveloperName),
    roster,
    opts,
  );
}
