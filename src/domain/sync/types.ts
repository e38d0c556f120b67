/**
 * The shared vocabulary of the sync mapping: sides, directions, the canonical value forms, and
 * problems as data. A problem never carries the value it is about: field values are personal data
 * and these messages reach logs and the audit trail.
 */

/** HubSpot is the MAP, Salesforce the CRM (the sync rules' own words). */
export type Side = 'hubspot' | 'salesforce';
export type Direction = 'map_to_crm' | 'crm_to_map';

/**
 * A field's value in Handoff's own terms, the same whichever system it came from:
 * text after its transforms (blank is null), phone in E.164, picklists as the canonical option
 * (the catalogue id for values_from, the HubSpot value for a values map), checkbox as a boolean
 * (blank is false), number, date as YYYY-MM-DD, datetime as an ISO instant in UTC with milliseconds.
 */
export type CanonicalValue = string | number | boolean | null;

/** Every HubSpot property value is a string on the wire; '' clears (API-FACTS A2). */
export type HubspotValue = string;
/** A Salesforce field value as the REST API takes it; null clears. */
export type SalesforceValue = string | number | boolean | null;

/** A source system's timestamp: ISO string, epoch milliseconds (number or digit string), or Date. */
export type Timestamp = string | number | Date;

export type SyncProblemCode =
  | 'invalid_phone'
  | 'invalid_date'
  | 'invalid_datetime'
  | 'invalid_boolean'
  | 'invalid_number'
  | 'unknown_picklist_value'
  | 'too_long'
  | 'truncated'
  | 'required_blank'
  | 'invalid_value';

export interface SyncProblem {
  code: SyncProblemCode;
  /** The canonical field name from fields.yaml (or the system's field for link and status fields). */
  field: string;
  /** Human text naming the field and what was expected; never the value itself. */
  message: string;
  /** The system whose value (or write) the problem is about, when it is one of them. */
  side?: Side;
}

/**
 * A conversion either gives a value (possibly with warnings, e.g. a truncation) or reports a problem.
 * Problems are expected input, not bugs: nothing here throws for a bad value.
 */
export type Converted<T> = { value: T; warnings?: SyncProblem[] } | { problem: SyncProblem };

export function isProblem<T>(r: Converted<T>): r is { problem: SyncProblem } {
  return 'problem' in r;
}

export const otherSide = (s: Side): Side => (s === 'hubspot' ? 'salesforce' : 'hubspot');

export const SIDE_LABEL: Record<Side, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };
