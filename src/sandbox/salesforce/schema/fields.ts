import type { FieldDef, FieldType, PicklistEntry } from './types';

/**
 * A small vocabulary for declaring fields, so the standard objects read like a field list and
 * the describe flags (createable, nillable, defaultedOnCreate…) come out consistent.
 */

export interface FieldOptions {
  /** Required on create: not nillable and not defaulted. */
  required?: boolean;
  /** Set by the system only (IsConverted, CreatedDate…). */
  readOnly?: boolean;
  /** Createable but not updateable. */
  createOnly?: boolean;
  /** Not nillable but filled in on create when missing (Status, OwnerId…). */
  defaulted?: boolean;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  nameField?: boolean;
  calculated?: boolean;
  custom?: boolean;
  defaultValue?: string | boolean | number | null;
  restricted?: boolean;
  childRelationshipName?: string;
}

function base(name: string, label: string, type: FieldType, o: FieldOptions): FieldDef {
  const readOnly = o.readOnly === true || o.calculated === true;
  return {
    name,
    label,
    type,
    length: 0,
    precision: 0,
    scale: 0,
    custom: o.custom ?? name.endsWith('__c'),
    nillable: type !== 'boolean' && !o.required && !o.defaulted,
    createable: !readOnly,
    updateable: !readOnly && !o.createOnly,
    defaultedOnCreate: o.defaulted === true || type === 'boolean',
    externalId: o.externalId === true,
    unique: o.unique === true,
    caseSensitive: o.caseSensitive === true,
    idLookup: o.externalId === true || o.unique === true,
    nameField: o.nameField === true,
    calculated: o.calculated === true,
    filterable: true,
    sortable: true,
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: o.childRelationshipName,
    picklistValues: [],
    restrictedPicklist: false,
    defaultValue: o.defaultValue ?? (type === 'boolean' ? false : null),
  };
}

export const field = {
  id: (): FieldDef => ({
    ...base('Id', 'Record ID', 'id', { readOnly: true }),
    length: 18,
    idLookup: true,
    defaultedOnCreate: true,
  }),
  string: (name: string, label: string, length: number, o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'string', o),
    length,
  }),
  textarea: (name: string, label: string, length: number, o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'textarea', o),
    length,
    // Long and rich text areas cannot be filtered or sorted in SOQL.
    filterable: length <= 255,
    sortable: length <= 255,
  }),
  email: (name: string, label: string, o: FieldOptions = {}): FieldDef => ({ ...base(name, label, 'email', o), length: 80 }),
  phone: (name: string, label: string, o: FieldOptions = {}): FieldDef => ({ ...base(name, label, 'phone', o), length: 40 }),
  url: (name: string, label: string, o: FieldOptions = {}): FieldDef => ({ ...base(name, label, 'url', o), length: 255 }),
  picklist: (name: string, label: string, values: (string | [string, string])[], o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'picklist', o),
    length: 255,
    picklistValues: values.map((v) => {
      const [value, lbl] = Array.isArray(v) ? v : [v, v];
      return { value, label: lbl, active: true, defaultValue: o.defaultValue === value } satisfies PicklistEntry;
    }),
    restrictedPicklist: o.restricted === true,
  }),
  combobox: (name: string, label: string, length: number, values: string[], o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'combobox', o),
    length,
    picklistValues: values.map((value) => ({ value, label: value, active: true, defaultValue: false })),
  }),
  reference: (
    name: string,
    label: string,
    referenceTo: string[],
    relationshipName: string,
    o: FieldOptions = {},
  ): FieldDef => ({
    ...base(name, label, 'reference', o),
    length: 18,
    referenceTo,
    relationshipName,
  }),
  datetime: (name: string, label: string, o: FieldOptions = {}): FieldDef => base(name, label, 'datetime', o),
  date: (name: string, label: string, o: FieldOptions = {}): FieldDef => base(name, label, 'date', o),
  boolean: (name: string, label: string, o: FieldOptions = {}): FieldDef => base(name, label, 'boolean', o),
  double: (name: string, label: string, precision: number, scale: number, o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'double', o),
    precision,
    scale,
  }),
  currency: (name: string, label: string, precision = 18, scale = 2, o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'currency', o),
    precision,
    scale,
  }),
  percent: (name: string, label: string, precision = 3, scale = 0, o: FieldOptions = {}): FieldDef => ({
    ...base(name, label, 'percent', o),
    precision,
    scale,
  }),
  int: (name: string, label: string, o: FieldOptions = {}): FieldDef => ({ ...base(name, label, 'int', o), precision: 9 }),
};

/** The audit fields every object has. */
export function systemFields(): FieldDef[] {
  return [
    field.id(),
    field.boolean('IsDeleted', 'Deleted', { readOnly: true }),
    field.datetime('CreatedDate', 'Created Date', { readOnly: true }),
    field.reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { readOnly: true }),
    field.datetime('LastModifiedDate', 'Last Modified Date', { readOnly: true }),
    field.reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { readOnly: true }),
    field.datetime('SystemModstamp', 'System Modstamp', { readOnly: true }),
  ].map((f) => ({ ...f, nillable: false, defaultedOnCreate: true }));
}

/** OwnerId: defaulted to the running user on create. */
export function ownerField(referenceTo: string[] = ['User']): FieldDef {
  return field.reference('OwnerId', 'Owner ID', referenceTo, 'Owner', { defaulted: true });
}
