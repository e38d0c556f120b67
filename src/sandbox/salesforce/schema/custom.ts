import type { MappedSalesforceField } from '../../../config/custom-fields';
import type { SalesforceFieldSpec } from '../../../connectors/handoff-schema';
import { field as f } from './fields';
import type { FieldDef } from './types';

/**
 * Custom fields: Handoff's own (connectors/handoff-schema), the Lead fields the default mappings
 * write, and fields created at run time through the Tooling API. All become FieldDefs here.
 */

const values = (...vs: string[]) => vs.map((v) => ({ value: v, label: v }));

/**
 * The custom Lead fields the default mappings (mappings/fields.yaml with products.yaml and
 * segments.yaml) need, as config/custom-fields `customFieldsNeeded` derives them and `handoff
 * install` creates them. A test checks this list against that derivation; a sandbox built for
 * other mappings passes `mappedFields` instead.
 */
export const MAPPED_LEAD_FIELDS: MappedSalesforceField[] = [
  { object: 'Lead', name: 'Preferred_Language__c', label: 'Language', type: 'Text', length: 255 },
  {
    object: 'Lead',
    name: 'Product_Interest__c',
    label: 'Product',
    type: 'Picklist',
    restricted: true,
    values: values(
      'Checking', 'Savings', 'Certificate of Deposit', 'Credit Card', 'Auto Loan', 'Personal Loan', 'HELOC', 'Mortgage',
      'Wealth Management', 'Life Insurance', 'Treasury Management',
    ),
  },
  { object: 'Lead', name: 'Segment__c', label: 'Segment', type: 'Picklist', restricted: true, values: values('Consumer', 'Small Business', 'Commercial', 'Wealth') },
  { object: 'Lead', name: 'Lead_Kind__c', label: 'Kind', type: 'Picklist', restricted: true, values: values('Lead', 'Referral', 'Application') },
  { object: 'Lead', name: 'Referral_Source__c', label: 'Referral source', type: 'Text', length: 255 },
  { object: 'Lead', name: 'SMS_Opt_Out__c', label: 'SMS opt-out', type: 'Checkbox' },
  { object: 'Lead', name: 'TCPA_Consent__c', label: 'TCPA phone consent', type: 'Checkbox' },
  { object: 'Lead', name: 'TCPA_Consent_Date__c', label: 'TCPA consent date', type: 'DateTime' },
  { object: 'Lead', name: 'Documents_Ready__c', label: 'Documents ready', type: 'Checkbox' },
  { object: 'Lead', name: 'Income_Band__c', label: 'Income band', type: 'Picklist', restricted: true, values: values('Under 50k', '50k-100k', '100k-250k', '250k+') },
];

export function fieldFromSpec(spec: SalesforceFieldSpec | MappedSalesforceField): FieldDef {
  const o = { externalId: spec.externalId, unique: spec.unique, custom: true };
  switch (spec.type) {
    case 'Text':
      return f.string(spec.name, spec.label, spec.length ?? 255, o);
    case 'LongTextArea':
      return f.textarea(spec.name, spec.label, spec.length ?? 32768, o);
    case 'Picklist':
      return f.picklist(spec.name, spec.label, (spec.values ?? []).map((v) => [v.value, v.label] as [string, string]), {
        ...o,
        restricted: spec.restricted,
      });
    case 'DateTime':
      return f.datetime(spec.name, spec.label, o);
    case 'Date':
      return f.date(spec.name, spec.label, o);
    case 'Number':
      return f.double(spec.name, spec.label, 18, 0, o);
    case 'Currency':
      return f.currency(spec.name, spec.label, 18, 2, o);
    case 'Checkbox':
      return f.boolean(spec.name, spec.label, { ...o, defaultValue: false });
  }
}

/** A Tooling API `CustomField` body's Metadata, as much of it as the emulator reads. */
export interface CustomFieldMetadata {
  label?: unknown;
  type?: unknown;
  length?: unknown;
  precision?: unknown;
  scale?: unknown;
  externalId?: unknown;
  unique?: unknown;
  caseSensitive?: unknown;
  required?: unknown;
  defaultValue?: unknown;
  visibleLines?: unknown;
  valueSet?: {
    restricted?: unknown;
    valueSetDefinition?: { value?: { fullName?: unknown; label?: unknown; default?: unknown; isActive?: unknown }[] };
  };
}

export type FieldBuildResult = { ok: true; field: FieldDef } | { ok: false; message: string; fields: string[] };

const num = (v: unknown, d: number) => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : d);
const bool = (v: unknown) => v === true || v === 'true';

/** Builds the field a Tooling `CustomField` create describes, or says what is wrong with it. */
export function fieldFromMetadata(name: string, md: CustomFieldMetadata): FieldBuildResult {
  const bad = (message: string, which: string): FieldBuildResult => ({ ok: false, message, fields: [which] });
  if (typeof md.label !== 'string' || md.label.trim() === '') return bad('Field Label: You must enter a value', 'label');
  if (md.label.length > 40) return bad('Field Label: data value too large (max length=40)', 'label');
  const label = md.label;
  const o = { externalId: bool(md.externalId), unique: bool(md.unique), caseSensitive: bool(md.caseSensitive), custom: true, required: bool(md.required) };
  const length = num(md.length, NaN);
  const type = typeof md.type === 'string' ? md.type : '';
  switch (type) {
    case 'Text':
      if (!(length >= 1 && length <= 255)) return bad('Length: Text fields must have a length between 1 and 255', 'length');
      return { ok: true, field: f.string(name, label, length, o) };
    case 'TextArea':
      return { ok: true, field: f.textarea(name, label, 255, o) };
    case 'LongTextArea':
      if (!(length >= 256 && length <= 131072)) return bad('Length: Long text area length must be between 256 and 131,072', 'length');
      return { ok: true, field: f.textarea(name, label, length, { ...o, externalId: false, unique: false }) };
    case 'Email':
      return { ok: true, field: f.email(name, label, o) };
    case 'Phone':
      return { ok: true, field: f.phone(name, label, o) };
    case 'Url':
      return { ok: true, field: f.url(name, label, o) };
    case 'Checkbox':
      return { ok: true, field: f.boolean(name, label, { custom: true, defaultValue: bool(md.defaultValue) }) };
    case 'Date':
      return { ok: true, field: f.date(name, label, o) };
    case 'DateTime':
      return { ok: true, field: f.datetime(name, label, o) };
    case 'Number':
    case 'Currency':
    case 'Percent': {
      const precision = num(md.precision, 18);
      const scale = num(md.scale, 0);
      if (!(precision >= 1 && precision <= 18) || !(scale >= 0 && scale <= precision)) {
        return bad('Decimal Places: The sum of the length and decimal places must be an integer less than or equal to 18', 'precision');
      }
      const make = type === 'Number' ? f.double : type === 'Currency' ? f.currency : f.percent;
      return { ok: true, field: make(name, label, precision, scale, o) };
    }
    case 'Picklist': {
      const values = md.valueSet?.valueSetDefinition?.value ?? [];
      if (!Array.isArray(values) || values.length === 0) return bad('Values: You must enter at least one value', 'valueSet');
      const entries: [string, string][] = [];
      let defaultValue: string | undefined;
      for (const v of values) {
        if (typeof v.fullName !== 'string' || v.fullName === '') return bad('Values: every value needs a fullName', 'valueSet');
        entries.push([v.fullName, typeof v.label === 'string' ? v.label : v.fullName]);
        if (bool(v.default)) defaultValue = v.fullName;
      }
      return {
        ok: true,
        field: {
          ...f.picklist(name, label, entries, {
            custom: true,
            restricted: bool(md.valueSet?.restricted),
            defaultValue,
            defaulted: defaultValue !== undefined,
          }),
          nillable: true,
        },
      };
    }
    default:
      return bad(`Field Type: bad value for restricted picklist field: ${type || '(none)'}`, 'type');
  }
}
