/** Checks inside fields.yaml: uniqueness, sensitive data, ownership, and transform sense. */
import { DateTime } from 'luxon';
import { HUBSPOT_PROPERTIES, SALESFORCE_FIELDS } from '../../connectors/handoff-schema';
import type { FieldMapping, FieldsConfig } from '../schemas/fields';
import { deliveredBySubscriptions, HUBSPOT_EMAIL_OPTOUT } from '../../domain/sync/consent-delivery';
import { HANDOFF_OWNED_HUBSPOT, HANDOFF_OWNED_SALESFORCE, HUBSPOT_READ_ONLY, SALESFORCE_LEAD_STANDARD_FIELDS } from '../vocabulary';
import { checkKnown, checkUnique } from './context';
import type { CheckContext } from './context';
import { sensitiveKind } from './sensitive';

/** Canonical fields the engine relies on; Salesforce will not create a Lead without LastName and Company. */
export const REQUIRED_FIELDS: Record<string, string> = {
  email: 'readiness and de-duplication read it',
  last_name: 'Salesforce requires LastName on every Lead',
  company: 'Salesforce requires Company on every Lead',
  product: 'routing reads it',
  segment: 'routing reads it',
};

const TEXTUAL = new Set(['text', 'textarea', 'email', 'phone', 'picklist']);

export function checkFields(f: FieldsConfig, ctx: CheckContext): void {
  checkLink(f, ctx);
  const names = checkUnique(ctx, f.fields, (x) => x.name, (i) => ['fields', i, 'name'], 'field name');
  checkUnique(ctx, f.fields, (x) => x.hubspot, (i) => ['fields', i, 'hubspot'], 'HubSpot property');
  checkUnique(ctx, f.fields, (x) => x.salesforce, (i) => ['fields', i, 'salesforce'], 'Salesforce field');
  f.fields.forEach((field, i) => checkField(field, i, names, ctx));
  for (const [name, why] of Object.entries(REQUIRED_FIELDS)) {
    if (!names.has(name)) ctx.report({ path: ['fields'], code: 'missing_mapping', message: `no mapping named "${name}"; ${why}` });
  }
  const company = f.fields.findIndex((x) => x.salesforce === 'Company');
  if (company >= 0 && !f.fields[company]?.when_blank) {
    ctx.report({
      path: ['fields', company],
      code: 'missing_mapping',
      message: 'Company is required on a Salesforce Lead but consumers have none; add when_blank, e.g. ["{first_name} {last_name}", "Individual"]',
    });
  }
}

function checkLink(f: FieldsConfig, ctx: CheckContext): void {
  const extIds = SALESFORCE_FIELDS.filter((x) => x.object === 'Lead' && x.externalId).map((x) => x.name);
  checkKnown(ctx, { path: ['link', 'salesforce_external_id'], noun: 'Lead External ID field', value: f.link.salesforce_external_id, known: extIds, expected: `one of Handoff's Lead External ID fields: ${extIds.join(', ')}`, code: 'unknown_system_value' });
  const props = HUBSPOT_PROPERTIES.filter((p) => p.type === 'string').map((p) => p.name);
  checkKnown(ctx, { path: ['link', 'hubspot_lead_id'], noun: 'Handoff contact property', value: f.link.hubspot_lead_id, known: props, expected: 'salesforce_lead_id, the property Handoff keeps the Lead id in', code: 'unknown_system_value' });
}

function checkField(field: FieldMapping, i: number, names: Set<string>, ctx: CheckContext): void {
  const at = (...rest: (string | number)[]) => ['fields', i, ...rest];
  checkSensitive(field, i, ctx);
  if (field.salesforce === undefined) {
    // Read from HubSpot for decisions (scoring), never written to Salesforce: only `none` says so.
    if (field.sync !== 'none') {
      ctx.report({ path: at('sync'), code: 'missing_mapping', message: `${field.name} has no salesforce field, so it cannot be synced with ${field.sync}; add salesforce: <Lead field>, or say sync: none to read it from HubSpot only` });
    }
  } else if (HANDOFF_OWNED_SALESFORCE.has(field.salesforce)) {
    ctx.report({ path: at('salesforce'), code: 'handoff_owned_field', message: `${field.salesforce} is written by Handoff itself (statuses.yaml or routing); do not map it here` });
  } else if (!field.salesforce.endsWith('__c')) {
    checkKnown(ctx, { path: at('salesforce'), noun: 'Salesforce Lead field', value: field.salesforce, known: SALESFORCE_LEAD_STANDARD_FIELDS, expected: 'a standard Lead field, or a custom field ending in __c', code: 'unknown_system_value' });
  }
  if (HANDOFF_OWNED_HUBSPOT.has(field.hubspot)) {
    ctx.report({ path: at('hubspot'), code: 'handoff_owned_field', message: `${field.hubspot} is written by Handoff itself (statuses.yaml or routing); do not map it here` });
  }
  const isPicklist = field.type === 'picklist';
  if (isPicklist && !field.values && !field.values_from) {
    ctx.report({ path: at('type'), code: 'bad_value', message: 'a picklist needs values (HubSpot value: Salesforce value) or values_from: products | segments' });
  }
  if (field.values && field.values_from) {
    ctx.report({ path: at('values_from'), code: 'bad_value', message: 'give values or values_from, not both' });
  }
  for (const key of ['values', 'values_from'] as const) {
    if (field[key] !== undefined && !isPicklist) ctx.report({ path: at(key), code: 'bad_value', message: `${key} only applies to type: picklist` });
  }
  if (field.values && (field.sync === 'two_way' || field.sync === 'prefer_crm' || field.sync === 'crm_unless_blank')) {
    checkReversible(field.values, at('values'), ctx);
  }
  checkTransforms(field, i, ctx);
  if (field.consent && field.type !== 'checkbox') {
    ctx.report({ path: at('consent'), code: 'bad_value', message: 'consent applies to checkbox fields (true/false)' });
  }
  checkConsentDelivery(field, i, ctx);
  (field.when_blank ?? []).forEach((template, t) => {
    for (const m of template.matchAll(/\{([^}]*)\}/g)) {
      const ref = m[1] ?? '';
      checkKnown(ctx, { path: at('when_blank', t), noun: 'field', value: ref, known: names, expected: 'a field name from this file, as in "{first_name} {last_name}"' });
    }
  });
}

/**
 * A revocation made in Salesforce must reach HubSpot (consent is monotonic), so a consent flag
 * cannot sit on a property HubSpot refuses writes to: the sync would drop the write and HubSpot
 * would go on mailing or calling. The email opt-out on hs_email_optout is the exception: Handoff
 * delivers it through HubSpot's subscription preferences (unsubscribe_from says which types).
 */
function checkConsentDelivery(field: FieldMapping, i: number, ctx: CheckContext): void {
  const bySubscriptions = deliveredBySubscriptions(field);
  if (field.consent && field.salesforce !== undefined && HUBSPOT_READ_ONLY.has(field.hubspot) && !bySubscriptions) {
    ctx.report({
      path: ['fields', i, 'hubspot'],
      code: 'bad_value',
      message: `${field.hubspot} is read-only in HubSpot, so a revocation of ${field.name} made in Salesforce could never reach HubSpot; map it to a property Handoff can write (only hs_email_optout with consent: opt_out is delivered another way, through HubSpot's subscription preferences)`,
      found: field.hubspot,
    });
  }
  if (field.unsubscribe_from !== undefined && !bySubscriptions) {
    ctx.report({ path: ['fields', i, 'unsubscribe_from'], code: 'bad_value', message: `unsubscribe_from applies only to the email opt-out (hubspot: ${HUBSPOT_EMAIL_OPTOUT} with consent: opt_out)` });
  }
}

/** Salesforce values flow back to HubSpot when Salesforce can win, so each must map back to one HubSpot value. */
function checkReversible(values: Record<string, string>, path: (string | number)[], ctx: CheckContext): void {
  const seen = new Map<string, string>();
  for (const [hs, sf] of Object.entries(values)) {
    const other = seen.get(sf);
    if (other !== undefined) {
      ctx.report({ path: [...path, hs], code: 'bad_value', message: `"${hs}" and "${other}" both map to "${sf}", so a change made in Salesforce cannot be mapped back; make the values one-to-one or use sync: prefer_map` });
    }
    seen.set(sf, hs);
  }
}

function checkTransforms(field: FieldMapping, i: number, ctx: CheckContext): void {
  field.transforms.forEach((t, k) => {
    const path = ['fields', i, 'transforms', k];
    if (t === 'e164' && field.type !== 'phone') ctx.report({ path, code: 'bad_value', message: 'e164 applies to type: phone' });
    if (t === 'date' && field.type !== 'date') ctx.report({ path, code: 'bad_value', message: 'date applies to type: date' });
    if (t === 'datetime' && field.type !== 'datetime') ctx.report({ path, code: 'bad_value', message: 'datetime applies to type: datetime' });
    if (['trim', 'lowercase', 'uppercase', 'titlecase'].includes(t) && !TEXTUAL.has(field.type)) {
      ctx.report({ path, code: 'bad_value', message: `${t} applies to text fields, not type: ${field.type}` });
    }
  });
  const fmt = field.hubspot_date_format;
  if (fmt !== undefined) {
    const path = ['fields', i, 'hubspot_date_format'];
    const sample = DateTime.fromISO('2024-11-05');
    if (field.type !== 'date') ctx.report({ path, code: 'bad_value', message: 'hubspot_date_format applies to type: date' });
    else if (!DateTime.fromFormat(sample.toFormat(fmt), fmt).hasSame(sample, 'day')) {
      ctx.report({ path, code: 'bad_value', message: `"${fmt}" is not a usable date format; use luxon tokens such as MM/dd/yyyy`, found: fmt });
    }
  }
}

function checkSensitive(field: FieldMapping, i: number, ctx: CheckContext): void {
  const hs = sensitiveKind(field.hubspot);
  const sf = field.salesforce === undefined ? null : sensitiveKind(field.salesforce);
  const kind = hs ?? sf;
  if (!kind) return;
  const side = hs ? `HubSpot property "${field.hubspot}"` : `Salesforce field "${field.salesforce}"`;
  if (!field.allow_sensitive) {
    ctx.report({
      path: ['fields', i, hs ? 'hubspot' : 'salesforce'],
      code: 'sensitive_field',
      message: `${side} looks like ${kind}; such data is not synced unless the mapping sets allow_sensitive: true and a justification`,
      found: hs ? field.hubspot : field.salesforce,
    });
  } else if (!field.justification?.trim()) {
    ctx.report({
      path: ['fields', i, 'allow_sensitive'],
      code: 'sensitive_unjustified',
      message: `is true but justification is missing or empty; write down why ${kind} must be synced`,
    });
  }
}
