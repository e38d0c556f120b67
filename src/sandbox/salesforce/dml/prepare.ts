import { SfRequestError, sfError, type SfError } from '../errors';
import { keyPrefixOf } from '../ids';
import type { Org } from '../org';
import type { FieldDef, SObjectDef } from '../schema/types';
import type { SfRecord } from '../store';
import { coerceValue } from './values';

/**
 * The checks every write goes through, in Salesforce's order: unknown fields, read-only fields,
 * field values, then (on the assembled record) required fields and references.
 */

export type Mode = 'create' | 'update';

/** Keys of a record body that are not fields. */
const META_KEYS = new Set(['attributes']);

export interface Prepared {
  values: Map<string, unknown>;
}

/**
 * Reads a record body into canonical field values. Throws SfRequestError(400, JSON_PARSER_ERROR)
 * when a value cannot be deserialized at all; returns record-level errors otherwise.
 */
export function prepareValues(
  def: SObjectDef,
  input: Record<string, unknown>,
  mode: Mode,
  org: Org,
  options: { ignore?: string[]; bypassReadOnly?: boolean } = {},
): Prepared | { errors: SfError[] } {
  const unknown: string[] = [];
  const readOnly: string[] = [];
  const valueErrors: SfError[] = [];
  const values = new Map<string, unknown>();
  const ignore = new Set((options.ignore ?? []).map((k) => k.toLowerCase()));
  for (const [key, raw] of Object.entries(input)) {
    if (META_KEYS.has(key) || ignore.has(key.toLowerCase())) continue;
    const fd = org.schema.field(def.name, key);
    if (!fd) {
      unknown.push(key);
      continue;
    }
    if (fd.name === 'Id') {
      if (mode === 'create' && raw !== null && raw !== undefined) {
        return { errors: [sfError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id'])] };
      }
      continue; // on update the id comes from the URL or the `id` key, handled by the caller
    }
    const allowed = mode === 'create' ? fd.createable : fd.updateable;
    if (!allowed && !options.bypassReadOnly) {
      readOnly.push(fd.name);
      continue;
    }
    const c = coerceValue(fd, raw);
    if (c.kind === 'parse') throw new SfRequestError(400, [sfError('JSON_PARSER_ERROR', c.message)]);
    if (c.kind === 'error') valueErrors.push(c.error);
    else values.set(fd.name, c.value);
  }
  if (unknown.length > 0) {
    return { errors: [sfError('INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${def.name}`)] };
  }
  if (readOnly.length > 0) {
    return {
      errors: [
        sfError(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and ` +
            'verify that it is read/write for your profile or permission set.',
          readOnly,
        ),
      ],
    };
  }
  if (valueErrors.length > 0) return { errors: valueErrors };
  return { values };
}

/** Fields a create must carry (or an update must not blank): createable, not nillable, not defaulted. */
export function missingRequired(def: SObjectDef, row: SfRecord, touched?: Set<string>): SfError | undefined {
  const missing = def.fields
    .filter((fd) => fd.createable && !fd.nillable && !fd.defaultedOnCreate && fd.type !== 'boolean')
    .filter((fd) => !touched || touched.has(fd.name))
    .filter((fd) => row[fd.name] === null || row[fd.name] === undefined)
    .map((fd) => fd.name);
  return missing.length === 0
    ? undefined
    : sfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
}

const AUDIT_REFS = new Set(['CreatedById', 'LastModifiedById']);

/** Every reference the write sets must point at a live record of an allowed object. */
export function checkReferences(def: SObjectDef, row: SfRecord, touched: Set<string>, org: Org): SfError[] {
  const errors: SfError[] = [];
  for (const fd of def.fields) {
    if (fd.type !== 'reference' || AUDIT_REFS.has(fd.name) || !touched.has(fd.name)) continue;
    const id = row[fd.name];
    if (typeof id !== 'string') continue;
    const err = checkReference(def, fd, id, org);
    if (err) errors.push(err);
  }
  return errors;
}

function checkReference(def: SObjectDef, fd: FieldDef, id: string, org: Org): SfError | undefined {
  const prefixes = fd.referenceTo.map((t) => org.schema.get(t)?.keyPrefix);
  if (!prefixes.includes(keyPrefixOf(id))) {
    return sfError('FIELD_INTEGRITY_EXCEPTION', `${fd.label}: id value of incorrect type: ${id}`, [fd.name]);
  }
  const target = org.store.lookup(id);
  if (!target || target.row.IsDeleted === true) {
    return sfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [fd.name]);
  }
  if (fd.name !== 'OwnerId') return undefined;
  if (target.type === 'User' && target.row.IsActive !== true) {
    return sfError(
      'INACTIVE_OWNER_OR_USER',
      `operation performed with inactive user [${id}] as owner of ${def.name.toLowerCase()}`,
      [fd.name],
    );
  }
  if (target.type === 'Group') {
    const servesObject = org.store.findBy('QueueSobject', 'QueueId', id, true).some((q) => q.SobjectType === def.name);
    if (target.row.Type !== 'Queue' || !servesObject) {
      return sfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [fd.name]);
    }
  }
  return undefined;
}

/** Unique and unique External ID fields: no other live record may hold the same value. */
export function checkUnique(def: SObjectDef, row: SfRecord, org: Org): SfError | undefined {
  for (const fd of def.fields) {
    if (!fd.unique || fd.name === 'Id') continue;
    const v = row[fd.name];
    if (v === null || v === undefined) continue;
    const other = org.store.findBy(def.name, fd.name, v, fd.caseSensitive).find((r) => r.Id !== row.Id);
    if (other) {
      return sfError('DUPLICATE_VALUE', `duplicate value found: ${fd.name} duplicates value on record with id: ${String(other.Id)}`, []);
    }
  }
  return undefined;
}
