/**
 * The contact properties a fresh portal has, with HubSpot's real internal names and option values
 * (API-FACTS A8), plus, unless the emulator is `bare`, Handoff's own properties and the custom
 * properties the default mappings write — as a portal looks after `handoff install`.
 */
import { HUBSPOT_GROUP, HUBSPOT_PROPERTIES } from '../../../connectors/handoff-schema';
import { BANK_ENGAGEMENT_PROPERTIES, HUBSPOT_ENGAGEMENT_PROPERTIES } from './engagement-seed';
import { MAPPED_PROPERTY_GROUP, MAPPED_PROPERTY_SEEDS } from './mapped-seed';
import type { PropertyGroup, PropertySeed } from './types';

const opts = (pairs: [string, string][]): { value: string; label: string }[] =>
  pairs.map(([value, label]) => ({ value, label }));

export const STANDARD_GROUPS: Omit<PropertyGroup, 'archived'>[] = [
  { name: 'contactinformation', label: 'Contact information', displayOrder: 0 },
  { name: 'emailinformation', label: 'Email information', displayOrder: 1 },
  { name: 'sales_properties', label: 'Sales properties', displayOrder: 2 },
  { name: 'analyticsinformation', label: 'Web analytics history', displayOrder: 3 },
];

const std = (p: Omit<PropertySeed, 'hubspotDefined'>): PropertySeed => ({ ...p, hubspotDefined: true });
const text = (name: string, label: string): PropertySeed =>
  std({ name, label, type: 'string', fieldType: 'text', groupName: 'contactinformation' });

export const LIFECYCLE_STAGES = opts([
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
]);

export const LEAD_STATUSES = opts([
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
]);

// Values equal labels on HubSpot's legal-basis property; the exact strings are UNVERIFIED (A8).
export const LEGAL_BASES = [
  'Legitimate interest – prospect/lead',
  'Legitimate interest – existing customer',
  'Legitimate interest - other',
  'Performance of a contract',
  'Freely given consent from contact',
  'Not applicable',
].map((v) => ({ value: v, label: v }));

export const ANALYTICS_SOURCES = opts([
  ['ORGANIC_SEARCH', 'Organic search'],
  ['PAID_SEARCH', 'Paid search'],
  ['EMAIL_MARKETING', 'Email marketing'],
  ['SOCIAL_MEDIA', 'Organic social'],
  ['REFERRALS', 'Referrals'],
  ['OTHER_CAMPAIGNS', 'Other campaigns'],
  ['DIRECT_TRAFFIC', 'Direct traffic'],
  ['OFFLINE', 'Offline sources'],
  ['PAID_SOCIAL', 'Paid social'],
  ['AI_REFERRALS', 'AI referrals'],
]);

// HubSpot's language options are locale codes; a common subset.
export const LANGUAGES = [
  'ar', 'bn', 'cs', 'da', 'de', 'el', 'en', 'en-au', 'en-ca', 'en-gb', 'en-us', 'es', 'es-mx', 'fa', 'fi', 'fr',
  'fr-ca', 'he', 'hi', 'hu', 'id', 'it', 'ja', 'ko', 'nl', 'no', 'pl', 'pt', 'pt-br', 'ro', 'ru', 'sv', 'th', 'tl',
  'tr', 'uk', 'vi', 'zh-cn', 'zh-hk', 'zh-tw',
].map((v) => ({ value: v, label: v }));

export const STANDARD_PROPERTIES: PropertySeed[] = [
  text('email', 'Email'),
  text('firstname', 'First Name'),
  text('lastname', 'Last Name'),
  std({ name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber', groupName: 'contactinformation' }),
  std({ name: 'mobilephone', label: 'Mobile Phone Number', type: 'string', fieldType: 'phonenumber', groupName: 'contactinformation' }),
  text('address', 'Street Address'),
  text('city', 'City'),
  text('state', 'State/Region'),
  text('zip', 'Postal Code'),
  text('country', 'Country/Region'),
  text('company', 'Company Name'),
  text('jobtitle', 'Job Title'),
  std({ name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', groupName: 'contactinformation', options: LIFECYCLE_STAGES }),
  std({ name: 'hs_lead_status', label: 'Lead Status', type: 'enumeration', fieldType: 'radio', groupName: 'sales_properties', options: LEAD_STATUSES }),
  std({
    name: 'hubspot_owner_id',
    label: 'Contact owner',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'sales_properties',
    externalOptions: true,
    referencedObjectType: 'OWNER',
  }),
  // Global unsubscribe: set through the Communication Preferences API, never by a CRM write (A8).
  std({ name: 'hs_email_optout', label: 'Unsubscribed from all email', type: 'bool', fieldType: 'booleancheckbox', groupName: 'emailinformation', readOnlyValue: true, options: opts([['true', 'True'], ['false', 'False']]) }),
  std({ name: 'hs_legal_basis', label: "Legal basis for processing contact's data", type: 'enumeration', fieldType: 'checkbox', groupName: 'contactinformation', options: LEGAL_BASES }),
  text('fax', 'Fax Number'),
  text('website', 'Website URL'),
  text('industry', 'Industry'),
  text('annualrevenue', 'Annual Revenue'),
  std({ name: 'numemployees', label: 'Number of Employees', type: 'enumeration', fieldType: 'select', groupName: 'contactinformation', options: opts([['1-5', '1-5'], ['5-25', '5-25'], ['25-50', '25-50'], ['50-100', '50-100'], ['100-500', '100-500'], ['500-1000', '500-1000'], ['1000+', '1000+']]) }),
  text('salutation', 'Salutation'),
  // HubSpot's date of birth is free text, not a date property.
  text('date_of_birth', 'Date of birth'),
  std({ name: 'message', label: 'Message', type: 'string', fieldType: 'textarea', groupName: 'contactinformation' }),
  std({ name: 'hs_language', label: 'Preferred language', type: 'enumeration', fieldType: 'select', groupName: 'contactinformation', options: LANGUAGES }),
  std({ name: 'hs_persona', label: 'Persona', type: 'enumeration', fieldType: 'radio', groupName: 'contactinformation', options: opts([['persona_1', 'Persona 1'], ['persona_2', 'Persona 2'], ['persona_3', 'Persona 3']]) }),
  // Computed by HubSpot from tracking; only seeding may set it.
  std({ name: 'hs_analytics_source', label: 'Original Traffic Source', type: 'enumeration', fieldType: 'select', groupName: 'analyticsinformation', readOnlyValue: true, options: ANALYTICS_SOURCES }),
  std({ name: 'hs_marketable_status', label: 'Marketing contact status', type: 'enumeration', fieldType: 'select', groupName: 'contactinformation', readOnlyValue: true, options: opts([['true', 'Marketing contact'], ['false', 'Non-marketing contact']]) }),
  std({ name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName: 'contactinformation', readOnlyValue: true }),
  std({ name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation', readOnlyValue: true }),
  std({ name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation', readOnlyValue: true }),
  std({ name: 'hs_lastmodifieddate', label: 'Object last modified date/time', type: 'datetime', fieldType: 'date', groupName: 'contactinformation', readOnlyValue: true }),
  ...HUBSPOT_ENGAGEMENT_PROPERTIES,
];

/** Properties the emulator maintains itself; nobody, not even direct seeding, sets them. */
export const SYSTEM_MAINTAINED = new Set(['hs_object_id', 'lastmodifieddate', 'hs_lastmodifieddate']);

export function handoffSeeds(): { groups: Omit<PropertyGroup, 'archived'>[]; properties: PropertySeed[] } {
  const own: PropertySeed[] = HUBSPOT_PROPERTIES.map((p) => ({
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    groupName: HUBSPOT_GROUP.name,
    ...(p.options ? { options: p.options } : {}),
    ...(p.type === 'bool' ? { options: opts([['true', 'Yes'], ['false', 'No']]) } : {}),
  }));
  return {
    groups: [
      { name: HUBSPOT_GROUP.name, label: HUBSPOT_GROUP.label, displayOrder: -1 },
      MAPPED_PROPERTY_GROUP,
    ],
    properties: [...own, ...MAPPED_PROPERTY_SEEDS, ...BANK_ENGAGEMENT_PROPERTIES],
  };
}
