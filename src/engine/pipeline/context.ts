/**
 * What every pipeline step is handed: the database, the clock, the config, the two connectors
 * and the Salesforce directory, plus the few numbers that tune paging and batching. Built once by
 * the composition root (src/engine/daemon.ts); steps are plain functions of it.
 */
import type { HubSpotConnector } from '../../connectors/hubspot';
import type { SalesforceConnector } from '../../connectors/salesforce';
import type { MappingsConfig } from '../../config';
import type { Clock } from '../../domain/clock';
import type { SyncContext } from '../../domain/sync';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { Db } from '../../store/db';
import type { WorkerLiveness } from '../liveness';
import type { TrackedFields } from './fields';
import type { OwnerDirectory } from './owners';

export interface PipelineOptions {
  /** HubSpot search page (at most 200). */
  hubspotPageSize: number;
  /** HubSpot search lags writes: changes newer than now minus this are left for the next poll. */
  hubspotLagMs: number;
  /**
   * Each HubSpot window starts this far before the last one ended, so a contact search indexes
   * later than hubspotLagMs is still read; re-reads are duplicates and cost only search calls.
   */
  hubspotOverlapMs: number;
  /** Salesforce change query page (1–2000). */
  salesforcePageSize: number;
  /**
   * Each Salesforce change is read once more when it is this old (the re-read walk, after the forward
   * walk has caught up): a change committed up to this late behind the cursor is read; re-reads are
   * deduplicated.
   */
  salesforceLookbackMs: number;
  /** A poller without a cursor starts this far back; older history is `handoff backfill`'s. */
  initialLookbackMs: number;
  /** Pages one poll reads at most before yielding (the next poll goes on from the cursor). */
  maxPagesPerPoll: number;
  /** Outbox records one dispatch run claims (a multiple of both batch sizes keeps batches full). */
  dispatchMaxRecords: number;
  /** Inbox items one processing run handles at most. */
  inboxBatch: number;
  /**
   * Inbox items the inbox job decides between two dispatches (drainInbox): a Lead waits for its
   * chunk, not for the whole burst. A multiple of both batch sizes (200 fills one Salesforce
   * collection and two HubSpot batches), so the daemon's bursts cost the minimum calls.
   */
  inboxChunk: number;
  /** Attempts before an outbox write is dead (retryable failures; permanent ones are dead at once). */
  maxWriteAttempts: number;
  /** Leads one reconciliation run compares. */
  reconcileBatch: number;
  /**
   * How long an outbox or timer claim lasts. A dead process's claims are taken back at once
   * (liveness.ts); the lease is for a process that lives but hangs, so it must outlast a batch
   * write with the connectors' own retries.
   */
  leaseMs: number;
  /** A lead's existing-customer match is asked of Salesforce again once older than this (default 24 h, customers.ts). */
  customerCheckMaxAgeMs?: number;
  /**
   * An SLA breach fires this long after its deadline: an answer or activity made in Salesforce
   * just before the deadline is read by the next polls (every 15 s) and stops the breach first,
   * instead of the lead being taken from an owner who answered in time. Keep it above the
   * Salesforce poll interval.
   */
  breachGraceMs: number;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  hubspotPageSize: 200,
  hubspotLagMs: 30_000,
  hubspotOverlapMs: 5 * 60_000,
  salesforcePageSize: 2000,
  salesforceLookbackMs: 60_000,
  initialLookbackMs: 24 * 3600_000,
  maxPagesPerPoll: 50,
  dispatchMaxRecords: 2000,
  inboxBatch: 5000,
  inboxChunk: 200,
  maxWriteAttempts: 8,
  reconcileBatch: 500,
  leaseMs: 5 * 60_000,
  breachGraceMs: 60_000,
};

export interface PipelineContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  config: MappingsConfig;
  sync: SyncContext;
  /** The fields read and compared per record type (fields.ts). */
  fields: TrackedFields;
  hubspot: HubSpotConnector;
  salesforce: SalesforceConnector;
  directory: OwnerDirectory;
  /** Names this process's claims (outbox, timers). */
  workerId: string;
  /** This process's liveness lock: held before any claim, so other replicas see its claims as alive. */
  liveness: WorkerLiveness;
  /** Secrets the mappings name by variable (a prequalification gate's token_env), read at the edge. */
  secret: (name: string) => string | undefined;
  options: PipelineOptions;
}

/** Who the audit trail names for decisions the pipeline applies. */
export const ACTOR = 'handoff';
