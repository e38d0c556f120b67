/**
 * `handoff simulate`: what a candidate configuration would have done to the leads of the last N
 * days, next to what the current one does, writing nothing. Each stored lead created in the
 * window is replayed as it arrived — its stored field snapshot turned into a LeadView by the
 * pipeline's own builder, reset to `captured` with no owner, decided at its creation time —
 * through readiness, routing and the SLA plan, once per config, in creation order.
 *
 * Routing depends on what came before (pool pointers, open leads per RM), so each config gets
 * its own replayed pointers, starting empty. A replayed assignment counts against the RM's
 * capacity only if the real lead is still open now (routed, escalated or accepted): both configs
 * see the same load, so differences come from the configs alone.
 *
 * An accept-by is judged against what really happened: the lead's first real answer (accepted or
 * returned), or the end of the window for a lead still waiting. A lead never handed off, or
 * closed without an answer, cannot be judged and is left out of the SLA counts.
 */
import type { MappingsConfig } from '../config';
import { formatConfigError, loadMappings } from '../config';
import { HandoffError } from '../errors';
import type { LeadView } from '../domain/lead';
import { decideReadiness } from '../domain/readiness';
import { reasonKey } from '../domain/readiness/reasons';
import { decideRouting } from '../domain/routing';
import type { PoolState } from '../domain/routing';
import type { LeadRecord } from '../engine/pipeline/lead-record';
import { leadsPage } from '../engine/pipeline/lead-record';
import { OPEN_STATES } from '../engine/pipeline/routing-state';
import { leadView, timestampsOf } from '../engine/pipeline/view';
import type { Db } from '../store/db';
import { median } from './demo-feed';
import { rosterNames } from './names';

/** One lead's fate under one config. */
export interface Fate {
  ready: boolean;
  reasons: string[];
  owner: { kind: 'rm' | 'queue'; id: string } | null;
  rule: string | null;
  branch: string | null;
  acceptBy: string | null;
  policy: string | null;
  /** The accept-by missed, met, or null when the lead's history cannot tell (see above). */
  acceptMissed: boolean | null;
}

export interface Tally {
  owner: string;
  kind: 'rm' | 'queue';
  name: string;
  branch: string | null;
  current: number;
  candidate: number;
  delta: number;
}

export interface SimulateReport {
  window: { since: string; until: string };
  leads: number;
  readiness: {
    current: { ready: number; blocked: number };
    candidate: { ready: number; blocked: number };
    /** Blocked leads by reason (code:detail), both configs. */
    byReason: { reason: string; current: number; candidate: number; delta: number }[];
    /** Leads ready under one config and blocked under the other. */
    changed: number;
  };
  routing: {
    byOwner: Tally[];
    byBranch: { branch: string; current: number; candidate: number; delta: number }[];
    ownerChanges: { leadId: string; current: Pick<Fate, 'owner' | 'rule'>; candidate: Pick<Fate, 'owner' | 'rule'> }[];
  };
  sla: {
    /** Leads routed under both configs. */
    compared: number;
    changed: number;
    earlier: number;
    later: number;
    medianShiftMinutes: number | null;
    byPolicy: { policy: string; current: number; candidate: number; delta: number }[];
    /** Leads whose accept-by would be missed, of those that can be judged (see the header). */
    missed: { judged: number; current: number; candidate: number; delta: number };
    /** The same per owner (RM or queue) and per branch, where either config misses one. */
    missedByOwner: Tally[];
    missedByBranch: { branch: string; current: number; candidate: number; delta: number }[];
  };
  assumptions: string[];
}

/** The lead as it arrived: marketing's, with no owner and no history of assignments. */
export function arrivalView(lead: LeadRecord, config: MappingsConfig): LeadView {
  const v = leadView(lead, config);
  return { ...v, state: 'captured', owner: null, attempt: 0, ownersSoFar: [], recycleCount: 0, timestamps: { createdAt: lead.createdAt } };
}

/** Stored leads created at or after `since`, oldest first (read by the pipeline's keyset walk). */
export async function leadsCreatedSince(db: Db, since: Date, until?: Date, pageSize = 1_000): Promise<LeadRecord[]> {
  const out: LeadRecord[] = [];
  let after = '';
  for (;;) {
    const page = await leadsPage(db, after, pageSize);
    out.push(...page.filter((l) => l.createdAt >= since && (!until || l.createdAt <= until)));
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) break;
    after = last.id;
  }
  return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** When the lead was first really answered (accepted or returned), if it was. */
function firstAnswer(lead: LeadRecord): Date | null {
  const t = timestampsOf(lead);
  const answers = [t.acceptedAt, t.returnedAt].filter((d): d is Date => d !== undefined);
  return answers.length > 0 ? new Date(Math.min(...answers.map((d) => d.getTime()))) : null;
}

/** Whether `acceptBy` was missed, judged at the real answer, or at `until` for a lead still waiting. */
function acceptMissed(lead: LeadRecord, acceptBy: Date, until: Date): boolean | null {
  const answered = firstAnswer(lead);
  if (answered) return answered.getTime() > acceptBy.getTime();
  return WAITING_STATES.has(lead.state) ? until.getTime() > acceptBy.getTime() : null;
}

const WAITING_STATES = new Set<string>(['routed', 'escalated']);

/** Each lead's fate under `config`, replaying routing state in order; accept-by is judged at `until` for a lead still waiting. */
export function replay(leads: readonly LeadRecord[], config: MappingsConfig, until: Date): Fate[] {
  const poolStates: Record<string, PoolState> = {};
  const open: Record<string, number> = {};
  const stillOpen = new Set<string>(OPEN_STATES);
  return leads.map((lead) => {
    const now = lead.createdAt;
    const view = arrivalView(lead, config);
    const { result } = decideReadiness({ lead: view, config, now });
    if (!result.ready) return { ready: false, reasons: result.reasons.map(reasonKey), owner: null, rule: null, branch: null, acceptBy: null, policy: null, acceptMissed: null };
    const r = decideRouting({ lead: { ...view, state: 'ready' }, config, now, poolStates, openLeadCounts: open });
    if (r.route.poolStateUpdate) poolStates[r.route.poolStateUpdate.key] = r.route.poolStateUpdate.state;
    const owner = r.route.owner;
    if (owner.kind === 'rm' && stillOpen.has(lead.state)) open[owner.id] = (open[owner.id] ?? 0) + 1;
    return {
      ready: true,
      reasons: [],
      owner: { kind: owner.kind, id: owner.id },
      rule: r.route.rule,
      branch: owner.kind === 'rm' ? owner.branchId : null,
      acceptBy: r.plan.acceptBy.toISOString(),
      policy: r.plan.policy.name,
      acceptMissed: acceptMissed(lead, r.plan.acceptBy, until),
    };
  });
}

function counts<T>(items: readonly T[], key: (t: T) => string | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function side(cur: Map<string, number>, cand: Map<string, number>): { key: string; current: number; candidate: number; delta: number }[] {
  const keys = [...new Set([...cur.keys(), ...cand.keys()])];
  return keys
    .map((key) => ({ key, current: cur.get(key) ?? 0, candidate: cand.get(key) ?? 0, delta: (cand.get(key) ?? 0) - (cur.get(key) ?? 0) }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.current - a.current || (a.key < b.key ? -1 : 1));
}

export function compareFates(leads: readonly LeadRecord[], now: Fate[], next: Fate[], configs: { current: MappingsConfig; candidate: MappingsConfig }, window: { since: Date; until: Date }): SimulateReport {
  const names = rosterNames({ roster: { rms: [...configs.current.roster.rms, ...configs.candidate.roster.rms], queues: [...configs.current.roster.queues, ...configs.candidate.roster.queues] } });
  const ownerKey = (f: Fate): string | null => (f.owner ? `${f.owner.kind}:${f.owner.id}` : null);
  const tallies = (key: (f: Fate) => string | null): Tally[] =>
    side(counts(now, key), counts(next, key)).map(({ key: k, ...n }) => {
      const [kind, id] = k.split(/:(.*)/s) as ['rm' | 'queue', string];
      const rm = configs.candidate.roster.rms.find((r) => r.id === id) ?? configs.current.roster.rms.find((r) => r.id === id);
      return { owner: id, kind, name: names.short(id), branch: rm?.branch ?? null, ...n };
    });
  const byOwner = tallies(ownerKey);
  const missedOwner = (f: Fate): string | null => (f.acceptMissed ? ownerKey(f) : null);
  const missedBranch = (f: Fate): string | null => (f.acceptMissed ? f.branch : null);
  const judged = leads.filter((_, i) => (now[i] as Fate).acceptMissed !== null && (next[i] as Fate).acceptMissed !== null).length;
  const missedCount = (fs: Fate[]) => fs.filter((f) => f.acceptMissed).length;
  const reasons = (fs: Fate[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of fs) for (const r of f.reasons) m.set(r, (m.get(r) ?? 0) + 1);
    return m;
  };
  const shifts: number[] = [];
  const ownerChanges: SimulateReport['routing']['ownerChanges'] = [];
  let readyChanged = 0;
  leads.forEach((lead, i) => {
    const a = now[i] as Fate;
    const b = next[i] as Fate;
    if (a.ready !== b.ready) readyChanged++;
    if (ownerKey(a) !== ownerKey(b) && (a.owner || b.owner)) ownerChanges.push({ leadId: lead.id, current: { owner: a.owner, rule: a.rule }, candidate: { owner: b.owner, rule: b.rule } });
    if (a.acceptBy && b.acceptBy) shifts.push((Date.parse(b.acceptBy) - Date.parse(a.acceptBy)) / 60_000);
  });
  const ready = (fs: Fate[]) => ({ ready: fs.filter((f) => f.ready).length, blocked: fs.filter((f) => !f.ready).length });
  const changed = shifts.filter((s) => s !== 0);
  return {
    window: { since: window.since.toISOString(), until: window.until.toISOString() },
    leads: leads.length,
    readiness: {
      current: ready(now),
      candidate: ready(next),
      byReason: side(reasons(now), reasons(next)).map(({ key, ...n }) => ({ reason: key, ...n })),
      changed: readyChanged,
    },
    routing: {
      byOwner,
      byBranch: side(counts(now, (f) => f.branch), counts(next, (f) => f.branch)).map(({ key, ...n }) => ({ branch: key, ...n })),
      ownerChanges,
    },
    sla: {
      compared: shifts.length,
      changed: changed.length,
      earlier: changed.filter((s) => s < 0).length,
      later: changed.filter((s) => s > 0).length,
      medianShiftMinutes: changed.length > 0 ? Math.round(median(changed) as number) : null,
      byPolicy: side(counts(now, (f) => f.policy), counts(next, (f) => f.policy)).map(({ key, ...n }) => ({ policy: key, ...n })),
      missed: { judged, current: missedCount(now), candidate: missedCount(next), delta: missedCount(next) - missedCount(now) },
      missedByOwner: tallies(missedOwner),
      missedByBranch: side(counts(now, missedBranch), counts(next, missedBranch)).map(({ key, ...n }) => ({ branch: key, ...n })),
    },
    assumptions: [
      'each lead is replayed as it arrived (captured, no owner), with the field values stored now, at its creation time',
      'routing pointers start empty for each config; a replayed assignment counts against an RM\'s capacity only if the lead is still open now',
      'known customers and engagement signals are taken as the pipeline recorded them',
      'an accept-by is judged against the lead\'s real first answer (accept or return), or the end of the window while it waits, whoever would have owned it',
    ],
  };
}

/** Leads created since `window.since` (and up to `until` when given: the sandbox's clock may run ahead of the wall's). */
export async function simulate(db: Db, configs: { current: MappingsConfig; candidate: MappingsConfig }, window: { since: Date; until?: Date }): Promise<SimulateReport> {
  const leads = await leadsCreatedSince(db, window.since, window.until);
  const until = window.until ?? new Date(leads.reduce((max, l) => Math.max(max, l.createdAt.getTime()), Date.now()));
  return compareFates(leads, replay(leads, configs.current, until), replay(leads, configs.candidate, until), configs, { since: window.since, until });
}

/** Both configs, the candidate validated first: every problem of it is reported at once (MAPPINGS_INVALID). */
export function loadSimulationConfigs(currentDir: string, candidateDir: string): { current: MappingsConfig; candidate: MappingsConfig } {
  const load = (dir: string, which: string): MappingsConfig => {
    const r = loadMappings(dir);
    if (r.config) return r.config;
    const lines = r.errors.map((e) => formatConfigError(e));
    throw new HandoffError('MAPPINGS_INVALID', `the ${which} mappings in ${dir} have ${lines.length} problem${lines.length === 1 ? '' : 's'}; nothing was simulated:\n  ${lines.join('\n  ')}`, { dir, problems: lines });
  };
  const candidate = load(candidateDir, 'candidate');
  return { current: load(currentDir, 'current'), candidate };
}
