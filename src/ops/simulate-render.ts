/**
 * The simulation report as marketing ops read it before a config change goes live: readiness,
 * routing per owner and branch, the leads whose owner changes, and what happens to accept-by.
 */
import type { SimulateReport, Tally } from './simulate';
import { shortId } from './names';

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
const ownerLabel = (o: Tally): string => (o.kind === 'queue' ? `${o.name} (queue)` : o.branch ? `${o.name} (${o.branch})` : o.name);

function table(head: [string, string, string, string], rows: [string, number, number, number][]): string[] {
  const w = Math.max(head[0].length, ...rows.map((r) => r[0].length));
  const line = (a: string, b: string, c: string, d: string) => `  ${a.padEnd(w)}  ${b.padStart(6)}  ${c.padStart(9)}  ${d.padStart(6)}`;
  return [line(...head), ...rows.map(([k, a, b, d]) => line(k, String(a), String(b), signed(d)))];
}

export function renderSimulation(r: SimulateReport, labels: { current: string; candidate: string }, maxChanges = 20): string {
  const out: string[] = [];
  out.push(`Replayed ${r.leads} lead${r.leads === 1 ? '' : 's'} created ${r.window.since.slice(0, 16).replace('T', ' ')} to ${r.window.until.slice(0, 16).replace('T', ' ')} UTC`);
  out.push(`through ${labels.current} (now) and ${labels.candidate} (candidate). Nothing was written.`);
  out.push('');
  const rd = r.readiness;
  out.push(`Readiness: ${rd.changed} lead${rd.changed === 1 ? '' : 's'} change between ready and blocked`);
  out.push(
    ...table(['', 'now', 'candidate', 'change'], [
      ['ready', rd.current.ready, rd.candidate.ready, rd.candidate.ready - rd.current.ready],
      ['blocked', rd.current.blocked, rd.candidate.blocked, rd.candidate.blocked - rd.current.blocked],
      ...rd.byReason.map((x): [string, number, number, number] => [`  ${x.reason}`, x.current, x.candidate, x.delta]),
    ]),
  );
  out.push('');
  const ro = r.routing;
  out.push(`Routing: ${ro.ownerChanges.length} lead${ro.ownerChanges.length === 1 ? '' : 's'} would go to someone else`);
  out.push(...table(['owner', 'now', 'candidate', 'change'], ro.byOwner.map((o) => [ownerLabel(o), o.current, o.candidate, o.delta])));
  if (ro.byBranch.length > 0) {
    out.push('');
    out.push(...table(['branch', 'now', 'candidate', 'change'], ro.byBranch.map((b) => [b.branch, b.current, b.candidate, b.delta])));
  }
  if (ro.ownerChanges.length > 0) {
    out.push('');
    out.push(`Leads whose owner changes${ro.ownerChanges.length > maxChanges ? ` (first ${maxChanges} of ${ro.ownerChanges.length}; --json lists all)` : ''}:`);
    const name = (o: { kind: string; id: string } | null) => (o ? o.id : 'nobody (blocked)');
    for (const c of ro.ownerChanges.slice(0, maxChanges)) {
      out.push(`  ${shortId(c.leadId)}  ${name(c.current.owner)} → ${name(c.candidate.owner)}  (rule ${c.current.rule ?? '—'} → ${c.candidate.rule ?? '—'})`);
    }
  }
  out.push('');
  const s = r.sla;
  out.push(
    s.changed === 0
      ? `SLA: accept-by unchanged for all ${s.compared} lead${s.compared === 1 ? '' : 's'} routed under both`
      : `SLA: accept-by changes for ${s.changed} of ${s.compared} leads routed under both (${s.earlier} earlier, ${s.later} later; median shift ${signed(s.medianShiftMinutes ?? 0)} min)`,
  );
  if (s.byPolicy.some((p) => p.delta !== 0)) out.push(...table(['policy', 'now', 'candidate', 'change'], s.byPolicy.map((p) => [p.policy, p.current, p.candidate, p.delta])));
  const m = s.missed;
  out.push(`Accept-by missed, judged by the real answer times: ${m.current} now, ${m.candidate} with the candidate (${signed(m.delta)}) of ${m.judged} lead${m.judged === 1 ? '' : 's'} that can be judged`);
  if (s.missedByOwner.length > 0) out.push(...table(['owner', 'now', 'candidate', 'change'], s.missedByOwner.map((o) => [ownerLabel(o), o.current, o.candidate, o.delta])));
  if (s.missedByBranch.length > 0) out.push(...table(['branch', 'now', 'candidate', 'change'], s.missedByBranch.map((b) => [b.branch, b.current, b.candidate, b.delta])));
  out.push('');
  out.push('Assumptions:');
  for (const a of r.assumptions) out.push(`  - ${a}`);
  return out.join('\n');
}
