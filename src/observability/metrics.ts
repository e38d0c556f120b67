import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics, one registry per process (tests build their own). Subsystems report through
 * these instruments; nothing reaches into another module to count.
 */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'handoff_' });
  const m = {
    registry,
    apiCalls: new Counter({
      name: 'handoff_api_calls_total',
      help: 'Calls made to HubSpot and Salesforce, by system, endpoint class and outcome',
      labelNames: ['system', 'endpoint', 'outcome'] as const,
      registers: [registry],
    }),
    apiRateLimited: new Counter({
      name: 'handoff_api_rate_limited_total',
      help: 'Responses that said a rate or daily limit was hit',
      labelNames: ['system', 'policy'] as const,
      registers: [registry],
    }),
    inboxReceived: new Counter({
      name: 'handoff_inbox_received_total',
      help: 'Inbound changes stored in the inbox, by source; duplicates are counted apart',
      labelNames: ['source', 'result'] as const,
      registers: [registry],
    }),
    outboxDepth: new Gauge({
      name: 'handoff_outbox_depth',
      help: 'Outbox rows by system and status',
      labelNames: ['system', 'status'] as const,
      registers: [registry],
    }),
    syncErrors: new Counter({
      name: 'handoff_sync_errors_total',
      help: 'Per-record write failures by system and error class',
      labelNames: ['system', 'class'] as const,
      registers: [registry],
    }),
    deadLetters: new Gauge({
      name: 'handoff_dead_letters',
      help: 'Records dead-lettered now, waiting for an operator (handoff dlq): outbox writes by system and inbox items by source, by error class',
      labelNames: ['queue', 'system', 'class'] as const,
      registers: [registry],
    }),
    handoffLatency: new Histogram({
      name: 'handoff_change_to_write_seconds',
      help: 'Seconds from a source change to the write in the other system: hubspot_to_salesforce, from the HubSpot change a lead was decided on to its Lead created (live handoffs; the backfill bulk lane is left out)',
      labelNames: ['direction'] as const,
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    reconciled: new Counter({
      name: 'handoff_reconcile_records_total',
      help: 'Leads reconciliation compared, by result: in_sync, repaired, in_flight (writes still queued), missing',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    pipelineSteps: new Counter({
      name: 'handoff_pipeline_step_failures_total',
      help: 'Pipeline steps (pollers, dispatch, sweeps, reconciliation) that failed a run, by step',
      labelNames: ['step'] as const,
      registers: [registry],
    }),
    slaEvents: new Counter({
      name: 'handoff_sla_events_total',
      help: 'SLA warnings, breaches, reassignments and escalations',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
