/**
 * The typed mappings: one property per file. A new file (readiness.yaml, sla.yaml…) adds a
 * property here (optional if the file is) and an entry in MAPPING_FILES (registry.ts).
 */
import type { LeadState } from '../domain/lifecycle';
import type { ProductsConfig, SegmentsConfig } from './schemas/catalogue';
import type { FieldsConfig } from './schemas/fields';
import type { ReadinessConfig } from './schemas/readiness';
import type { RecycleConfig } from './schemas/recycle';
import type { RosterConfig } from './schemas/roster';
import type { RoutingConfig } from './schemas/routing';
import type { ScoringConfig } from './schemas/scoring';
import type { SlaConfig } from './schemas/sla';
import type { StatusesConfig } from './schemas/statuses';
import type { StateOutbound } from './schemas/statuses';

/** statuses.yaml with its outbound table keyed by the lifecycle's own state type. */
export type StatusesMapping = Omit<StatusesConfig, 'outbound'> & { outbound: Record<LeadState, StateOutbound> };

/** Deep-frozen at run time by loadMappings: a change throws rather than altering config under another reader. */
export interface MappingsConfig {
  products: ProductsConfig;
  segments: SegmentsConfig;
  statuses: StatusesMapping;
  fields: FieldsConfig;
  roster: RosterConfig;
  routing: RoutingConfig;
  scoring: ScoringConfig;
  readiness: ReadinessConfig;
  sla: SlaConfig;
  recycle: RecycleConfig;
}

export type FileKey = keyof MappingsConfig;
