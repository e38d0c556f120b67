import { formatDatetime } from '../datetime';
import { sfError, type SfError } from '../errors';
import { keyPrefixOf, normalizeId } from '../ids';
import type { Org } from '../org';
import type { FieldDef, SObjectDef } from '../schema/types';
import type { SfRecord } from '../store';
import { applyDerived } from './derived';
import { checkReferences, checkUnique, missingRequired, prepareValues, type Mode } from './prepare';
import { coerceValue } from './values';

/**
 * Create, update, upsert and delete with Salesforce's rules. Each call acts as one user (the
 * session's), stamps the audit fields from the org's clock, and reports a per-record result;
 * only an undeserializable body throws (SfRequestError, JSON_PARSER_ERROR).
 */

export interface DmlCall {
  userId: string;
  /** Sforce-Auto-Assign: TRUE (or absent) lets the lead assignment rule pick the owner. */
  autoAssign: boolean;
  /** Admin seeding: may set read-only fields and write read-only objects. */
  admin?: boolean;
}

export type DmlResult =
  | { success: true; id: string; created: boolean }
  | { success: false; errors: SfError[]; status: number; matches?: string[] };

type Failure = Extract<DmlResult, { success: false }>;
const fail = (errors: SfError[], status = 400): Failure => ({ success: false, errors, status });

export function createRecord(org: Org, call: DmlCall, type: string, input: Record<string, unknown>, extra?: { ignore?: string[] }): DmlResult {
  const def = org.schema.get(type);
  if (!def) return fail([sfError('INVALID_TYPE', `sObject type '${type}' is not supported.`)]);
  if (!def.createable && !call.admin) {
    return fail([sfError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${def.name}`)]);
  }
  const prepared = prepareValues(def, input, 'create', org, { ignore: extra?.ignore, bypassReadOnly: call.admin });
  if ('errors' in prepared) return fail(prepared.errors);
  const now = formatDatetime(org.now());
  const row: SfRecord = {};
  for (const fd of def.fields) row[fd.name] = initialValue(fd);
  const touched = new Set(prepared.values.keys());
  for (const [k, v] of prepared.values) row[k] = v;
  if (def.fields.some((fd) => fd.name === 'OwnerId') && (row.OwnerId === null || row.OwnerId === undefined)) {
    row.OwnerId = call.userId;
    touched.add('OwnerId');
  }
  return finishWrite(org, call, def, row, undefined, touched, 'create', now);
}

function initialValue(fd: FieldDef): unknown {
  if (fd.type === 'boolean') return fd.defaultValue === true;
  if (fd.defaultedOnCreate && fd.defaultValue !== null && fd.createable) return fd.defaultValue;
  const picklistDefault = fd.picklistValues.find((p) => p.defaultValue);
  return picklistDefault ? picklistDefault.value : null;
}

export function updateRecord(
  org: Org,
  call: DmlCall,
  type: string,
  rawId: string,
  input: Record<string, unknown>,
  extra?: { ignore?: string[] },
): DmlResult {
  const def = org.schema.get(type);
  if (!def) return fail([sfError('INVALID_TYPE', `sObject type '${type}' is not supported.`)]);
  const found = findExisting(org, def, rawId);
  if ('errors' in found) return found;
  const prev = found.row;
  if (!def.updateable && !call.admin) {
    return fail([sfError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be updated: ${def.name}`)]);
  }
  if (def.name === 'Lead' && prev.IsConverted === true && !call.admin) {
    return fail([sfError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', [])]);
  }
  const prepared = prepareValues(def, input, 'update', org, { ignore: extra?.ignore, bypassReadOnly: call.admin });
  if ('errors' in prepared) return fail(prepared.errors);
  const row: SfRecord = { ...prev };
  for (const [k, v] of prepared.values) row[k] = v;
  return finishWrite(org, call, def, row, prev, new Set(prepared.values.keys()), 'update', formatDatetime(org.now()));
}

function findExisting(org: Org, def: SObjectDef, rawId: string): { row: SfRecord } | Failure {
  const id = normalizeId(rawId);
  const row = id && keyPrefixOf(id) === def.keyPrefix ? org.store.get(def.name, id) : undefined;
  if (!row) return fail([sfError('NOT_FOUND', 'The requested resource does not exist')], 404);
  if (row.IsDeleted === true) return fail([sfError('ENTITY_IS_DELETED', 'entity is deleted', [])], 404);
  return { row };
}

function finishWrite(
  org: Org,
  call: DmlCall,
  def: SObjectDef,
  row: SfRecord,
  prev: SfRecord | undefined,
  touched: Set<string>,
  mode: Mode,
  now: string,
): DmlResult {
  // Active lead assignment rules run unless the caller sent Sforce-Auto-Assign: FALSE.
  if (def.name === 'Lead' && call.autoAssign && org.leadAssignmentOwnerId) {
    row.OwnerId = org.leadAssignmentOwnerId;
    touched.add('OwnerId');
  }
  const required = missingRequired(def, row, mode === 'update' ? touched : undefined);
  if (required) return fail([required]);
  const refErrors = checkReferences(def, row, touched, org);
  if (refErrors.length > 0) return fail(refErrors);
  const derivedErrors = applyDerived(def.name, row, prev, touched, org);
  if (derivedErrors.length > 0) return fail(derivedErrors);
  const dup = checkUnique(def, row, org);
  if (dup) return fail([dup]);
  if (mode === 'create') {
    row.Id = org.ids.next(def.keyPrefix);
    row.IsDeleted = false;
    row.CreatedDate = now;
    row.CreatedById = call.userId;
  }
  row.LastModifiedDate = now;
  row.LastModifiedById = call.userId;
  row.SystemModstamp = now;
  org.store.put(def.name, row);
  org.emit({ kind: mode, sobject: def.name, id: String(row.Id), userId: call.userId, at: org.now(), record: row });
  return { success: true, id: String(row.Id), created: mode === 'create' };
}

/**
 * Upsert on an External ID (or Id): update the one match, create when none, refuse when several.
 * With `updateOnly`, no match is NOT_FOUND instead of a create.
 */
export function upsertRecord(
  org: Org,
  call: DmlCall,
  type: string,
  extField: string,
  extValue: unknown,
  input: Record<string, unknown>,
  options: { updateOnly?: boolean } = {},
): DmlResult {
  const def = org.schema.get(type);
  const fd = def && org.schema.field(def.name, extField);
  if (!def || !fd || !(fd.externalId || fd.name === 'Id')) {
    return fail([sfError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${extField}`)], 404);
  }
  const key = coerceValue(fd, extValue);
  if (key.kind !== 'ok' || key.value === null) {
    return fail([sfError('MISSING_ARGUMENT', `${fd.name} not specified`, [])]);
  }
  if (fd.name === 'Id') return updateRecord(org, call, def.name, String(key.value), input, { ignore: ['Id'] });
  const sent = Object.entries(input).find(([k]) => k.toLowerCase() === fd.name.toLowerCase());
  const sentValue = sent && coerceValue(fd, sent[1]);
  if (sentValue && (sentValue.kind !== 'ok' || String(sentValue.value).toLowerCase() !== String(key.value).toLowerCase())) {
    return fail([sfError('INVALID_FIELD', `The External ID field ${fd.name} in the body does not match the value in the URL`, [fd.name])]);
  }
  const matches = org.store.findBy(def.name, fd.name, key.value, fd.caseSensitive);
  if (matches.length > 1) {
    return {
      success: false,
      status: 300,
      matches: matches.map((m) => String(m.Id)),
      errors: [sfError('MULTIPLE_CHOICES', `More than one record found for external id field: ${fd.name}`, [fd.name])],
    };
  }
  const body = Object.fromEntries(Object.entries(input).filter(([k]) => k.toLowerCase() !== fd.name.toLowerCase()));
  const match = matches[0];
  if (match) return updateRecord(org, call, def.name, String(match.Id), body);
  if (options.updateOnly) return fail([sfError('NOT_FOUND', 'The requested resource does not exist')], 404);
  return createRecord(org, call, def.name, { ...body, [fd.name]: key.value });
}

export function deleteRecord(org: Org, call: DmlCall, type: string, rawId: string): DmlResult {
  const def = org.schema.get(type);
  if (!def) return fail([sfError('INVALID_TYPE', `sObject type '${type}' is not supported.`)]);
  const found = findExisting(org, def, rawId);
  if ('errors' in found) return found;
  if (!def.deletable && !call.admin) {
    return fail([sfError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be deleted: ${def.name}`)]);
  }
  const now = formatDatetime(org.now());
  const row: SfRecord = { ...found.row, IsDeleted: true, SystemModstamp: now, LastModifiedDate: now, LastModifiedById: call.userId };
  org.store.put(def.name, row);
  org.emit({ kind: 'delete', sobject: def.name, id: String(row.Id), userId: call.userId, at: org.now(), record: row });
  return { success: true, id: String(row.Id), created: false };
}
