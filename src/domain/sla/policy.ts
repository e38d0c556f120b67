/**
 * Which SLA applies to a lead: its priority first (the first priority whose conditions hold),
 * then the first policy whose conditions hold on product, segment, kind, priority…, with the
 * file's defaults filling whatever the policy leaves out.
 */
import type { SlaClockKind, SlaConfig } from '../../config/schemas/sla';
import { matchAll } from '../conditions';
import type { ConditionFailure } from '../conditions';
import type { LeadFacts } from '../facts';

export interface ResolvedPolicy {
  name: string;
  priority: string;
  taskPriority: 'High' | 'Normal' | 'Low';
  acceptMinutes: number;
  firstTouchMinutes: number;
  appointmentMinutes: number;
  warnMinutes: number;
  clock: SlaClockKind;
  maxReassignments: number;
  whenOwnerAway: 'hold' | 'reassign';
  breachStreakLimit: number;
  notifyManager: boolean;
}

export interface PolicyChoice {
  policy: ResolvedPolicy;
  /** Policies passed over before the one chosen, with the conditions that failed. */
  skipped: { policy: string; failed: ConditionFailure[] }[];
}

export function priorityOf(sla: SlaConfig, facts: LeadFacts): SlaConfig['priorities'][number] {
  const found = sla.priorities.find((p) => !p.when || matchAll(p.when, (n) => facts.get(n)).length === 0);
  // The schema checks insist the last priority has no conditions; the fallback is for hand-built configs.
  return found ?? (sla.priorities[sla.priorities.length - 1] as SlaConfig['priorities'][number]);
}

export function resolvePolicy(sla: SlaConfig, facts: LeadFacts): PolicyChoice {
  const priority = priorityOf(sla, facts);
  const fact = (n: string) => (n === 'priority' ? priority.name : facts.get(n));
  const skipped: PolicyChoice['skipped'] = [];
  let chosen = sla.policies[sla.policies.length - 1] as SlaConfig['policies'][number];
  for (const p of sla.policies) {
    const failed = matchAll(p.when, fact);
    if (failed.length === 0) {
      chosen = p;
      break;
    }
    skipped.push({ policy: p.name, failed });
  }
  const d = sla.defaults;
  return {
    skipped,
    policy: {
      name: chosen.name,
      priority: priority.name,
      taskPriority: priority.task_priority,
      acceptMinutes: chosen.accept_within,
      firstTouchMinutes: chosen.first_touch_within,
      appointmentMinutes: chosen.appointment_within,
      warnMinutes: chosen.warn_before ?? d.warn_before,
      clock: chosen.clock ?? d.clock,
      maxReassignments: chosen.max_reassignments ?? d.max_reassignments,
      whenOwnerAway: chosen.when_owner_away ?? d.when_owner_away,
      breachStreakLimit: chosen.breach_streak_limit ?? d.breach_streak_limit,
      notifyManager: chosen.notify_manager ?? d.notify_manager,
    },
  };
}
