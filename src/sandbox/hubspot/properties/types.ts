/** A contact property as the Properties API describes it (`Property` in the SDK's models). */
export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export const PROPERTY_TYPES: readonly PropertyType[] = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'];

/** Field types the API accepts on create (`phonenumber` exists on HubSpot's own properties only). */
export const FIELD_TYPES = [
  'textarea',
  'text',
  'date',
  'file',
  'number',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'calculation_equation',
] as const;

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  hubspotDefined: boolean;
  hasUniqueValue: boolean;
  calculated: boolean;
  /** Options come from elsewhere (owners); any value is accepted. */
  externalOptions: boolean;
  referencedObjectType?: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean; readOnlyOptions?: boolean };
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** What a seed list states; the store fills in the rest. */
export interface PropertySeed {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  options?: { value: string; label: string }[];
  description?: string;
  hubspotDefined?: boolean;
  readOnlyValue?: boolean;
  externalOptions?: boolean;
  referencedObjectType?: string;
  hasUniqueValue?: boolean;
}
