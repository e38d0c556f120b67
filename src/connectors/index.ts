/**
 * The connectors' shared vocabulary: failures, per-record results, retry policy and rate limits.
 * The systems themselves are in ./hubspot and ./salesforce.
 */
export { ApiError, UnexpectedResponseError, FAILURE_KINDS, describeFailure, toApiFailure } from './api-failure';
export type { ApiFailure, ApiSystem, FailureKind, RecordError, RecordResult } from './api-failure';
export { RETRYABLE_RECORD_CODES, isRetryableRecordCode } from './retry';
export {
  LaneLimiter,
  createRateLimiters,
  createRedisLimiterStore,
  hubspotGeneralOptions,
  hubspotSearchOptions,
  rateLimitConfigFromEnv,
  salesforceOptions,
} from './rate-limits';
export type { Lane, LaneLimiterOptions, LimiterState, LimiterStore, RateLimitConfig, RateLimiters } from './rate-limits';
export { createRecordWriter, DEFAULT_EXTERNAL_ID_FIELDS } from './record-writer';
export type { ConnectorRecordWriter, RecordWriterDeps, WriteFailure, WriteItem, WriteResult } from './record-writer';
