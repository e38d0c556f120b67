/**
 * Who hears about an owner's missed deadlines (sla.yaml `managers`): a queue's manager, an RM's
 * by their home branch or queue, else the default; and the time zone their Tasks are dated in,
 * the owner's branch or queue's (as the owner's own accept Task is).
 */
import type { Manager } from '../../config/schemas/sla';
import type { OwnerRef } from '../lead';
import { rosterIndex } from '../roster-index';
import type { GovernanceConfig } from '../routing/assign';

export function managerFor(config: GovernanceConfig, owner: OwnerRef | null): Manager {
  const { sla } = config;
  if (owner?.kind === 'queue') return sla.managers.queues[owner.id] ?? sla.managers.default;
  const rm = owner ? rosterIndex(config).rmById.get(owner.id) : undefined;
  const byHome = rm?.branch !== undefined ? sla.managers.branches[rm.branch] : rm?.queue !== undefined ? sla.managers.queues[rm.queue] : undefined;
  return byHome ?? sla.managers.default;
}

export function ownerZone(config: GovernanceConfig, owner: OwnerRef): string {
  const index = rosterIndex(config);
  const rm = owner.kind === 'rm' ? index.rmById.get(owner.id) : undefined;
  return (rm ? index.homeCalendar(rm) : index.queueCalendar(owner.id))?.timeZone ?? 'UTC';
}
