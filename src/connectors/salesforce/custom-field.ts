/**
 * A custom field spec (handoff-schema, or one the mappings need) as the Tooling API's
 * `CustomField` body: `FullName` 'Lead.Return_Reason__c' and Metadata in the Metadata API's
 * field vocabulary (API-FACTS B7).
 */
import type { MappedSalesforceField } from '../../config/custom-fields';

export interface ToolingCustomField {
  FullName: string;
  Metadata: Record<string, unknown>;
}

export function developerName(spec: Pick<MappedSalesforceField, 'name'>): string {
  return spec.name.replace(/__c$/, '');
}

export function toolingCustomField(spec: MappedSalesforceField): ToolingCustomField {
  const keys = { ...(spec.externalId ? { externalId: true } : {}), ...(spec.unique ? { unique: true } : {}) };
  const base = { label: spec.label, type: spec.type };
  let metadata: Record<string, unknown>;
  switch (spec.type) {
    case 'Text':
      metadata = { ...base, length: spec.length ?? 255, ...keys };
      break;
    case 'LongTextArea':
      metadata = { ...base, length: spec.length ?? 32768, visibleLines: 5 };
      break;
    case 'Picklist':
      metadata = {
        ...base,
        valueSet: {
          restricted: spec.restricted ?? true,
          valueSetDefinition: { sorted: false, value: (spec.values ?? []).map((v) => ({ fullName: v.value, label: v.label, default: false })) },
        },
      };
      break;
    case 'Number':
      metadata = { ...base, precision: 18, scale: 0, ...keys };
      break;
    case 'Currency':
      metadata = { ...base, precision: 18, scale: 2 };
      break;
    case 'Checkbox':
      // The Metadata API takes a checkbox's default as a formula string, and requires one.
      metadata = { ...base, defaultValue: 'false' };
      break;
    case 'Date':
    case 'DateTime':
      metadata = base;
      break;
  }
  return { FullName: `${spec.object}.${spec.name}`, Metadata: metadata };
}
