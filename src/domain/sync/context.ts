/**
 * Everything the field conversions need from the mappings, derived once per config: picklist
 * tables both ways, the phone country, Salesforce field lengths, and which consent flags have a
 * re-consent evidence field. Built from the frozen MappingsConfig, so it is cached per config.
 */
import type { CountryCode } from 'libphonenumber-js';
import { customFieldsNeeded } from '../../config/custom-fields';
import type { MappingsConfig } from '../../config/mappings-config';
import type { FieldMapping, FieldsConfig } from '../../config/schemas/fields';

/** Picklist values of one field in both systems, keyed by the canonical option. */
export interface PicklistTable {
  /** Where the values are listed, for messages: "the values in products.yaml". */
  source: string;
  fromHubspot: ReadonlyMap<string, string>;
  toHubspot: ReadonlyMap<string, string>;
  /** A Salesforce value may stand for several canonical options when the map is many-to-one. */
  fromSalesforce: ReadonlyMap<string, readonly string[]>;
  toSalesforce: ReadonlyMap<string, string>;
}

export interface SyncContext {
  fields: readonly FieldMapping[];
  byName: ReadonlyMap<string, FieldMapping>;
  link: FieldsConfig['link'];
  phoneCountry: CountryCode;
  picklists: ReadonlyMap<string, PicklistTable>;
  /** Salesforce field API name → maximum length of its text. */
  salesforceLengths: ReadonlyMap<string, number>;
  /** Consent field name → the date/datetime field recording when consent was given (see conflicts.ts). */
  consentEvidence: ReadonlyMap<string, string>;
}

export interface SyncContextOptions {
  /** Field lengths read from the org (Lead describe); they override the defaults below. */
  salesforceLengths?: Readonly<Record<string, number>>;
}

/**
 * Lengths of the standard Lead text fields in a stock org (Salesforce rejects longer values with
 * STRING_TOO_LONG, which would dead-letter the whole record). Custom text fields come from
 * customFieldsNeeded, which is what `handoff install` creates.
 */
export const STANDARD_LEAD_FIELD_LENGTHS: Readonly<Record<string, number>> = {
  FirstName: 40, MiddleName: 40, LastName: 80, Suffix: 40, Title: 128, Company: 255, Street: 255, City: 40,
  State: 80, PostalCode: 20, Country: 80, Phone: 40, MobilePhone: 40, Fax: 40, Email: 80, Website: 255,
  Description: 32000, EmailBouncedReason: 255,
};

/** Fields Salesforce refuses a Lead without (API-FACTS B5): Handoff never writes them blank. */
export const SALESFORCE_REQUIRED_LEAD_FIELDS: ReadonlySet<string> = new Set(['LastName', 'Company']);

const cache = new WeakMap<MappingsConfig, SyncContext>();

export type MappingsOrContext = MappingsConfig | SyncContext;

/** The public functions take the mappings or a context built from them (with org field lengths). */
export const asContext = (m: MappingsOrContext): SyncContext => ('byName' in m ? m : syncContext(m));

export function syncContext(mappings: MappingsConfig, options: SyncContextOptions = {}): SyncContext {
  const cacheable = options.salesforceLengths === undefined;
  const hit = cacheable ? cache.get(mappings) : undefined;
  if (hit) return hit;
  const fields = mappings.fields.fields;
  const lengths = new Map<string, number>(Object.entries(STANDARD_LEAD_FIELD_LENGTHS));
  for (const f of customFieldsNeeded(mappings).salesforce) if (f.length !== undefined) lengths.set(f.name, f.length);
  for (const [k, v] of Object.entries(options.salesforceLengths ?? {})) lengths.set(k, v);
  const ctx: SyncContext = {
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    link: mappings.fields.link,
    phoneCountry: mappings.fields.phone_country as CountryCode,
    picklists: new Map(fields.filter((f) => f.type === 'picklist').map((f) => [f.name, picklistTable(mappings, f)])),
    salesforceLengths: lengths,
    consentEvidence: consentEvidence(fields),
  };
  if (cacheable) cache.set(mappings, ctx);
  return ctx;
}

function picklistTable(mappings: MappingsConfig, f: FieldMapping): PicklistTable {
  // Catalogue picklists are canonically the catalogue id (what routing and reports use);
  // a values map is canonically its HubSpot value (the kind ids lead/referral/application).
  const rows: { canonical: string; hubspot: string; salesforce: string }[] = [];
  let source: string;
  if (f.values_from) {
    const items = f.values_from === 'products' ? mappings.products.products : mappings.segments.segments;
    for (const x of items) rows.push({ canonical: x.id, hubspot: x.hubspot_value, salesforce: x.salesforce_value });
    source = `the values in ${f.values_from}.yaml`;
  } else {
    for (const [hs, sf] of Object.entries(f.values ?? {})) rows.push({ canonical: hs, hubspot: hs, salesforce: sf });
    source = `the values listed for ${f.name} in fields.yaml`;
  }
  const fromSalesforce = new Map<string, string[]>();
  for (const r of rows) fromSalesforce.set(r.salesforce, [...(fromSalesforce.get(r.salesforce) ?? []), r.canonical]);
  return {
    source,
    fromHubspot: new Map(rows.map((r) => [r.hubspot, r.canonical])),
    toHubspot: new Map(rows.map((r) => [r.canonical, r.hubspot])),
    fromSalesforce,
    toSalesforce: new Map(rows.map((r) => [r.canonical, r.salesforce])),
  };
}

/**
 * fields.yaml has no key naming a consent flag's evidence, so the pairing is by name: a consent
 * field `x` whose mappings include a date or datetime field `x_at` (tcpa_consent → tcpa_consent_at).
 * Only such flags can ever be re-consented through the sync; see conflicts.ts.
 */
function consentEvidence(fields: readonly FieldMapping[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fields) {
    if (!f.consent) continue;
    const evidence = fields.find((e) => e.name === `${f.name}_at` && (e.type === 'datetime' || e.type === 'date'));
    if (evidence) out.set(f.name, evidence.name);
  }
  return out;
}
