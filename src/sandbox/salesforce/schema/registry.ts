import type { SoqlCatalog, SoqlField, SoqlObject, SoqlType } from '../soql';
import type { FieldDef, FieldType, SObjectDef } from './types';

/**
 * The org's objects and fields, looked up without regard to case as Salesforce does, and
 * changeable at run time (Tooling API creates fields). Also serves as the SOQL catalog.
 */
export class SchemaRegistry implements SoqlCatalog {
  private objects = new Map<string, SObjectDef>();
  private fieldIndex = new Map<string, Map<string, FieldDef>>();
  private relIndex = new Map<string, Map<string, FieldDef>>();

  constructor(defs: SObjectDef[]) {
    for (const d of defs) this.add(d);
  }

  add(def: SObjectDef): void {
    this.objects.set(def.name.toLowerCase(), def);
    this.reindex(def);
  }

  private reindex(def: SObjectDef): void {
    const fields = new Map<string, FieldDef>();
    const rels = new Map<string, FieldDef>();
    for (const fd of def.fields) {
      fields.set(fd.name.toLowerCase(), fd);
      if (fd.type === 'reference' && fd.relationshipName) rels.set(fd.relationshipName.toLowerCase(), fd);
    }
    this.fieldIndex.set(def.name.toLowerCase(), fields);
    this.relIndex.set(def.name.toLowerCase(), rels);
  }

  get(name: string): SObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  all(): SObjectDef[] {
    return [...this.objects.values()];
  }

  field(object: string, name: string): FieldDef | undefined {
    return this.fieldIndex.get(object.toLowerCase())?.get(name.toLowerCase());
  }

  addField(object: string, fd: FieldDef): void {
    const def = this.get(object);
    if (!def) throw new Error(`unknown object ${object}`);
    def.fields.push(fd);
    this.reindex(def);
  }

  /** SoqlCatalog: the SOQL module's view of an object. */
  object(name: string): SoqlObject | undefined {
    const def = this.get(name);
    if (!def) return undefined;
    const key = def.name.toLowerCase();
    return {
      name: def.name,
      field: (n) => {
        const fd = this.fieldIndex.get(key)?.get(n.toLowerCase());
        return fd && toSoqlField(fd);
      },
      relationship: (n) => {
        const fd = this.relIndex.get(key)?.get(n.toLowerCase());
        return fd && toSoqlField(fd);
      },
    };
  }
}

const SOQL_TYPES: Record<FieldType, SoqlType> = {
  id: 'id',
  reference: 'reference',
  string: 'string',
  textarea: 'string',
  picklist: 'string',
  multipicklist: 'string',
  combobox: 'string',
  email: 'string',
  phone: 'string',
  url: 'string',
  boolean: 'boolean',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'number',
  date: 'date',
  datetime: 'datetime',
};

function toSoqlField(fd: FieldDef): SoqlField {
  return {
    name: fd.name,
    type: SOQL_TYPES[fd.type],
    filterable: fd.filterable,
    sortable: fd.sortable,
    referenceTo: fd.referenceTo,
    relationshipName: fd.relationshipName ?? undefined,
  };
}
