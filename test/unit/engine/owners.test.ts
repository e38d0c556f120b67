/**
 * Who owns a Handoff Task in Salesforce: the assignee's User by username (an RM, or the manager
 * sla.yaml names for a breach); a username Salesforce does not know leaves the Task with the
 * integration user, and the warning says who was meant by role, never by name or username.
 */
import path from 'node:path';
import { loadMappings } from '../../../src/config/load-mappings';
import { ownerDirectory } from '../../../src/engine/pipeline/owners';
import { taskWrite } from '../../../src/engine/pipeline/writes';
import type { PendingTask } from '../../../src/engine/pipeline/lead-record';

const config = loadMappings(path.resolve(__dirname, '../../../mappings')).config!;
const { managers } = config.sla;
const monica = managers.branches['chicago_loop']!;

function capture() {
  const lines: { message: string; meta: Record<string, unknown> }[] = [];
  return { lines, logger: { warn: (message: string, meta: Record<string, unknown>) => void lines.push({ message, meta }) } };
}

const breachTask = (ownerUsername: string): PendingTask => ({
  key: 'L-1:breach:accept:1',
  ownerUsername,
  subject: 'SLA missed: accept or return by Tomás Rivera',
  description: 'missed',
  activityDate: '2026-03-10',
  dueAt: '2026-03-10T17:00:00.000Z',
  priority: 'High',
  status: 'Not Started',
});

describe('Task owners', () => {
  it("gives a breach Task to the manager's User, matched case-insensitively, without a warning", () => {
    const log = capture();
    const dir = ownerDirectory([{ Id: '005M1', Username: monica.salesforce_username.toUpperCase() }], [], config.roster, { managers, logger: log.logger });
    expect(taskWrite(breachTask(monica.salesforce_username), '00QL1', dir, 'critical').payload).toMatchObject({ OwnerId: '005M1', WhoId: '00QL1' });
    expect(log.lines).toEqual([]);
  });

  it("leaves the Task with the integration user when the manager has no User, and warns by role only", () => {
    const log = capture();
    const dir = ownerDirectory([], [], config.roster, { managers, logger: log.logger });
    expect(taskWrite(breachTask(monica.salesforce_username), '00QL1', dir, 'critical').payload).not.toHaveProperty('OwnerId');
    expect(log.lines).toEqual([
      {
        message: 'Task owner has no active Salesforce user; the Task stays with the integration user',
        meta: { code: 'TASK_OWNER_UNKNOWN', taskKey: 'L-1:breach:accept:1', assignee: 'manager', managerOf: ['branch chicago_loop', 'branch evanston'] },
      },
    ]);
    const text = JSON.stringify(log.lines);
    for (const personal of [monica.salesforce_username, monica.name, 'monica', 'Reyes']) expect(text).not.toContain(personal);
  });

  it('says an RM was meant by their home, and an unknown username as unknown', () => {
    const log = capture();
    const dir = ownerDirectory([], [], config.roster, { managers, logger: log.logger });
    const rm = config.roster.rms.find((r) => r.id === 'tomas_rivera')!;
    dir.taskOwnerId({ key: 'L-2:accept:1', ownerUsername: rm.salesforce_username });
    dir.taskOwnerId({ key: 'L-3:accept:1', ownerUsername: 'someone@elsewhere.example' });
    expect(log.lines.map((l) => l.meta)).toEqual([
      { code: 'TASK_OWNER_UNKNOWN', taskKey: 'L-2:accept:1', assignee: 'rm', home: 'chicago_loop' },
      { code: 'TASK_OWNER_UNKNOWN', taskKey: 'L-3:accept:1', assignee: 'unknown' },
    ]);
  });
});
