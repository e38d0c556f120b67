/**
 * The fixed words the mappings are checked against: values HubSpot and Salesforce define (their
 * standard picklists and Handoff's own fields from connectors/handoff-schema), and the domain's
 * vocabularies (lead states, kinds, roles, licences). Anything a bank decides for itself — products,
 * segments, branches, skills, opportunity stages — lives in the YAML instead.
 */
import { HANDOFF_STATUS_VALUES, HUBSPOT_PROPERTIES, SALESFORCE_FIELDS } from '../connectors/handoff-schema';
import { LEAD_STATES } from '../domain/lifecycle';

export { LEAD_STATES };

/** DESIGN.md "Lead kinds"; which kind of referral it was goes in referral_source. */
export const LEAD_KINDS = ['lead', 'referral', 'application'] as const;

export const RM_ROLES = ['rm', 'banker', 'loan_officer', 'advisor', 'inside_sales'] as const;

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The 50 states, DC and Puerto Rico, as USPS codes. */
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY',
  'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH',
  'OK', 'OR', 'PA', 'PR', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;

/**
 * Licences an RM can hold: the NMLS mortgage loan originator registration, FINRA securities
 * exams, and a state insurance producer licence per state (INSURANCE_NY…).
 */
export const LICENSES: readonly string[] = [
  'NMLS', 'SERIES_6', 'SERIES_7', 'SERIES_63', 'SERIES_65', 'SERIES_66',
  ...US_STATES.map((s) => `INSURANCE_${s}`),
];

/** In a product's or a pool's licence list: "an insurance licence for the lead's own state". */
export const INSURANCE_STATE = 'INSURANCE_STATE';

// HubSpot standard contact property values (API-FACTS A8; editable per portal, `handoff doctor` reads the live ones).
export const HUBSPOT_LIFECYCLE_STAGES = [
  'subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other',
] as const;
export const HUBSPOT_LEAD_STATUSES = [
  'NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING',
] as const;

/** Salesforce's default Lead Status picklist. Converted statuses are set by lead conversion, never by an update. */
export const SALESFORCE_LEAD_STATUSES = [
  'Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted',
] as const;
export const SALESFORCE_CONVERTED_STATUSES: readonly string[] = ['Closed - Converted'];

/** Handoff's own status fields, straight from the one list of Handoff's fields. */
export const SALESFORCE_HANDOFF_STATUSES = HANDOFF_STATUS_VALUES.map((v) => v.value) as [string, ...string[]];
export const HUBSPOT_HANDOFF_STATUSES = (HUBSPOT_PROPERTIES.find((p) => p.name === 'handoff_status')?.options ?? []).map(
  (o) => o.value,
) as [string, ...string[]];

/** Field names owned by Handoff or by statuses.yaml: fields.yaml must not map them too. */
export const HANDOFF_OWNED_SALESFORCE = new Set([
  ...SALESFORCE_FIELDS.filter((f) => f.object === 'Lead').map((f) => f.name),
  'Status', 'OwnerId', 'Id', 'IsConverted',
]);
export const HANDOFF_OWNED_HUBSPOT = new Set([
  ...HUBSPOT_PROPERTIES.map((p) => p.name),
  'lifecyclestage', 'hs_lead_status', 'hs_object_id', 'hubspot_owner_id',
]);

/** Salesforce Lead standard fields; any other name must be a custom field ending in __c. */
export const SALESFORCE_LEAD_STANDARD_FIELDS = [
  'Salutation', 'FirstName', 'MiddleName', 'LastName', 'Suffix', 'Title', 'Company', 'Street', 'City', 'State',
  'PostalCode', 'Country', 'StateCode', 'CountryCode', 'Latitude', 'Longitude', 'Phone', 'MobilePhone', 'Fax',
  'Email', 'Website', 'Description', 'LeadSource', 'Industry', 'Rating', 'AnnualRevenue', 'NumberOfEmployees',
  'HasOptedOutOfEmail', 'HasOptedOutOfFax', 'DoNotCall', 'EmailBouncedReason', 'EmailBouncedDate', 'IndividualId',
];

/**
 * HubSpot refuses writes to these: hs_email_optout is set by HubSpot's own subscription tools
 * (Handoff delivers an email opt-out through the Communication Preferences API instead).
 */
export const HUBSPOT_READ_ONLY: ReadonlySet<string> = new Set(['hs_email_optout', 'hs_object_id', 'lastmodifieddate', 'createdate']);

/** HubSpot contact properties every portal has; other names in fields.yaml are custom properties `handoff install` creates. */
export const HUBSPOT_STANDARD_CONTACT_PROPERTIES = new Set([
  'email', 'firstname', 'lastname', 'phone', 'mobilephone', 'fax', 'address', 'city', 'state', 'zip', 'country',
  'company', 'jobtitle', 'website', 'industry', 'annualrevenue', 'numemployees', 'salutation', 'date_of_birth',
  'hs_email_optout', 'hs_language', 'hs_legal_basis', 'hs_marketable_status', 'message', 'createdate',
  'lastmodifieddate', 'hs_analytics_source', 'hs_persona',
  // Engagement HubSpot computes from its email and web tracking (read-only; scoring reads them).
  'hs_email_click', 'hs_email_last_click_date', 'hs_analytics_num_page_views', 'hs_analytics_last_visit_timestamp',
  'num_conversion_events', 'recent_conversion_date', 'recent_conversion_event_name',
]);
