/**
 * What `handoff install` would do and what `handoff doctor` checks, decided without I/O: the
 * fields and properties Handoff needs (its own, handoff-schema, plus what the mappings add,
 * config/custom-fields) against what the org's describe and the portal's property list show.
 * Each need becomes one item: create it, it is there, or it is there but differs. A difference
 * is reported, never altered: an admin may have changed a type or a picklist on purpose, and
 * changing a field with data in it can lose that data.
 */
import type { MappedSalesforceField } from '../config/custom-fields';
import { customFieldsNeeded } from '../config/custom-fields';
import type { MappingsConfig } from '../config/mappings-config';
import type { HubSpotPropertySpec } from '../connectors/handoff-schema';
import { HUBSPOT_GROUP, HUBSPOT_PROPERTIES, SALESFORCE_FIELDS } from '../connectors/handoff-schema';

export type InstallSystem = 'salesforce' | 'hubspot';
export type PlanAction = 'create' | 'present' | 'differs';

export interface Difference {
  text: string;
  /** Handoff's writes fail while it stands (wrong type, a value a restricted picklist refuses); otherwise a warning. */
  blocking: boolean;
}

interface ItemBase {
  action: PlanAction;
  /** `Lead.Segment__c` or `contacts.customer_segment`. */
  fullName: string;
  label: string;
  differences: Difference[];
}

export type PlanItem =
  | (ItemBase & { system: 'salesforce'; spec: MappedSalesforceField })
  | (ItemBase & { system: 'hubspot'; spec: HubSpotPropertySpec & { groupName: string } });

/** A field as the org's describe shows it (connectors/salesforce SObjectDescribe fields). */
export interface DescribedField {
  name: string;
  type: string;
  length?: number;
  externalId?: boolean;
  restrictedPicklist?: boolean;
  picklistValues?: { value: string; active?: boolean }[];
}

/** A property as the portal lists it (connectors/hubspot HubSpotProperty). */
export interface ListedProperty {
  name: string;
  type: string;
  fieldType: string;
  options: { value: string }[];
}

export interface Needs {
  salesforce: MappedSalesforceField[];
  hubspot: (HubSpotPropertySpec & { groupName: string })[];
}

/** Handoff's own schema first; a mapping that names one of those fields adds nothing. */
export function neededSchema(config: MappingsConfig): Needs {
  const mapped = customFieldsNeeded(config);
  const salesforce = new Map<string, MappedSalesforceField>();
  for (const f of [...SALESFORCE_FIELDS, ...mapped.salesforce]) {
    const k = `${f.object}.${f.name}`.toLowerCase();
    if (!salesforce.has(k)) salesforce.set(k, f);
  }
  const hubspot = new Map<string, HubSpotPropertySpec & { groupName: string }>();
  for (const p of [...HUBSPOT_PROPERTIES, ...mapped.hubspot]) if (!hubspot.has(p.name)) hubspot.set(p.name, { ...p, groupName: HUBSPOT_GROUP.name });
  return { salesforce: [...salesforce.values()], hubspot: [...hubspot.values()] };
}

/** Describe types a field of each spec type may have and still take what Handoff writes. */
const SF_COMPATIBLE: Record<MappedSalesforceField['type'], readonly string[]> = {
  Text: ['string', 'email', 'phone', 'url', 'textarea'],
  LongTextArea: ['textarea'],
  Picklist: ['picklist'],
  DateTime: ['datetime'],
  Date: ['date', 'datetime'],
  Number: ['double', 'int', 'currency', 'percent'],
  Currency: ['currency', 'double'],
  Checkbox: ['boolean'],
};

function salesforceDifferences(spec: MappedSalesforceField, have: DescribedField): Difference[] {
  const out: Difference[] = [];
  if (!SF_COMPATIBLE[spec.type].includes(have.type)) {
    out.push({ text: `type is ${have.type}, Handoff writes ${spec.type}`, blocking: true });
    return out;
  }
  if (spec.externalId && have.externalId !== true) out.push({ text: 'is not an External ID, which Handoff upserts on', blocking: true });
  if (spec.type === 'Text' && spec.length !== undefined && have.type === 'string' && have.length !== undefined && have.length < spec.length) {
    out.push({ text: `length is ${have.length}, Handoff writes up to ${spec.length} characters`, blocking: false });
  }
  if (spec.type === 'Picklist') {
    const active = new Set((have.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value));
    const missing = (spec.values ?? []).map((v) => v.value).filter((v) => !active.has(v));
    if (missing.length > 0) {
      const restricted = have.restrictedPicklist === true;
      out.push({
        text: `picklist lacks ${missing.length === 1 ? 'value' : 'values'} ${missing.join(', ')}${restricted ? ' (restricted: Salesforce refuses them)' : ''}`,
        blocking: restricted,
      });
    }
  }
  return out;
}

function hubspotDifferences(spec: HubSpotPropertySpec, have: ListedProperty): Difference[] {
  const out: Difference[] = [];
  if (have.type !== spec.type) {
    out.push({ text: `type is ${have.type}, Handoff writes ${spec.type}`, blocking: true });
    return out;
  }
  if (have.fieldType !== spec.fieldType) out.push({ text: `shown as ${have.fieldType}, expected ${spec.fieldType}`, blocking: false });
  if (spec.type === 'enumeration') {
    const values = new Set(have.options.map((o) => o.value));
    const missing = (spec.options ?? []).map((o) => o.value).filter((v) => !values.has(v));
    if (missing.length > 0) out.push({ text: `lacks ${missing.length === 1 ? 'option' : 'options'} ${missing.join(', ')} (HubSpot refuses them)`, blocking: true });
  }
  return out;
}

const actionOf = (differences: Difference[]): PlanAction => (differences.length > 0 ? 'differs' : 'present');

/** `described` holds each object's fields by name; an object missing from it is taken as having none. */
export function planSalesforce(needs: readonly MappedSalesforceField[], described: ReadonlyMap<string, readonly DescribedField[]>): PlanItem[] {
  return needs.map((spec) => {
    const have = described.get(spec.object)?.find((f) => f.name.toLowerCase() === spec.name.toLowerCase());
    const differences = have ? salesforceDifferences(spec, have) : [];
    return { system: 'salesforce', spec, fullName: `${spec.object}.${spec.name}`, label: spec.label, action: have ? actionOf(differences) : 'create', differences };
  });
}

export function planHubSpot(needs: readonly (HubSpotPropertySpec & { groupName: string })[], properties: readonly ListedProperty[]): PlanItem[] {
  const byName = new Map(properties.map((p) => [p.name, p]));
  return needs.map((spec) => {
    const have = byName.get(spec.name);
    const differences = have ? hubspotDifferences(spec, have) : [];
    return { system: 'hubspot', spec, fullName: `contacts.${spec.name}`, label: spec.label, action: have ? actionOf(differences) : 'create', differences };
  });
}

/** Mapped fields the org or portal has as standard: they must exist, nothing is created for them. */
export function mappedStandardNames(config: MappingsConfig): { salesforce: string[]; hubspot: string[] } {
  const needs = neededSchema(config);
  const custom = new Set(needs.hubspot.map((p) => p.name));
  const sf = new Set<string>();
  const hs = new Set<string>();
  for (const f of config.fields.fields) {
    if (f.salesforce && !f.salesforce.endsWith('__c')) sf.add(f.salesforce);
    if (!custom.has(f.hubspot)) hs.add(f.hubspot);
  }
  return { salesforce: [...sf], hubspot: [...hs] };
}
