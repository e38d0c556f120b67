/**
 * One field's value between the three forms: as HubSpot holds it, as Salesforce holds it, and
 * canonical (types.ts). Every system value goes through its transforms to canonical, and back out
 * to the other system from there, so "is there a difference?" is always asked after transforms:
 * `sideNormal` is what a system would hold if Handoff wrote the value it holds now.
 */
import type { FieldMapping } from '../../config/schemas/fields';
import type { SyncContext } from './context';
import {
  isBlank, readBoolean, readDate, readDatetime, readNumber, writeBoolean, writeDate, writeDatetime, writeNumber,
} from './formats';
import { applyTransformChain, fitLength } from './transforms';
import type { CanonicalValue, Converted, Direction, HubspotValue, SalesforceValue, Side, SyncProblem } from './types';
import { SIDE_LABEL } from './types';

export type SideValue<S extends Side> = S extends 'hubspot' ? HubspotValue : SalesforceValue;

const bad = (field: FieldMapping, side: Side, code: SyncProblem['code'], message: string): { problem: SyncProblem } => ({
  problem: { code, field: field.name, side, message: `${field.name}: ${message}` },
});

/** A value read from one system, in canonical form. */
export function toCanonical(field: FieldMapping, side: Side, raw: unknown, ctx: SyncContext): Converted<CanonicalValue> {
  switch (field.type) {
    case 'checkbox':
      return readBoolean(raw, field.name, side);
    case 'number':
      return readNumber(raw, field.name, side);
    case 'date':
      return readDate(raw, field.name, side, side === 'hubspot' ? field.hubspot_date_format : undefined);
    case 'datetime':
      return readDatetime(raw, field.name, side);
    default:
      return textToCanonical(field, side, raw, ctx);
  }
}

function textToCanonical(field: FieldMapping, side: Side, raw: unknown, ctx: SyncContext): Converted<CanonicalValue> {
  if (isBlank(raw)) return { value: null };
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return bad(field, side, 'invalid_value', `the ${SIDE_LABEL[side]} value is not text`);
  }
  const chained = applyTransformChain(String(raw), field, ctx.phoneCountry, side);
  if ('problem' in chained) return chained;
  const text = chained.value;
  if (text.trim() === '') return { value: null };
  if (field.type !== 'picklist') return { value: text };
  const table = ctx.picklists.get(field.name);
  if (!table) throw new Error(`no picklist table for ${field.name}`);
  const canonical =
    side === 'hubspot'
      ? table.fromHubspot.get(text)
      : (table.fromSalesforce.get(text) ?? [...table.fromSalesforce].find(([sf]) => sf.toLowerCase() === text.toLowerCase())?.[1])?.[0];
  if (canonical === undefined) {
    return bad(field, side, 'unknown_picklist_value', `the ${SIDE_LABEL[side]} value is not one of ${table.source}`);
  }
  return { value: canonical };
}

/**
 * A stored canonical value put through the field's current text transforms: a snapshot written
 * before marketing ops added `lowercase` to a field must not make every record look changed.
 */
export function normaliseCanonical(field: FieldMapping, value: CanonicalValue, ctx: SyncContext): CanonicalValue {
  if (typeof value !== 'string' || field.type === 'picklist' || !['text', 'textarea', 'email', 'phone'].includes(field.type)) return value;
  const r = applyTransformChain(value, field, ctx.phoneCountry);
  return 'value' in r ? (r.value.trim() === '' ? null : r.value) : value;
}

/** A canonical value as the given system takes it on a write. */
export function fromCanonical<S extends Side>(field: FieldMapping, side: S, value: CanonicalValue, ctx: SyncContext): Converted<SideValue<S>>;
export function fromCanonical(field: FieldMapping, side: Side, value: CanonicalValue, ctx: SyncContext): Converted<HubspotValue | SalesforceValue> {
  const blank = side === 'hubspot' ? '' : null;
  const wrongType = (expected: string) => bad(field, side, 'invalid_value', `the canonical value is not ${expected}`);
  switch (field.type) {
    case 'checkbox':
      if (value !== null && typeof value !== 'boolean') return wrongType('true or false');
      return { value: writeBoolean(value ?? false, side) };
    case 'number':
      if (value !== null && typeof value !== 'number') return wrongType('a number');
      return { value: writeNumber(value, side) };
    case 'date':
      if (value !== null && typeof value !== 'string') return wrongType('a date');
      return { value: writeDate(value, side, side === 'hubspot' ? field.hubspot_date_format : undefined) };
    case 'datetime':
      if (value !== null && typeof value !== 'string') return wrongType('a date and time');
      return { value: writeDatetime(value, side) };
    default:
      break;
  }
  if (value === null) return { value: blank };
  if (typeof value !== 'string') return wrongType('text');
  let out = value;
  if (field.type === 'picklist') {
    const table = ctx.picklists.get(field.name);
    const mapped = side === 'hubspot' ? table?.toHubspot.get(value) : table?.toSalesforce.get(value);
    if (mapped === undefined) return bad(field, side, 'unknown_picklist_value', `the canonical value has no ${SIDE_LABEL[side]} value among ${table?.source ?? 'the values in fields.yaml'}`);
    out = mapped;
  }
  return side === 'salesforce' && field.salesforce ? fitLength(out, ctx.salesforceLengths.get(field.salesforce), field) : { value: out };
}

/**
 * What the system would hold after Handoff wrote back the value it holds now: the form in which
 * two values of one system are compared, so formatting differences are never a change.
 */
export function sideNormal<S extends Side>(field: FieldMapping, side: S, raw: unknown, ctx: SyncContext): Converted<SideValue<S>> {
  const c = toCanonical(field, side, raw, ctx);
  return 'problem' in c ? c : fromCanonical(field, side, c.value, ctx);
}

export function sameSideValue(a: HubspotValue | SalesforceValue, b: HubspotValue | SalesforceValue): boolean {
  const blank = (v: unknown) => v === null || v === '';
  return (blank(a) && blank(b)) || a === b;
}

/**
 * Applies a field's whole chain in one direction: map→crm takes a HubSpot value and gives the
 * Salesforce value to write; crm→map the reverse.
 */
export function transformValue(field: FieldMapping, direction: Direction, raw: unknown, ctx: SyncContext): Converted<HubspotValue | SalesforceValue> {
  const [from, to]: [Side, Side] = direction === 'map_to_crm' ? ['hubspot', 'salesforce'] : ['salesforce', 'hubspot'];
  const c = toCanonical(field, from, raw, ctx);
  if ('problem' in c) return c;
  const out = fromCanonical(field, to, c.value, ctx);
  if ('problem' in out) return out;
  const warnings = [...(c.warnings ?? []), ...(out.warnings ?? [])];
  return warnings.length > 0 ? { value: out.value, warnings } : { value: out.value };
}

/** Canonical values as plain text, for `{name}` in when_blank templates: picklists show their Salesforce value. */
export function templateText(field: FieldMapping, value: CanonicalValue, ctx: SyncContext): string | null {
  if (value === null) return null;
  const sf = fromCanonical(field, 'salesforce', value, ctx);
  if ('problem' in sf || sf.value === null) return null;
  return String(sf.value);
}

/**
 * fields.yaml `when_blank`: templates tried in order, `{name}` replaced by that field's value; the
 * first whose result is not blank is used. Spaces left by blank parts are collapsed.
 */
export function renderWhenBlank(field: FieldMapping, values: Readonly<Record<string, string | null>>): string | null {
  for (const template of field.when_blank ?? []) {
    const text = template.replace(/\{([^}]*)\}/g, (_m, name: string) => values[name] ?? '').replace(/\s+/g, ' ').trim();
    if (text !== '') return text;
  }
  return null;
}
