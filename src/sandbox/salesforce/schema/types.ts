/** The emulator's own model of an org's metadata; describe, DML and SOQL all read it. */

/** Describe `type` values the emulator uses. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'reference'
  | 'datetime'
  | 'date'
  | 'boolean'
  | 'email'
  | 'phone'
  | 'url'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int';

export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** Characters, for text types; 0 otherwise. */
  length: number;
  precision: number;
  scale: number;
  custom: boolean;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  /** Unique and externalId text values match without regard to case unless this is set. */
  caseSensitive: boolean;
  idLookup: boolean;
  nameField: boolean;
  calculated: boolean;
  filterable: boolean;
  sortable: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** Name of the child relationship this reference field creates on its target (`Tasks`). */
  childRelationshipName?: string;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  /** Checkbox default, or a picklist/static default applied on create. */
  defaultValue: string | boolean | number | null;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Objects whose records the emulator only lets the admin seed (User, Group, LeadStatus…). */
  fields: FieldDef[];
}
