/**
 * Which fields of each record the pipeline reads and compares: the mapped fields of fields.yaml,
 * the link fields, and the status fields statuses.yaml and Handoff's own properties use. A
 * re-read whose tracked values all equal what was last seen (or sent) is no change: it is the
 * echo of our own write, or a change to a field Handoff does not sync.
 */
import { HUBSPOT_PROPERTIES } from '../../connectors/handoff-schema';
import { parseSalesforceDatetime } from '../../connectors/salesforce/soql';
import type { MappingsConfig } from '../../config';
import { CONVERSION_PROPERTIES } from '../../domain/inquiry';
import { normaliseValue } from '../values';

export interface TrackedFields {
  hubspot: string[];
  lead: string[];
  task: string[];
  event: string[];
  opportunity: string[];
}

/** HubSpot refuses writes to these (config/vocabulary.ts; `handoff validate` checks consent mappings against it). */
export { HUBSPOT_READ_ONLY } from '../../config/vocabulary';

/** Lead fields read for state, links and conversion; not all of them are ever written. */
const LEAD_STATUS_FIELDS = ['Status', 'Handoff_Status__c', 'Return_Reason__c', 'OwnerId', 'IsConverted', 'ConvertedOpportunityId', 'ConvertedAccountId', 'ConvertedContactId'];
/** Read with a Lead for attribution, never compared. */
export const LEAD_META_FIELDS = ['LastModifiedById', 'LastModifiedDate'];

const unique = (xs: string[]): string[] => [...new Set(xs)];

export function trackedFields(m: MappingsConfig): TrackedFields {
  const mapped = m.fields.fields;
  return {
    hubspot: unique([
      'email',
      'lifecyclestage',
      'hs_lead_status',
      // HubSpot's own form-conversion properties tell a new inquiry (domain/inquiry), mapped or not; never written.
      ...Object.values(CONVERSION_PROPERTIES),
      ...mapped.map((f) => f.hubspot),
      m.fields.link.hubspot_lead_id,
      ...HUBSPOT_PROPERTIES.map((p) => p.name),
    ]),
    lead: unique([...mapped.flatMap((f) => (f.salesforce ? [f.salesforce] : [])), m.fields.link.salesforce_external_id, ...LEAD_STATUS_FIELDS]),
    task: ['WhoId', 'Type', 'Status', 'Subject', 'CallDisposition', 'CompletedDateTime', 'Handoff_Key__c', 'OwnerId'],
    event: ['WhoId', 'Subject', 'StartDateTime', 'CreatedDate', 'Handoff_Key__c', 'OwnerId'],
    opportunity: ['StageName', 'Amount', 'CloseDate', 'LastModifiedDate'],
  };
}

// Salesforce answers `…T16:00:31.000+0000` for the `…T16:00:31.000Z` it was sent.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Equal as the systems echo values: an unset checkbox (false) is blank, one instant is one value. */
export function sameLoose(a: unknown, b: unknown): boolean {
  const x = normaliseValue(a);
  const y = normaliseValue(b);
  if (x === y || ((x === '' || x === 'false') && (y === '' || y === 'false'))) return true;
  return INSTANT.test(x) && INSTANT.test(y) && parseSalesforceDatetime(x) === parseSalesforceDatetime(y);
}

/** The tracked fields whose value moved from `before` to `after`. */
export function movedFields(fields: readonly string[], before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  return fields.filter((f) => f in after && !sameLoose(before[f], after[f]));
}

export function pick<T>(record: Readonly<Record<string, T>>, fields: readonly string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const f of fields) if (f in record) out[f] = record[f] as T;
  return out;
}
