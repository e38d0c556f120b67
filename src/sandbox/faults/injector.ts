/**
 * Decides, call by call, whether a fault rule fires. Each rule draws from its own stream derived
 * from the sandbox seed and the rule id, and counts only the calls it matches, so the same seed
 * and the same calls give the same faults, whatever other routes are doing meanwhile.
 * Applying a fault to the wire is the emulator adapters' job (hubspot.ts, salesforce.ts).
 */
import type { Clock } from '../../domain/clock';
import { Rng } from '../random';
import type { Actor, FaultKind, FaultRule, FaultSystem } from './rules';
import { parseFaultRules, routeMatches } from './rules';

export interface FaultCall {
  system: FaultSystem;
  route: string;
  actor: Actor;
  /** Records in the request when it is a batch write that can partly fail; 0 otherwise. */
  batchSize: number;
}

export interface RuleState {
  rule: FaultRule;
  addedAt: string;
  /** Calls the rule matched (route, system, actor, window). */
  matched: number;
  /** Faults it injected. */
  fired: number;
  spent: boolean;
}

export interface FaultEvent {
  seq: number;
  at: string;
  system: FaultSystem;
  route: string;
  ruleId: string;
  kind: FaultKind;
  /** Which of the rule's matched calls this was (1-based). */
  call: number;
  /** partial: the failed input positions. */
  records?: number[];
  /** latency: the delay applied, in ms. */
  delayMs?: number;
}

export interface FaultDecision {
  rule: FaultRule;
  /** The rule's stream, for the per-record or jitter draws that belong to this decision. */
  rng: Rng;
  event: FaultEvent;
}

interface Entry extends RuleState {
  rng: Rng;
  addedMs: number;
}

const LOG_LIMIT = 10_000;

export class FaultInjector {
  private entries: Entry[] = [];
  private events: FaultEvent[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
  ) {}

  /** Adds validated rules (one or a list); returns them with their ids. Throws SANDBOX_BAD_FAULT. */
  add(input: unknown): FaultRule[] {
    const rules = parseFaultRules(input);
    const now = this.clock.now();
    return rules.map((r) => {
      const id = r.id ?? `f${this.nextId++}`;
      const rule: FaultRule = { ...r, id };
      this.entries = this.entries.filter((e) => e.rule.id !== id); // same id replaces
      this.entries.push({ rule, addedAt: now.toISOString(), addedMs: now.getTime(), matched: 0, fired: 0, spent: false, rng: Rng.derive(this.seed, 'fault', id) });
      return rule;
    });
  }

  rules(): RuleState[] {
    return this.entries.map(({ rule, addedAt, matched, fired, spent }) => ({ rule, addedAt, matched, fired, spent }));
  }

  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.rule.id !== id);
    return this.entries.length < before;
  }

  /** Removes every rule; the log stays (clearLog empties it). */
  clear(): void {
    this.entries = [];
  }

  log(): FaultEvent[] {
    return this.events.map((e) => ({ ...e, ...(e.records ? { records: [...e.records] } : {}) }));
  }

  clearLog(): void {
    this.events = [];
  }

  /** The first rule, in the order added, that fires for this call; its event is already logged. */
  decide(call: FaultCall): FaultDecision | undefined {
    const now = this.clock.now();
    for (const e of this.entries) {
      const r = e.rule;
      if (e.spent || r.system !== call.system || !routeMatches(r.route, call.route)) continue;
      if (r.system === 'salesforce' && r.actor === 'integration' && call.actor !== 'integration') continue;
      if (r.kind === 'partial' && call.batchSize === 0) continue;
      if (r.durationMs !== undefined && now.getTime() >= e.addedMs + r.durationMs) {
        e.spent = true;
        continue;
      }
      e.matched++;
      if (r.everyNth !== undefined && e.matched % r.everyNth !== 0) continue;
      // Draw even when probability is 1 or absent, so adding `probability` later does not shift other draws.
      const draw = e.rng.float();
      if (r.probability !== undefined && draw >= r.probability) continue;
      e.fired++;
      if (r.count !== undefined && e.fired >= r.count) e.spent = true;
      const event: FaultEvent = { seq: ++this.seq, at: now.toISOString(), system: call.system, route: call.route, ruleId: r.id, kind: r.kind, call: e.matched };
      this.events.push(event);
      if (this.events.length > LOG_LIMIT) this.events.splice(0, this.events.length - LOG_LIMIT);
      return { rule: r, rng: e.rng, event };
    }
    return undefined;
  }
}

/**
 * Which inputs of a batch of `size` fail: the given positions, else each with `recordProbability`,
 * with at least one failure and, when there are two or more, at least one success.
 */
export function pickFailedRecords(rng: Rng, size: number, params: { recordProbability?: number; indexes?: number[] }): number[] {
  if (size === 0) return [];
  if (params.indexes) return [...new Set(params.indexes.filter((i) => i < size))].sort((a, b) => a - b);
  const p = params.recordProbability ?? 0.5;
  const failed: number[] = [];
  for (let i = 0; i < size; i++) if (rng.chance(p)) failed.push(i);
  if (failed.length === 0) failed.push(rng.int(0, size - 1));
  if (size > 1 && failed.length === size) failed.splice(rng.int(0, size - 1), 1);
  return failed;
}
