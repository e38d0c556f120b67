/**
 * Sync benchmark: the daemon as deployed (createDaemon: HTTP webhooks, jobs on their schedules,
 * embedded PGlite in memory) against the in-process sandbox with its default rate limits (HubSpot
 * starter tier), N contacts turned MQL at once and handed off as Salesforce Leads. Measures leads
 * handed off per second against the ceiling those limits allow, API calls per lead per system,
 * and the latency from the HubSpot change to the Lead's creation (HubSpot lastmodifieddate vs
 * the Lead's CreatedDate, both on the sandbox clock); then a baseline in the same process: the
 * same flow done naively with the raw SDKs, one contact at a time. Run:
 * `node dist/scripts/bench/index.js sync [contacts] [baselineContacts]`; prints one JSON line.
 */
import { HUBSPOT_BATCH_MAX } from '../../src/connectors/hubspot';
import { SALESFORCE_BATCH_MAX } from '../../src/connectors/salesforce';
import { silentLogger } from '../../src/observability/logger';
import { createSandboxDaemon } from '../../src/ops/sandbox-daemon';
import type { Sandbox } from '../../src/sandbox';
import { startSandbox } from '../../src/sandbox';
import { TIER_LIMITS } from '../../src/sandbox/hubspot/rate-limit';
import { MEMORY, openPglite } from '../../src/store/pglite';
import { naiveBaseline } from './sync-baseline';
import { benchContact, percentile } from './sync-data';

export interface BenchSyncOptions {
  contacts?: number;
  /** Contacts the naive baseline hands off (it is slow by design). Default min(150, contacts). */
  baseline?: number;
  /** Give up waiting for the hand-off after this long (real ms). Default 10 minutes. */
  timeoutMs?: number;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every lead's Lead exists, and the writes that follow it (Task, contact) have landed. */
function progress(sandbox: Sandbox, ids: readonly string[]): { leads: number; settled: number } {
  const leadsByContact = new Map(sandbox.salesforce.records('Lead').map((l) => [String(l.HubSpot_Contact_Id__c ?? ''), l]));
  let leads = 0;
  let settled = 0;
  for (const id of ids) {
    const lead = leadsByContact.get(id);
    if (!lead) continue;
    leads++;
    if (sandbox.hubspot.getContact(id)?.properties.salesforce_lead_id === lead.Id) settled++;
  }
  return { leads, settled };
}

/** The ceiling the tier's 10-second window allows when every call carries a full batch. */
export function ceiling(tier: keyof typeof TIER_LIMITS = 'starter') {
  const perWindow = TIER_LIMITS[tier].tenSecondly;
  const callsPerLead = 1 / HUBSPOT_BATCH_MAX + 1 / HUBSPOT_BATCH_MAX;
  const leadsPerSecond = perWindow / 10 / callsPerLead;
  return {
    tier,
    leadsPerSecond,
    formula:
      `ceiling = (HubSpot calls per 10 s ÷ 10 s) ÷ (HubSpot calls per lead at full batches) = (${perWindow} ÷ 10) ÷ (1/${HUBSPOT_BATCH_MAX} batch read + 1/${HUBSPOT_BATCH_MAX} batch update) = ${leadsPerSecond} leads/s. ` +
      `Search (polling) has its own ${TIER_LIMITS[tier].searchPerSecond}/s limit and 200 per page; Salesforce has no per-second limit (a daily allowance, ` +
      `${SALESFORCE_BATCH_MAX} records per collection call: 2 calls per ${SALESFORCE_BATCH_MAX} leads for the Lead and its Task), so HubSpot's window is the bound.`,
  };
}

export async function benchSync(o: BenchSyncOptions = {}): Promise<Record<string, unknown>> {
  const n = o.contacts ?? 2_000;
  const logger = silentLogger();
  const db = await openPglite({ dataDir: MEMORY });
  const sandbox = await startSandbox({ speed: 1, webhookUrl: null, logger });
  let handoff: Record<string, unknown>;
  try {
    const sd = await createSandboxDaemon({ sandbox, db, logger, webhookFlushMs: 200 });
    // Contacts exist before the daemon listens (their creation is not what is measured).
    const ids = Array.from({ length: n }, (_, i) => sandbox.hubspot.createContact(benchContact(i), { source: 'FORM' }).id);
    await sd.start();
    try {
      sandbox.resetCounts();
      const t0 = Date.now();
      const changedAt = new Map<string, number>();
      for (const id of ids) {
        sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
        const modified = sandbox.hubspot.getContact(id)?.properties.lastmodifieddate;
        changedAt.set(id, modified ? Date.parse(modified) : sandbox.clock.now().getTime());
      }
      let leadsAt = 0;
      const deadline = t0 + (o.timeoutMs ?? 600_000);
      for (;;) {
        const p = progress(sandbox, ids);
        if (p.leads === n && leadsAt === 0) leadsAt = Date.now();
        if (p.settled === n) break;
        if (Date.now() > deadline) throw new Error(`timed out: ${p.leads} of ${n} Leads, ${p.settled} settled`);
        await wait(50);
      }
      const settledAt = Date.now();
      const calls = sandbox.callCounts();
      const latencies = sandbox.salesforce
        .records('Lead')
        .map((l) => Date.parse(String(l.CreatedDate)) - (changedAt.get(String(l.HubSpot_Contact_Id__c)) ?? NaN))
        .filter((ms) => Number.isFinite(ms))
        .sort((a, b) => a - b);
      const seconds = (leadsAt - t0) / 1000;
      const c = ceiling('starter');
      const hubspotPerLead = calls.hubspot.total / n;
      handoff = {
        contacts: n,
        seconds: round(seconds, 1),
        leadsPerSecond: round(n / seconds, 1),
        settledSeconds: round((settledAt - t0) / 1000, 1),
        ceiling: c,
        ratioToCeiling: round(n / seconds / c.leadsPerSecond, 3),
        apiCallsPerLead: { hubspot: round(hubspotPerLead, 4), salesforce: round(calls.salesforceByActor.integration.total / n, 4) },
        apiCalls: { hubspot: calls.hubspot.byRoute, salesforce: calls.salesforceByActor.integration.byRoute },
        latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] ?? 0 },
      };
    } finally {
      await sd.stop();
    }
  } finally {
    await sandbox.stop();
    await db.close();
  }
  const baseline = await naiveBaseline(o.baseline ?? Math.min(150, n));
  return {
    ...handoff,
    baseline,
    ratio: round((handoff.leadsPerSecond as number) / baseline.leadsPerSecond, 1),
    machine: 'in-process sandbox, PGlite in memory; see README for the machine',
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
