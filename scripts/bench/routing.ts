/**
 * Routing benchmark: a synthetic bank of 10,000 RMs in 500 branches (deterministic seed), N leads
 * routed with full explanations (structured and rendered), against a baseline of a trivial round
 * robin over the whole roster in the same process. Run: `node dist/scripts/bench/routing.js
 * [leads]`; prints one JSON line.
 */
import { loadMappings } from '../../src/config/load-mappings';
import { defaultMappingsDir } from '../../src/paths';
import { rosterIndex } from '../../src/domain/roster-index';
import { renderRoutingExplanation, route } from '../../src/domain/routing';
import type { PoolState } from '../../src/domain/routing';
import { syntheticBank } from './routing-data';

export interface BenchRoutingOptions {
  rms?: number;
  branches?: number;
  leads?: number;
  seed?: number;
  /** Also render each explanation as plain English (default true). */
  render?: boolean;
  /** Leads routed first and not measured: calendars are built lazily, on first use (default min(2000, leads)). */
  warmup?: number;
}

function percentile(sortedNs: readonly bigint[], p: number): number {
  const i = Math.min(sortedNs.length - 1, Math.floor((p / 100) * sortedNs.length));
  return Number(sortedNs[i] ?? 0n) / 1000;
}

function summarise(samples: bigint[]): { decisionsPerSecond: number; p50Micros: number; p95Micros: number } {
  const total = samples.reduce((a, b) => a + b, 0n);
  const sorted = [...samples].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    decisionsPerSecond: Math.round((samples.length / Number(total)) * 1e9),
    p50Micros: Math.round(percentile(sorted, 50) * 10) / 10,
    p95Micros: Math.round(percentile(sorted, 95) * 10) / 10,
  };
}

export async function benchRouting(opts: BenchRoutingOptions = {}): Promise<Record<string, number>> {
  const rms = opts.rms ?? 10_000;
  const branches = opts.branches ?? 500;
  const leads = opts.leads ?? 5_000;
  const loaded = loadMappings(defaultMappingsDir());
  if (!loaded.config) throw new Error('the shipped mappings do not load; run handoff validate');
  const warmup = opts.warmup ?? Math.min(2_000, leads);
  const bank = syntheticBank(loaded.config, { rms, branches, leads: warmup + leads, seed: opts.seed ?? 42 });
  const render = opts.render ?? true;

  // Indexes (branch spatial index, RMs by branch and role, every calendar) are built once per config, here, not per lead.
  const setupStart = process.hrtime.bigint();
  rosterIndex(bank.config).warmCalendars();
  const setupMs = Number(process.hrtime.bigint() - setupStart) / 1e6;

  // The engine's table of pool pointers; updated in place here, as rows would be.
  const poolStates: Record<string, PoolState> = {};
  const open = { ...bank.openLeadCounts };
  let now = Date.parse('2026-03-10T15:00:00Z');
  const samples: bigint[] = [];
  let warmupMs = 0;
  let explanationChars = 0;
  let toRms = 0;
  const warmStart = process.hrtime.bigint();
  for (const [i, lead] of bank.leads.entries()) {
    if (i === warmup) samples.length = 0;
    if (i === warmup) explanationChars = toRms = 0;
    const t0 = process.hrtime.bigint();
    const r = route({ lead, config: bank.config, poolStates, openLeadCounts: open, now: new Date(now) });
    if (render) explanationChars += renderRoutingExplanation(r.explanation).length;
    samples.push(process.hrtime.bigint() - t0);
    if (r.poolStateUpdate) poolStates[r.poolStateUpdate.key] = r.poolStateUpdate.state;
    if (r.owner.kind === 'rm') {
      open[r.owner.id] = (open[r.owner.id] ?? 0) + 1;
      toRms++;
    }
    now += 3_000;
    if (i + 1 === warmup) warmupMs = Number(process.hrtime.bigint() - warmStart) / 1e6;
  }
  const ours = summarise(samples);

  // Baseline: the trivial round robin over the whole roster, timed the same way.
  const roster = bank.config.roster.rms;
  const base: bigint[] = [];
  let pointer = 0;
  let sink = 0;
  for (let i = 0; i < leads; i++) {
    const t0 = process.hrtime.bigint();
    pointer = (pointer + 1) % roster.length;
    sink += (roster[pointer] as { id: string }).id.length;
    base.push(process.hrtime.bigint() - t0);
  }
  const baseline = summarise(base);
  return {
    ...ours,
    rms,
    branches,
    leads,
    toRmsShare: Math.round((toRms / leads) * 1000) / 1000,
    meanExplanationChars: render ? Math.round(explanationChars / leads) : 0,
    setupMs: Math.round(setupMs),
    warmupLeads: warmup,
    warmupMs: Math.round(warmupMs),
    baselineDecisionsPerSecond: baseline.decisionsPerSecond,
    baselineP50Micros: baseline.p50Micros,
    baselineP95Micros: baseline.p95Micros,
    ratio: ours.decisionsPerSecond / baseline.decisionsPerSecond,
    sink: sink > 0 ? 1 : 0,
  };
}

/** The figures the benchmark prints, shaped from benchRouting's result (here and in `npm run bench`). */
export function routingFigures(r: Record<string, number>): Record<string, unknown> {
  return {
    decisionsPerSecond: r.decisionsPerSecond,
    p50Micros: r.p50Micros,
    p95Micros: r.p95Micros,
    rms: r.rms,
    branches: r.branches,
    leads: r.leads,
    toRmsShare: r.toRmsShare,
    meanExplanationChars: r.meanExplanationChars,
    setupMs: r.setupMs,
    warmupMs: r.warmupMs,
    baseline: { decisionsPerSecond: r.baselineDecisionsPerSecond, p50Micros: r.baselineP50Micros, p95Micros: r.baselineP95Micros },
    ratio: r.ratio,
  };
}

async function main(): Promise<void> {
  const leads = Number(process.argv[2] ?? 5000);
  console.log(JSON.stringify(routingFigures(await benchRouting({ leads }))));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
