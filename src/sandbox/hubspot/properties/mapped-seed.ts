/**
 * Custom contact properties the default field mappings (mappings/fields.yaml) read and write, so a
 * fresh emulator behaves like a portal where a bank's marketing team already keeps them.
 * Keep the names in step with mappings/fields.yaml.
 */
import type { PropertyGroup, PropertySeed } from './types';

export const MAPPED_PROPERTY_GROUP: Omit<PropertyGroup, 'archived'> = {
  name: 'bank_lead_information',
  label: 'Bank lead information',
  displayOrder: 4,
};

const g = MAPPED_PROPERTY_GROUP.name;
const yesNo = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

// Option values are the `hubspot_value`s of mappings/products.yaml and segments.yaml.
export const MAPPED_PROPERTY_SEEDS: PropertySeed[] = [
  {
    name: 'product_interest',
    label: 'Product interest',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: [
      { value: 'checking', label: 'Checking account' },
      { value: 'savings', label: 'Savings and money market' },
      { value: 'cd', label: 'Certificate of deposit' },
      { value: 'credit_card', label: 'Credit card' },
      { value: 'auto_loan', label: 'Auto loan' },
      { value: 'personal_loan', label: 'Personal loan' },
      { value: 'heloc', label: 'Home equity line of credit' },
      { value: 'mortgage', label: 'Mortgage' },
      { value: 'wealth_management', label: 'Wealth management' },
      { value: 'life_insurance', label: 'Life insurance' },
      { value: 'treasury_management', label: 'Treasury management' },
    ],
  },
  {
    name: 'customer_segment',
    label: 'Customer segment',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: [
      { value: 'consumer', label: 'Consumer' },
      { value: 'small_business', label: 'Small business' },
      { value: 'commercial', label: 'Commercial' },
      { value: 'wealth', label: 'Wealth' },
    ],
  },
  {
    name: 'lead_kind',
    label: 'Lead kind',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: [
      { value: 'lead', label: 'Lead' },
      { value: 'referral', label: 'Referral' },
      { value: 'application', label: 'Application' },
    ],
  },
  { name: 'referral_source', label: 'Referral source', type: 'string', fieldType: 'text', groupName: g },
  { name: 'do_not_call', label: 'Do not call', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  { name: 'tcpa_phone_consent', label: 'TCPA phone consent', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  { name: 'tcpa_consent_date', label: 'TCPA consent date', type: 'datetime', fieldType: 'date', groupName: g },
  { name: 'documents_ready', label: 'Documents ready', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  {
    name: 'income_band',
    label: 'Income band',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: [
      { value: 'under_50k', label: 'Under 50k' },
      { value: '50k_100k', label: '50k-100k' },
      { value: '100k_250k', label: '100k-250k' },
      { value: '250k_plus', label: '250k+' },
    ],
  },
];
