/**
 * Engagement a contact shows in HubSpot, which scoring.yaml reads (mappings/fields.yaml, the
 * "Engagement" block): HubSpot's own email and web-analytics properties, computed from tracking
 * and read-only to the API, and the date properties a bank's marketing team keeps itself (set by
 * its forms and workflows). Keep the names in step with mappings/fields.yaml.
 */
import { MAPPED_PROPERTY_GROUP } from './mapped-seed';
import type { PropertySeed } from './types';

const tracked = (p: Omit<PropertySeed, 'hubspotDefined' | 'readOnlyValue'>): PropertySeed => ({ ...p, hubspotDefined: true, readOnlyValue: true });

/** HubSpot-defined: every portal has them; only HubSpot (and seeding) sets their values. */
export const HUBSPOT_ENGAGEMENT_PROPERTIES: PropertySeed[] = [
  tracked({ name: 'hs_email_click', label: 'Marketing emails clicked', type: 'number', fieldType: 'number', groupName: 'emailinformation' }),
  tracked({ name: 'hs_email_last_click_date', label: 'Last marketing email click date', type: 'datetime', fieldType: 'date', groupName: 'emailinformation' }),
  tracked({ name: 'hs_analytics_num_page_views', label: 'Number of Pageviews', type: 'number', fieldType: 'number', groupName: 'analyticsinformation' }),
  tracked({ name: 'hs_analytics_last_visit_timestamp', label: 'Time of Last Session', type: 'datetime', fieldType: 'date', groupName: 'analyticsinformation' }),
  tracked({ name: 'num_conversion_events', label: 'Number of Form Submissions', type: 'number', fieldType: 'number', groupName: 'contactinformation' }),
  tracked({ name: 'recent_conversion_date', label: 'Recent Conversion Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation' }),
  tracked({ name: 'recent_conversion_event_name', label: 'Recent Conversion', type: 'string', fieldType: 'text', groupName: 'contactinformation' }),
];

const g = MAPPED_PROPERTY_GROUP.name;
const date = (name: string, label: string): PropertySeed => ({ name, label, type: 'datetime', fieldType: 'date', groupName: g });

/** The bank's own: created by `handoff install` (customFieldsNeeded), seeded here as after install. */
export const BANK_ENGAGEMENT_PROPERTIES: PropertySeed[] = [
  date('last_rate_page_view', 'Last rate page view'),
  date('calculator_completed_date', 'Calculator completed'),
  date('appointment_requested_date', 'Appointment requested'),
  date('webinar_attended_date', 'Webinar attended'),
];
