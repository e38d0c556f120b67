/**
 * The mapping files Handoff reads, as a registry: each entry names the file, whether it must
 * exist, its schema and its own checks. Later work adds a file by adding an entry here and a
 * property to MappingsConfig; the loader, `handoff validate` and the docs' file list follow.
 */
import type { z } from 'zod';
import { checkProducts, checkSegments, checkStatuses } from './checks/catalogue-checks';
import type { CheckContext } from './checks/context';
import { checkFields } from './checks/fields-checks';
import { checkReadiness, checkRecycle, checkScoring, checkSla } from './checks/governance-checks';
import { checkRoster } from './checks/roster-checks';
import { checkRouting } from './checks/routing-checks';
import type { FileKey, MappingsConfig } from './mappings-config';
import { productsFileSchema, segmentsFileSchema } from './schemas/catalogue';
import { fieldsFileSchema } from './schemas/fields';
import { readinessFileSchema } from './schemas/readiness';
import { recycleFileSchema } from './schemas/recycle';
import { rosterFileSchema } from './schemas/roster';
import { routingFileSchema } from './schemas/routing';
import { scoringFileSchema } from './schemas/scoring';
import { slaFileSchema } from './schemas/sla';
import { statusesFileSchema } from './schemas/statuses';

export interface MappingFileSpec<K extends FileKey> {
  key: K;
  file: string;
  required: boolean;
  /** One line for `handoff validate` and the docs. */
  summary: string;
  schema: z.ZodType<NonNullable<MappingsConfig[K]>, z.ZodTypeDef, unknown>;
  check?: (value: NonNullable<MappingsConfig[K]>, ctx: CheckContext) => void;
}

export type AnyMappingFileSpec = { [K in FileKey]: MappingFileSpec<K> }[FileKey];

export const MAPPING_FILES: readonly AnyMappingFileSpec[] = [
  { key: 'segments', file: 'segments.yaml', required: true, summary: 'customer segments', schema: segmentsFileSchema, check: checkSegments },
  { key: 'products', file: 'products.yaml', required: true, summary: 'product catalogue and licences', schema: productsFileSchema, check: checkProducts },
  {
    key: 'statuses',
    file: 'statuses.yaml',
    required: true,
    summary: 'lead states to and from HubSpot and Salesforce',
    // The schema's outbound keys are exactly the lifecycle's states (a strict object over LEAD_STATES).
    schema: statusesFileSchema as unknown as z.ZodType<MappingsConfig['statuses'], z.ZodTypeDef, unknown>,
    check: checkStatuses,
  },
  { key: 'fields', file: 'fields.yaml', required: true, summary: 'HubSpot contact ⇄ Salesforce Lead fields', schema: fieldsFileSchema, check: checkFields },
  { key: 'roster', file: 'roster.yaml', required: true, summary: 'branches, RMs and queues', schema: rosterFileSchema, check: checkRoster },
  { key: 'routing', file: 'routing.yaml', required: true, summary: 'routing rules', schema: routingFileSchema, check: checkRouting },
  { key: 'scoring', file: 'scoring.yaml', required: true, summary: 'lead scoring and the MQL threshold', schema: scoringFileSchema, check: checkScoring },
  { key: 'readiness', file: 'readiness.yaml', required: true, summary: 'readiness gates before handoff', schema: readinessFileSchema, check: checkReadiness },
  { key: 'sla', file: 'sla.yaml', required: true, summary: 'acceptance and engagement SLAs', schema: slaFileSchema, check: checkSla },
  { key: 'recycle', file: 'recycle.yaml', required: true, summary: 'what happens to returned leads', schema: recycleFileSchema, check: checkRecycle },
];
