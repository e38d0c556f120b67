/**
 * What the demo shows, built only from the audit trail (STYLE 12: observers subscribe, none
 * reaches into internals): one line per notable event, and the running figures of the hourly
 * summary (acceptance rate, speed to accept, breaches, funded). Pure; demo.ts feeds it rows.
 */
import type { AuditRecord } from '../engine/audit';
import type { RoutingExplanation } from '../domain/routing';
import type { Names } from './names';
import { clockFace, minutesText, money, shortId } from './names';
import type { StoryContext } from './story';
import { describeEvent, speedToAccept } from './story';

/** What the demo says about a lead besides its id: its taxonomy (no personal data). */
export interface LeadLabel {
  kind: string | null;
  segment: string | null;
  product: string | null;
}

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Event types worth a line; field syncs, warnings and ignored changes are not. */
const TAGS: Record<string, string> = {
  readiness_passed: 'ready',
  readiness_blocked: 'blocked',
  routed: 'routed',
  held_for_owner: 'held',
  rerouted_after_return: 'rerouted',
  accepted: 'accepted',
  returned: 'returned',
  return_needs_reason: 'no reason',
  recycled: 'recycled',
  ended_after_return: 'closed',
  recycle_cap_reached: 'closed',
  sla_breach_reassigned: 'SLA breach',
  sla_breach_escalated: 'SLA breach',
  sla_breach_held: 'SLA breach',
  sla_breach_notified: 'SLA breach',
  outcome: 'outcome',
  backfilled: 'loaded',
};

function labelText(l: LeadLabel | undefined): string {
  if (!l) return '';
  return [l.segment, l.product, l.kind && l.kind !== 'lead' ? l.kind : null].filter((x) => x).join('/');
}

function routingTail(d: Data, names: Names, zone: string): string {
  const r = obj(d.routing) as unknown as Partial<RoutingExplanation>;
  const last = r.rules?.[r.rules.length - 1];
  // The pick's first clause says why this person; how a tie was broken is for `handoff explain`.
  const pick = last?.pick?.how.split('; tie')[0];
  const how = r.result?.via === 'fallback' ? 'no rule placed it: fallback queue' : r.result?.rule ? `rule ${r.result.rule}${pick ? `, ${pick}` : ''}` : '';
  const acceptBy = str(obj(d.sla).acceptBy);
  return [how, acceptBy ? `accept by ${clockFace(acceptBy, zone).slice(4)}` : ''].filter((x) => x).join(' · ') || names.owner(r.result?.owner);
}

/** One line for a notable event, or null. */
export function demoLine(ev: AuditRecord, label: LeadLabel | undefined, ctx: StoryContext): string | null {
  const tag = TAGS[ev.type];
  if (!tag) return null;
  const d = obj(ev.data);
  const s = describeEvent(ev, ctx);
  let detail = s.title;
  // The negative customer check is for `handoff explain`; the feed names only what blocked the lead.
  if (ev.type === 'readiness_blocked') detail = `not ready: ${s.why.filter((w) => !w.startsWith('Seen in') && !w.startsWith('Not an existing customer')).map((w) => w.replace(/ \[.*\]$/, '')).join('; ')}`;
  if (ev.type === 'readiness_passed') detail = s.why[0] ?? s.title;
  if (['routed', 'held_for_owner', 'rerouted_after_return', 'sla_breach_reassigned', 'sla_breach_escalated'].includes(ev.type)) {
    detail = `${s.title} · ${routingTail(d, ctx.names, ctx.zone)}`;
  }
  if (ev.type === 'accepted') detail = `${s.title}${ev.summary ? `, ${ev.summary.replace(/^Accepted by [^,]*, /, '')}` : ''}`;
  if (ev.type.startsWith('sla_breach_')) detail = detail.replace(/^SLA breach: /, '');
  const what = labelText(label);
  return `${clockFace(ev.at, ctx.zone)}  ${tag.padEnd(10)} ${shortId(ev.leadId)}${what ? ` ${what}` : ''}  ${detail}`;
}

const ASSIGNMENTS = new Set(['routed', 'held_for_owner', 'rerouted_after_return', 'sla_breach_reassigned', 'sla_breach_escalated']);

export interface DemoFigures {
  accepted: number;
  returned: number;
  /** accepted / (accepted + returned); null before any answer. */
  acceptanceRate: number | null;
  /** Median time from assignment to acceptance (ms); null before any. */
  medianSpeedToAcceptMs: number | null;
  breaches: number;
  reassigned: number;
  escalated: number;
  funded: number;
  fundedAmount: number;
}

/** Running figures over the events seen so far. */
export class DemoStats {
  private readonly assignedAt = new Map<string, string>();
  private readonly acceptMs: number[] = [];
  private readonly f: DemoFigures = { accepted: 0, returned: 0, acceptanceRate: null, medianSpeedToAcceptMs: null, breaches: 0, reassigned: 0, escalated: 0, funded: 0, fundedAmount: 0 };

  observe(ev: Pick<AuditRecord, 'leadId' | 'at' | 'type' | 'data'>): void {
    const lead = ev.leadId ?? '';
    const d = obj(ev.data);
    if (ASSIGNMENTS.has(ev.type)) this.assignedAt.set(lead, ev.at);
    if (ev.type.startsWith('sla_breach_')) this.f.breaches++;
    if (ev.type === 'sla_breach_reassigned') this.f.reassigned++;
    if (ev.type === 'sla_breach_escalated') this.f.escalated++;
    if (ev.type === 'accepted') {
      this.f.accepted++;
      const ms = speedToAccept(this.assignedAt.get(lead), typeof d.answeredAt === 'string' ? d.answeredAt : ev.at);
      if (ms !== undefined) this.acceptMs.push(ms);
    }
    if (ev.type === 'returned') this.f.returned++;
    if (ev.type === 'outcome' && d.outcome === 'funded') {
      this.f.funded++;
      this.f.fundedAmount += typeof d.amount === 'number' ? d.amount : 0;
    }
  }

  figures(): DemoFigures {
    const answered = this.f.accepted + this.f.returned;
    return { ...this.f, acceptanceRate: answered > 0 ? this.f.accepted / answered : null, medianSpeedToAcceptMs: median(this.acceptMs) };
  }
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface ApiCalls {
  hubspot: number;
  /** The daemon's own Salesforce calls (the integration user). */
  salesforce: number;
  /** What the simulated RMs did in Salesforce, as themselves (not Handoff's budget). */
  rms: number;
}

/** The hourly table: leads by state, the figures, API calls per system. */
export function summaryTable(at: Date, zone: string, states: Record<string, number>, f: DemoFigures, calls: ApiCalls): string {
  const total = Object.values(states).reduce((a, b) => a + b, 0);
  const byState = Object.entries(states)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s} ${n}`)
    .join(' · ');
  const rows: [string, string][] = [
    ['leads', `${total}${total > 0 ? ` (${byState})` : ''}`],
    ['acceptance rate', f.acceptanceRate === null ? 'no answers yet' : `${Math.round(f.acceptanceRate * 100)}% (${f.accepted} accepted, ${f.returned} returned)`],
    ['speed to accept', f.medianSpeedToAcceptMs === null ? '—' : `median ${minutesText(f.medianSpeedToAcceptMs)}`],
    ['SLA breaches', `${f.breaches} (${f.reassigned} reassigned, ${f.escalated} escalated)`],
    ['funded', `${f.funded}${f.funded > 0 ? ` (${money(f.fundedAmount)})` : ''}`],
    ['API calls', `HubSpot ${calls.hubspot} · Salesforce ${calls.salesforce} (Handoff) · ${calls.rms} by RMs in Salesforce`],
  ];
  const head = `── ${clockFace(at, zone)} ${zone} `;
  return [head.padEnd(72, '─'), ...rows.map(([k, v]) => `  ${k.padEnd(16)} ${v}`)].join('\n');
}
