/**
 * What the SOQL module needs to know about the org: the objects and fields (to check a query) and
 * the rows (to run it). The emulator implements these over its schema and store; tests can
 * implement them over plain arrays.
 */
export type SoqlType = 'id' | 'reference' | 'string' | 'boolean' | 'number' | 'date' | 'datetime';

export interface SoqlField {
  name: string;
  type: SoqlType;
  filterable: boolean;
  sortable: boolean;
  /** For reference fields: the objects it can point at and the relationship name (`Owner`). */
  referenceTo?: string[];
  relationshipName?: string;
}

export interface SoqlObject {
  name: string;
  /** Case-insensitive lookup by API name. */
  field(name: string): SoqlField | undefined;
  /** Case-insensitive lookup of a reference field by its relationship name. */
  relationship(name: string): SoqlField | undefined;
}

export interface SoqlCatalog {
  object(name: string): SoqlObject | undefined;
}

export type Row = Record<string, unknown>;

export interface SoqlData {
  rows(objectName: string): Iterable<Row>;
  /** Finds any record by id, for relationship paths. */
  lookup(id: string): { type: string; row: Row } | undefined;
}

/** Salesforce ids: 15 case-sensitive characters, or 18 with a case-encoding suffix. */
export type IdNormalizer = (id: string) => string | undefined;
