/**
 * The custom fields (Salesforce) and properties (HubSpot) Handoff itself relies on, beyond what the
 * field mappings add. `handoff install` creates them; the sandbox starts with them in place, as an
 * org would be after an install. One list, so the two can never disagree.
 */

export interface PicklistValue {
  value: string;
  label: string;
}

export interface SalesforceFieldSpec {
  object: 'Lead' | 'Task' | 'Event' | 'Opportunity' | 'User' | 'Contact' | 'Account';
  name: string; // API name, with __c
  label: string;
  type: 'Text' | 'Picklist' | 'DateTime' | 'Number' | 'Checkbox' | 'Currency' | 'LongTextArea';
  length?: number;
  externalId?: boolean;
  unique?: boolean;
  restricted?: boolean;
  values?: PicklistValue[];
}

export interface HubSpotPropertySpec {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'checkbox' | 'booleancheckbox';
  options?: PicklistValue[];
}

export const HUBSPOT_GROUP = { name: 'handoff', label: 'Handoff (lead handoff to Salesforce)' };

const pv = (value: string, label = value.replace(/_/g, ' ')): PicklistValue => ({ value, label });

export const HANDOFF_STATUS_VALUES = ['Pending', 'Accepted', 'Returned'].map((v) => pv(v));

export const RETURN_REASON_VALUES = [
  'Not_Interested',
  'Wrong_Product',
  'Not_Ready_Timing',
  'Missing_Documentation',
  'Credit_Not_Eligible',
  'Bad_Contact_Info',
  'Duplicate',
  'Existing_Customer_Other_RM',
  'Outside_Territory',
].map((v) => pv(v));

export const SALESFORCE_FIELDS: SalesforceFieldSpec[] = [
  { object: 'Lead', name: 'HubSpot_Contact_Id__c', label: 'HubSpot Contact Id', type: 'Text', length: 32, externalId: true, unique: true },
  { object: 'Lead', name: 'Handoff_Status__c', label: 'Handoff Status', type: 'Picklist', restricted: true, values: HANDOFF_STATUS_VALUES },
  { object: 'Lead', name: 'Return_Reason__c', label: 'Return Reason', type: 'Picklist', restricted: true, values: RETURN_REASON_VALUES },
  { object: 'Lead', name: 'Accept_By__c', label: 'Accept By', type: 'DateTime' },
  { object: 'Lead', name: 'Handoff_Attempt__c', label: 'Handoff Attempt', type: 'Number' },
  { object: 'Lead', name: 'Handoff_Score__c', label: 'Handoff Score', type: 'Number' },
  { object: 'Lead', name: 'Branch_Id__c', label: 'Branch', type: 'Text', length: 40 },
  { object: 'Lead', name: 'Routing_Reason__c', label: 'Routing Reason', type: 'LongTextArea' },
  { object: 'Task', name: 'Handoff_Key__c', label: 'Handoff Key', type: 'Text', length: 80, externalId: true, unique: true },
  { object: 'Event', name: 'Handoff_Key__c', label: 'Handoff Key', type: 'Text', length: 80, externalId: true, unique: true },
  { object: 'User', name: 'Branch_Id__c', label: 'Branch', type: 'Text', length: 40 },
  { object: 'User', name: 'Licenses__c', label: 'Licenses', type: 'Text', length: 255 },
  { object: 'User', name: 'Languages__c', label: 'Languages', type: 'Text', length: 255 },
];

export const HUBSPOT_PROPERTIES: HubSpotPropertySpec[] = [
  { name: 'salesforce_lead_id', label: 'Salesforce Lead Id', type: 'string', fieldType: 'text' },
  {
    name: 'handoff_status',
    label: 'Handoff status',
    type: 'enumeration',
    fieldType: 'select',
    options: ['blocked', 'ready', 'routed', 'accepted', 'returned', 'recycled', 'escalated', 'converted'].map((v) => pv(v)),
  },
  { name: 'handoff_return_reason', label: 'Handoff return reason', type: 'string', fieldType: 'text' },
  { name: 'handoff_blocked_reasons', label: 'Handoff blocked reasons', type: 'string', fieldType: 'textarea' },
  { name: 'handoff_owner', label: 'Handoff owner', type: 'string', fieldType: 'text' },
  { name: 'handoff_accept_by', label: 'Handoff accept by', type: 'datetime', fieldType: 'date' },
  { name: 'handoff_sla_breached', label: 'Handoff SLA breached', type: 'bool', fieldType: 'booleancheckbox' },
];
