/**
 * Whole-record projections: a HubSpot contact → the Salesforce Lead fields to upsert, and a Lead →
 * the contact properties to write, each honouring the direction of every field's sync rule and
 * the link fields (Lead External ID = contact id; contact property = Lead id).
 *
 * Projections carry values, not decisions: blanks are left out (a clear is reconcile's call, made
 * with timestamps), except that a Salesforce field with `when_blank` gets its template (Company
 * for consumers). Consent restrictions travel whatever the rule (consent.ts). For updates of linked
 * records use reconcileRecord (record-sync.ts); these are for creating and seeding.
 */
import type { FieldMapping, SyncRule } from '../../config/schemas/fields';
import { restrictiveValue } from './consent';
import { asContext, SALESFORCE_REQUIRED_LEAD_FIELDS } from './context';
import type { MappingsOrContext, SyncContext } from './context';
import { isBlank } from './formats';
import { fitLength } from './transforms';
import type { Direction, HubspotValue, SalesforceValue, SyncProblem, Timestamp } from './types';
import { renderWhenBlank, templateText, toCanonical, transformValue } from './values';

/** A contact as the HubSpot CRM v3 API returns it (API-FACTS A2). */
export interface HubspotContact {
  id: string;
  properties: Readonly<Record<string, string | null | undefined>>;
  updatedAt?: Timestamp;
  propertiesWithHistory?: Readonly<Record<string, readonly { value: string | null; timestamp: Timestamp }[]>>;
}

/** A Lead as Salesforce REST returns it: a flat record. */
export interface SalesforceLead {
  Id?: string;
  LastModifiedDate?: Timestamp;
  SystemModstamp?: Timestamp;
  LastModifiedById?: string;
  [field: string]: unknown;
}


/**
 * Does a field's value flow in this direction under its rule? `crmBlank` is whether the Salesforce
 * value is blank (crm_unless_blank flows map→crm only then, crm→map only otherwise).
 */
export function flows(rule: SyncRule, direction: Direction, crmBlank: boolean): boolean {
  switch (rule) {
    case 'two_way':
      return true;
    case 'prefer_map':
      return direction === 'map_to_crm';
    case 'prefer_crm':
      return direction === 'crm_to_map';
    case 'crm_unless_blank':
      return direction === 'map_to_crm' ? crmBlank : !crmBlank;
    case 'none':
      return false;
  }
}

export interface ContactToLeadOptions {
  /** The Lead as it is now, when updating one: crm_unless_blank fields go only where it is blank. */
  lead?: SalesforceLead;
}

export function contactToLead(
  contact: HubspotContact,
  mappings: MappingsOrContext,
  options: ContactToLeadOptions = {},
): { fields: Record<string, SalesforceValue>; problems: SyncProblem[] } {
  const ctx = asContext(mappings);
  const fields: Record<string, SalesforceValue> = { [ctx.link.salesforce_external_id]: contact.id };
  const problems: SyncProblem[] = [];
  const templates = templateValues(ctx, (f) => toCanonical(f, 'hubspot', contact.properties[f.hubspot], ctx));
  for (const f of ctx.fields) {
    // A field without a Lead field (sync: none) is read from HubSpot only, never written.
    if (f.salesforce === undefined) continue;
    const sfName = f.salesforce;
    const raw = contact.properties[f.hubspot];
    const crmBlank = !options.lead || leadValueBlank(f, options.lead, ctx);
    if (!flows(f.sync, 'map_to_crm', crmBlank) && !carriesRestriction(f, 'hubspot', raw, ctx)) continue;
    const out = transformValue(f, 'map_to_crm', raw, ctx);
    if ('problem' in out) {
      problems.push(out.problem);
      continue;
    }
    problems.push(...(out.warnings ?? []));
    if (out.value !== null && out.value !== '') {
      fields[sfName] = out.value;
      continue;
    }
    const filled = f.when_blank ? renderWhenBlank(f, templates) : null;
    if (filled !== null) {
      const fit = fitLength(filled, ctx.salesforceLengths.get(sfName), f);
      if ('problem' in fit) problems.push(fit.problem);
      else fields[sfName] = fit.value;
    } else if (!options.lead && SALESFORCE_REQUIRED_LEAD_FIELDS.has(sfName)) {
      problems.push({ code: 'required_blank', field: f.name, side: 'salesforce', message: `${f.name}: Salesforce requires ${f.salesforce} on a new Lead and the contact has none` });
    }
  }
  return { fields, problems };
}

export function leadToContact(
  lead: SalesforceLead,
  mappings: MappingsOrContext,
): { properties: Record<string, HubspotValue>; problems: SyncProblem[] } {
  const ctx = asContext(mappings);
  const properties: Record<string, HubspotValue> = {};
  if (typeof lead.Id === 'string' && lead.Id !== '') properties[ctx.link.hubspot_lead_id] = lead.Id;
  const problems: SyncProblem[] = [];
  for (const f of ctx.fields) {
    if (f.salesforce === undefined) continue;
    const raw = lead[f.salesforce];
    if (!flows(f.sync, 'crm_to_map', leadValueBlank(f, lead, ctx)) && !carriesRestriction(f, 'salesforce', raw, ctx)) continue;
    const out = transformValue(f, 'crm_to_map', raw, ctx);
    if ('problem' in out) {
      problems.push(out.problem);
      continue;
    }
    problems.push(...(out.warnings ?? []));
    if (out.value !== '' && out.value !== null) properties[f.hubspot] = String(out.value);
  }
  return { properties, problems };
}

/** Blank, or Handoff's own when_blank placeholder (a consumer's name standing in for Company). */
export function leadValueBlank(f: FieldMapping, lead: SalesforceLead, ctx: SyncContext): boolean {
  if (f.salesforce === undefined) return true;
  const raw = lead[f.salesforce];
  if (isBlank(raw)) return true;
  if (!f.when_blank || typeof raw !== 'string') return false;
  const placeholder = renderWhenBlank(f, templateValues(ctx, (g) => toCanonical(g, 'salesforce', g.salesforce ? lead[g.salesforce] : null, ctx)));
  return placeholder !== null && placeholder === raw.trim();
}

/** A consent flag showing a restriction crosses whatever the rule (consent.ts, rule 1). */
function carriesRestriction(f: FieldMapping, side: 'hubspot' | 'salesforce', raw: unknown, ctx: SyncContext): boolean {
  if (!f.consent) return false;
  const c = toCanonical(f, side, raw, ctx);
  return 'value' in c && c.value === restrictiveValue(f);
}

/** `{name}` values for when_blank templates, from one system's record. */
function templateValues(ctx: SyncContext, read: (f: FieldMapping) => ReturnType<typeof toCanonical>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of ctx.fields) {
    const c = read(f);
    out[f.name] = 'value' in c ? templateText(f, c.value, ctx) : null;
  }
  return out;
}
