import { formatDatetime } from './datetime';
import { sfError, type SfError } from './errors';
import { KEY_PREFIX } from './ids';
import type { Org } from './org';
import { fieldFromMetadata, type CustomFieldMetadata } from './schema/custom';
import { field as f, systemFields } from './schema/fields';
import { SchemaRegistry } from './schema/registry';
import type { FieldDef, SObjectDef } from './schema/types';
import { RecordStore, type SfRecord } from './store';

/**
 * The slice of the Tooling API `handoff install` uses: CustomField records, created with
 * `POST /tooling/sobjects/CustomField` and listed with Tooling SOQL. Creating one adds the field
 * to the org's schema at once (describe, SOQL and writes see it). Field-level security is not
 * emulated: a new field is readable and writable by every user.
 */

const CUSTOM_FIELD: SObjectDef = {
  name: 'CustomField',
  label: 'Custom Field',
  labelPlural: 'Custom Fields',
  keyPrefix: KEY_PREFIX.CustomField,
  custom: false,
  createable: true,
  updateable: false,
  deletable: false,
  queryable: true,
  fields: [
    ...systemFields(),
    f.string('DeveloperName', 'Field Name', 40),
    f.string('TableEnumOrId', 'Table Enum or ID', 40),
    f.string('FullName', 'Full Name', 255),
    f.string('NamespacePrefix', 'Namespace Prefix', 15),
    f.picklist('ManageableState', 'Manageable State', ['unmanaged', 'installed', 'released']),
    f.string('Description', 'Description', 255),
    { ...f.textarea('Metadata', 'Metadata', 131072), filterable: false, sortable: false },
  ],
};

/** Standard objects that can take custom fields. */
const EXTENSIBLE = new Set(['Lead', 'Task', 'Event', 'Opportunity', 'Contact', 'Account', 'User']);
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$|^[A-Za-z]$/;

export type ToolingCreateResult = { success: true; id: string } | { success: false; errors: SfError[] };

export class ToolingOrg {
  readonly schema = new SchemaRegistry([CUSTOM_FIELD]);
  readonly store = new RecordStore();

  constructor(private readonly org: Org) {}

  /** Records a custom field that exists from the start (seeded), as an installed org would have it. */
  register(object: string, fd: FieldDef, userId: string, metadata: Record<string, unknown> = {}): string {
    const id = this.org.ids.next(KEY_PREFIX.CustomField);
    const now = formatDatetime(this.org.now());
    const row: SfRecord = {
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: userId,
      LastModifiedDate: now,
      LastModifiedById: userId,
      SystemModstamp: now,
      DeveloperName: fd.name.replace(/__c$/, ''),
      TableEnumOrId: object,
      FullName: `${object}.${fd.name}`,
      NamespacePrefix: null,
      ManageableState: 'unmanaged',
      Description: null,
      Metadata: { label: fd.label, type: fd.type, ...metadata },
    };
    this.store.put('CustomField', row);
    return id;
  }

  createCustomField(body: unknown, userId: string): ToolingCreateResult {
    const bad = (code: string, message: string, fields: string[] = []): ToolingCreateResult => ({
      success: false,
      errors: [sfError(code, message, fields)],
    });
    const b = (body ?? {}) as { FullName?: unknown; Metadata?: unknown };
    const m = typeof b.FullName === 'string' ? /^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z0-9_]+)$/.exec(b.FullName) : null;
    if (!m) return bad('REQUIRED_FIELD_MISSING', 'Required fields are missing: [FullName]', ['FullName']);
    const def = this.org.schema.get(m[1]!);
    if (!def || !EXTENSIBLE.has(def.name)) {
      return bad('FIELD_INTEGRITY_EXCEPTION', `Invalid object name in FullName: ${m[1]}`, ['FullName']);
    }
    const apiName = m[2]!;
    const dev = apiName.replace(/__c$/, '');
    if (!apiName.endsWith('__c') || dev.length > 40 || !DEVELOPER_NAME.test(dev)) {
      return bad(
        'FIELD_INTEGRITY_EXCEPTION',
        `Field Name: The Field Name ${dev} can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores; custom field names end in __c.`,
        ['FullName'],
      );
    }
    if (this.org.schema.field(def.name, apiName)) {
      return bad('DUPLICATE_VALUE', 'duplicate value found: <unknown> duplicates value on record with id: <unknown>');
    }
    if (typeof b.Metadata !== 'object' || b.Metadata === null) return bad('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Metadata]', ['Metadata']);
    const built = fieldFromMetadata(`${dev}__c`, b.Metadata as CustomFieldMetadata);
    if (!built.ok) return bad('FIELD_INTEGRITY_EXCEPTION', built.message, built.fields);
    this.addToOrg(def.name, built.field);
    return { success: true, id: this.register(def.name, built.field, userId, b.Metadata as Record<string, unknown>) };
  }

  /** Adds the field to the org and gives existing records its default, without touching their audit fields. */
  addToOrg(object: string, fd: FieldDef): void {
    this.org.schema.addField(object, fd);
    const initial = fd.type === 'boolean' ? fd.defaultValue === true : null;
    for (const row of this.org.store.rows(object, true)) this.org.store.put(object, { ...row, [fd.name]: initial });
  }
}
