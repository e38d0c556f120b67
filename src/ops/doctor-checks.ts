/**
 * `handoff doctor`'s verdicts, decided without I/O from what doctor.ts read: each check is one
 * line with ok, warn or fail, what was found and, when it is not ok, what to do. Messages name
 * fields, roster ids and counts, never a username, email or a secret.
 */
import type { RosterConfig } from '../config';
import type { SlaConfig } from '../config/schemas/sla';
import type { PlanItem } from './install-plan';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Stable id (`salesforce-fields`): what --json callers and tests key on. */
  id: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const fmt = (n: number): string => n.toLocaleString('en-US');
const listed = (xs: readonly string[], max = 6): string => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);

/**
 * The fields (or properties) of one system: missing ones and blocking differences fail, the rest
 * of the differences warn. `standardMissing` are mapped standard fields the describe lacks.
 */
export function schemaCheck(id: string, system: 'Salesforce' | 'HubSpot', items: readonly PlanItem[], standardMissing: readonly string[] = []): Check {
  const noun = system === 'Salesforce' ? 'field' : 'property';
  const nouns = system === 'Salesforce' ? 'fields' : 'properties';
  const missing = [...items.filter((i) => i.action === 'create').map((i) => i.fullName), ...standardMissing];
  const blocking = items.filter((i) => i.differences.some((d) => d.blocking));
  const soft = items.filter((i) => i.action === 'differs' && !i.differences.some((d) => d.blocking));
  const total = items.length + standardMissing.length;
  const describe = (xs: readonly PlanItem[]) => listed(xs.map((i) => `${i.fullName} (${i.differences.map((d) => d.text).join('; ')})`), 4);
  if (missing.length > 0 || blocking.length > 0) {
    const parts = [
      ...(missing.length ? [`missing ${listed(missing)}`] : []),
      ...(blocking.length ? [`unusable ${describe(blocking)}`] : []),
    ];
    const onlyCustom = standardMissing.length === 0;
    return {
      id,
      status: 'fail',
      message: `${system} ${nouns}: ${parts.join('; ')}`,
      fix: missing.length && onlyCustom && blocking.length === 0
        ? 'run `handoff install --dry-run`, then `handoff install`'
        : `run \`handoff install\` for missing custom ${nouns}; fix types and picklist values in ${system} by hand (install never changes an existing ${noun}); a missing standard ${noun} means the mapping names the wrong one`,
    };
  }
  if (soft.length > 0) {
    return { id, status: 'warn', message: `${system} ${nouns}: all ${total} present; ${describe(soft)}`, fix: `worth aligning in ${system}; Handoff can write them as they are` };
  }
  return { id, status: 'ok', message: `${system} ${nouns}: all ${total} Handoff and the mappings use are present with compatible types and values` };
}

export interface OwnerLookup {
  userId(username: string): string | undefined;
  queueId(developerName: string): string | undefined;
}

/** Roster RMs, queues and SLA managers Salesforce has no active User or queue for, by roster id. */
export function rosterCheck(directory: OwnerLookup, roster: RosterConfig, managers?: SlaConfig['managers']): Check {
  const rms = roster.rms.filter((r) => r.active && !directory.userId(r.salesforce_username)).map((r) => `RM ${r.id}`);
  const queues = roster.queues.filter((q) => !directory.queueId(q.salesforce_queue)).map((q) => `queue ${q.id} (${q.salesforce_queue})`);
  const mgr: string[] = [];
  if (managers) {
    if (!directory.userId(managers.default.salesforce_username)) mgr.push('the default SLA manager');
    for (const [b, m] of Object.entries(managers.branches)) if (!directory.userId(m.salesforce_username)) mgr.push(`the SLA manager of branch ${b}`);
    for (const [q, m] of Object.entries(managers.queues)) if (!directory.userId(m.salesforce_username)) mgr.push(`the SLA manager of queue ${q}`);
  }
  const unknown = [...rms, ...queues, ...mgr];
  const active = roster.rms.filter((r) => r.active).length;
  if (unknown.length === 0) {
    return { id: 'roster', status: 'ok', message: `roster: all ${plural(active, 'active RM')} and ${plural(roster.queues.length, 'queue')} are active Users and queues in Salesforce${managers ? ', and so are the SLA managers' : ''}` };
  }
  return {
    id: 'roster',
    status: 'fail',
    message: `roster: Salesforce has no active User or queue for ${listed(unknown)}; their leads and Tasks would stay with the integration user`,
    fix: 'create or activate the User (the salesforce_username in roster.yaml or sla.yaml) or the queue (its developer name), or correct the mappings',
  };
}

/** The org's daily allowance now, and the share Handoff may use of it (SALESFORCE_API_SHARE). */
export function budgetCheck(max: number, remaining: number, share: number): Check {
  const used = max - remaining;
  const pct = max > 0 ? Math.round((used / max) * 100) : 100;
  const message = `Salesforce daily API: ${fmt(used)} of ${fmt(max)} used in the last 24 h (${pct}%), ${fmt(remaining)} left; Handoff may use ${Math.round(share * 100)}% (${fmt(Math.floor(max * share))} a day)`;
  if (remaining <= 0) return { id: 'api-budget', status: 'fail', message, fix: 'the org is out of API calls until the rolling 24 hours free some: find what uses them (Setup > System Overview) or buy more' };
  if (remaining < max * 0.1) return { id: 'api-budget', status: 'warn', message, fix: 'under 10% left: Handoff slows bulk work first, then everything; find what else uses the allowance' };
  return { id: 'api-budget', status: 'ok', message };
}

export interface SkewThresholds {
  warnMs: number;
  failMs: number;
}

/** JWT assertions live 3 minutes and webhook signatures 5; past a minute, sign-ins start to fail. */
export const DEFAULT_SKEW: SkewThresholds = { warnMs: 10_000, failMs: 60_000 };

/** `server` is the Salesforce Date header (1 s resolution, so a second either way is noise). */
export function skewCheck(server: Date | undefined, local: Date, t: SkewThresholds = DEFAULT_SKEW): Check {
  if (!server) return { id: 'clock', status: 'warn', message: 'clock: Salesforce sent no Date header to compare with', fix: 'make sure the host keeps time with NTP' };
  const skew = local.getTime() - server.getTime();
  const abs = Math.abs(skew);
  const message = `clock: this host is ${abs < 1500 ? 'in step with' : `${(abs / 1000).toFixed(0)} s ${skew > 0 ? 'ahead of' : 'behind'}`} Salesforce's clock`;
  if (abs > t.failMs) return { id: 'clock', status: 'fail', message, fix: `more than ${t.failMs / 1000} s off: JWT sign-in and webhook signatures will be refused; sync the host's clock (NTP)` };
  if (abs > t.warnMs) return { id: 'clock', status: 'warn', message, fix: "sync the host's clock (NTP)" };
  return { id: 'clock', status: 'ok', message };
}

export interface OutboxFigures {
  byStatus: { system: string; status: string; count: number }[];
  deadClasses: { class: string; records: number }[];
}

export function outboxCheck(f: OutboxFigures): Check {
  const count = (status: string) => f.byStatus.filter((r) => r.status === status).reduce((a, r) => a + Number(r.count), 0);
  const depth = `outbox: ${fmt(count('pending') + count('claimed'))} waiting, ${fmt(count('held'))} held`;
  if (f.deadClasses.length === 0) return { id: 'outbox', status: 'ok', message: `${depth}, dead-letter queue empty` };
  const classes = f.deadClasses.map((c) => `${c.class} (${plural(c.records, 'record')})`);
  return {
    id: 'outbox',
    status: 'warn',
    message: `${depth}; dead-letter queue: ${listed(classes, 4)}`,
    fix: '`handoff dlq list` shows each class; fix the cause, then `handoff dlq retry --class SYSTEM:CODE`',
  };
}

/** RMs a breach streak took out of rotation: routing passes them over until someone restores them. */
export function rotationCheck(out: readonly { ownerId: string; since: Date | null; consecutive: number }[]): Check {
  if (out.length === 0) return { id: 'rotation', status: 'ok', message: 'rotation: no RM is out of rotation' };
  const who = out.map((o) => `${o.ownerId} (${o.consecutive} in a row${o.since ? `, since ${o.since.toISOString().slice(0, 10)}` : ''})`);
  return {
    id: 'rotation',
    status: 'warn',
    message: `rotation: ${plural(out.length, 'RM')} out of rotation after missing accept-by on leads in a row, so routing passes them over: ${listed(who, 4)}`,
    fix: '`handoff rotation list` shows them; once their manager agrees, `handoff rotation restore RM_ID --by NAME --reason TEXT` puts one back',
  };
}

/** Exit status 1 when any check failed. */
export const anyFailed = (checks: readonly Check[]): boolean => checks.some((c) => c.status === 'fail');
