/**
 * Custom contact properties the default field mappings (mappings/fields.yaml) read and write, so a
 * fresh emulator behaves like a portal where a bank's marketing team already keeps them.
 * Keep the names in step with mappings/fields.yaml.
 */
import type { PropertyGroup, PropertySeed } from './types';

export const MAPPED_PROPERTY_GROUP: Omit<PropertyGroup, 'archived'> = {
  name: 'bank_lead_information',
  label: 'Bank lead information',
  displayOrder: 3,
};

const g = MAPPED_PROPERTY_GROUP.name;
const opts = (values: string[]): { value: string; label: string }[] =>
  values.map((v) => ({ value: v, label: v.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) }));
const yesNo = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

export const MAPPED_PROPERTY_SEEDS: PropertySeed[] = [
  {
    name: 'product_interest',
    label: 'Product interest',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: opts(['deposits', 'card', 'auto_loan', 'personal_loan', 'heloc', 'mortgage', 'wealth', 'insurance', 'treasury']),
  },
  {
    name: 'customer_segment',
    label: 'Customer segment',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: opts(['consumer', 'small_business', 'commercial', 'wealth']),
  },
  {
    name: 'lead_kind',
    label: 'Lead kind',
    type: 'enumeration',
    fieldType: 'select',
    groupName: g,
    options: opts(['lead', 'referral', 'application']),
  },
  { name: 'referral_source', label: 'Referral source', type: 'string', fieldType: 'text', groupName: g },
  { name: 'do_not_call', label: 'Do not call', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
  { name: 'tcpa_phone_consent', label: 'TCPA phone consent', type: 'bool', fieldType: 'booleancheckbox', groupName: g, options: yesNo },
];
