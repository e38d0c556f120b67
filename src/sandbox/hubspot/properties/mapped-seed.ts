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

/** A single-select enumeration in the group, its options as [value, label] pairs. */
const select = (name: string, label: string, options: [string, string][]): PropertySeed => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  groupName: g,
  options: options.map(([value, optionLabel]) => ({ value, label: optionLabel })),
});

// Option values are the `hubspot_value`s of mappings/products.yaml and segments.yaml.
export const MAPPED_PROPERTY_SEEDS: PropertySeed[] = [
  select('product_interest', 'Product interest', [
    ['checking', 'Checking account'],
    ['savings', 'Savings and money market'],
    ['cd', 'Certificate of deposit'],
    ['credit_card', 'Credit card'],
    ['auto_loan', 'Auto loan'],
    ['personal_loan', 'Personal loan'],
    ['heloc', 'Home equity line of credit'],
    ['mortgage', 'Mortgage'],
    ['wealth_management', 'Wealth management'],
    ['life_insurance', 'Life insurance'],
    ['treasury_management', 'Treasury management'],
  ]),
  select('customer_segment', 'Customer segment', [
    ['consumer', 'Consumer'],
    ['small_business', 'Small business'],
    ['commercial', 'Commercial'],
    ['wealth', 'Wealth'],
  ]),
  select('lead_kind', 'Lead kind', [
    ['lead', 'Lead'],
    ['referral', 'Referral'],
    ['application', 'Application'],
  ]),
  { name: 'referral_source', label: 'Referral source', type: 'string', fieldType: 'text', groupName: g },
  { name: 'do_not_call', label: 'Do not call', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  { name: 'sms_opt_out', label: 'SMS opt-out', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  { name: 'tcpa_phone_consent', label: 'TCPA phone consent', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  { name: 'tcpa_consent_date', label: 'TCPA consent date', type: 'datetime', fieldType: 'date', groupName: g },
  { name: 'documents_ready', label: 'Documents ready', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  select('income_band', 'Income band', [
    ['under_50k', 'Under 50k'],
    ['50k_100k', '50k-100k'],
    ['100k_250k', '100k-250k'],
    ['250k_plus', '250k+'],
  ]),
];
