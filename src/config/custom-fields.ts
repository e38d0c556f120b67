/**
 * The custom Salesforce Lead fields and HubSpot contact properties the field mappings need beyond
 * what every org/portal has and what Handoff itself owns (connectors/handoff-schema). `handoff
 * install` creates them and the sandbox seeds them, both from this one derivation.
 */
import type { HubSpotPropertySpec, PicklistValue, SalesforceFieldSpec } from '../connectors/handoff-schema';
import type { MappingsConfig } from './mappings-config';
import type { FieldMapping } from './schemas/fields';
import { HUBSPOT_STANDARD_CONTACT_PROPERTIES } from './vocabulary';

/** A Lead field as handoff-schema describes them, plus Date, which Handoff's own fields do not use. */
export type MappedSalesforceField = Omit<SalesforceFieldSpec, 'type'> & { type: SalesforceFieldSpec['type'] | 'Date' };

export interface CustomFieldsNeeded {
  salesforce: MappedSalesforceField[];
  hubspot: HubSpotPropertySpec[];
}

const SF_TYPE: Record<FieldMapping['type'], MappedSalesforceField['type']> = {
  text: 'Text',
  textarea: 'LongTextArea',
  email: 'Text',
  phone: 'Text',
  picklist: 'Picklist',
  checkbox: 'Checkbox',
  number: 'Number',
  date: 'Date',
  datetime: 'DateTime',
};

const HS_TYPE: Record<FieldMapping['type'], Pick<HubSpotPropertySpec, 'type' | 'fieldType'>> = {
  text: { type: 'string', fieldType: 'text' },
  textarea: { type: 'string', fieldType: 'textarea' },
  email: { type: 'string', fieldType: 'text' },
  phone: { type: 'string', fieldType: 'text' },
  picklist: { type: 'enumeration', fieldType: 'select' },
  checkbox: { type: 'bool', fieldType: 'booleancheckbox' },
  number: { type: 'number', fieldType: 'number' },
  date: { type: 'date', fieldType: 'date' },
  datetime: { type: 'datetime', fieldType: 'date' },
};

/** HubSpot value → Salesforce value pairs of a picklist mapping, with the catalogue's labels. */
function picklist(c: MappingsConfig, f: FieldMapping): { hubspot: PicklistValue; salesforce: PicklistValue }[] {
  if (f.values_from === 'products' || f.values_from === 'segments') {
    const items = f.values_from === 'products' ? c.products.products : c.segments.segments;
    return items.map((x) => ({
      hubspot: { value: x.hubspot_value, label: x.label },
      salesforce: { value: x.salesforce_value, label: x.salesforce_value },
    }));
  }
  return Object.entries(f.values ?? {}).map(([hs, sf]) => ({ hubspot: { value: hs, label: sf }, salesforce: { value: sf, label: sf } }));
}

const labelOf = (f: FieldMapping): string => f.label ?? f.name.replace(/_/g, ' ').replace(/^./, (ch) => ch.toUpperCase());

export function customFieldsNeeded(c: MappingsConfig): CustomFieldsNeeded {
  const salesforce: MappedSalesforceField[] = [];
  const hubspot: HubSpotPropertySpec[] = [];
  for (const f of c.fields.fields) {
    const values = f.type === 'picklist' ? picklist(c, f) : [];
    if (f.salesforce?.endsWith('__c')) {
      const sfValues = [...new Map(values.map((v) => [v.salesforce.value, v.salesforce])).values()];
      salesforce.push({
        object: 'Lead',
        name: f.salesforce,
        label: labelOf(f),
        type: SF_TYPE[f.type],
        ...(SF_TYPE[f.type] === 'Text' ? { length: 255 } : {}),
        ...(f.type === 'picklist' ? { restricted: true, values: sfValues } : {}),
      });
    }
    if (!HUBSPOT_STANDARD_CONTACT_PROPERTIES.has(f.hubspot)) {
      hubspot.push({
        name: f.hubspot,
        label: labelOf(f),
        ...HS_TYPE[f.type],
        ...(f.type === 'picklist' ? { options: values.map((v) => v.hubspot) } : {}),
      });
    }
  }
  return { salesforce, hubspot };
}
