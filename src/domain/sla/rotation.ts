/**
 * Leaving and rejoining the rotation. takenOutOfRotation(): a breach streak reached the limit;
 * the owner's manager gets a Salesforce Task saying so and how to put them back, and the lead
 * whose breach did it carries the event on its trail. decideRestore(): a manager (through an
 * operator) puts the owner back: the streak is cleared and the audit names who and why. An owner
 * who is not out of rotation cannot be restored: an expected refusal, returned as a value.
 */
import { DateTime } from 'luxon';
import type { Decision, TaskWrite } from '../decision';
import type { LeadView } from '../lead';
import { rosterIndex } from '../roster-index';
import type { GovernanceConfig } from '../routing/assign';
import { managerFor, ownerZone } from './manager';
import { restoreToRotation } from './streak';
import type { BreachStreak } from './streak';

export interface TakenOutInput {
  /** The lead whose breach ended the streak: the Task hangs on its Salesforce Lead. */
  lead: LeadView;
  /** The RM taken out, and the streak that took them out. */
  streak: BreachStreak;
  limit: number;
  /** The attempt that breached (the breach Task's), for the Task key. */
  attempt: number;
  config: GovernanceConfig;
  now: Date;
}

/** The command that puts an owner back, as the manager's Task and the trail print it. */
export const restoreCommand = (ownerId: string): string => `handoff rotation restore ${ownerId} --by "<your name>" --reason "<why>"`;

export function takenOutOfRotation(input: TakenOutInput): Decision {
  const { lead, streak, limit, attempt, config, now } = input;
  const owner = { kind: 'rm' as const, id: streak.ownerId };
  const rm = rosterIndex(config).rmById.get(owner.id);
  const name = rm?.name ?? owner.id;
  const m = managerFor(config, owner);
  const zone = ownerZone(config, owner);
  const n = streak.consecutive;
  const task: TaskWrite = {
    key: `${lead.id}:out_of_rotation:${attempt}`,
    assignee: { kind: 'manager', name: m.name, salesforceUsername: m.salesforce_username },
    subject: `Out of rotation: ${name} let ${n} leads in a row miss accept-by`,
    description:
      `${name} let ${n} leads in a row pass their accept-by without accepting or returning them (the limit is ${limit}), ` +
      'so Handoff no longer routes new leads to them; the leads they hold stay with them. ' +
      `To put them back in rotation, ask your Handoff administrator to run: ${restoreCommand(owner.id)}`,
    activityDate: DateTime.fromJSDate(now, { zone }).toISODate() as string,
    dueAt: now,
    priority: 'High',
    status: 'Not Started',
  };
  const summary = `${name} is out of rotation: ${n} leads in a row missed accept-by (limit ${limit}); ${m.name} is told in a Salesforce Task. Restore with \`handoff rotation restore ${owner.id}\``;
  return {
    leadId: lead.id,
    at: now,
    newState: null,
    writes: { tasks: [task] },
    timers: [],
    audit: { type: 'taken_out_of_rotation', explanation: { owner: owner.id, consecutive: n, limit, since: streak.since ?? now.toISOString(), manager: m.name }, summary },
  };
}

export interface RestoreInput {
  ownerId: string;
  /** The owner's streak as stored; undefined when they never breached. */
  current: BreachStreak | undefined;
  /** Who restores them (the manager, or the operator acting for them). */
  by: string;
  reason: string | null;
}

export type RestoreOutcome =
  | { ok: true; streak: BreachStreak; audit: { type: 'restored_to_rotation'; explanation: Record<string, unknown>; summary: string } }
  | { ok: false; code: 'NOT_OUT_OF_ROTATION'; message: string };

export function decideRestore(input: RestoreInput): RestoreOutcome {
  const { ownerId, current, by, reason } = input;
  if (!current?.outOfRotation) {
    return { ok: false, code: 'NOT_OUT_OF_ROTATION', message: `${ownerId} is not out of rotation: nothing to restore (\`handoff rotation list\` shows who is)` };
  }
  const summary = `${ownerId} restored to rotation by ${by}${reason ? `: ${reason}` : ''}; out since ${current.since ?? 'an unknown time'} after ${current.consecutive} missed accept-by deadlines in a row`;
  return {
    ok: true,
    streak: restoreToRotation(current),
    audit: {
      type: 'restored_to_rotation',
      explanation: { owner: ownerId, by, reason, outSince: current.since ?? null, consecutive: current.consecutive },
      summary,
    },
  };
}
