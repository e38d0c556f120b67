/**
 * `handoff install`: reads what the org and the portal have (describe of each object Handoff
 * writes custom fields on, the contact properties and Handoff's property group), plans against
 * what Handoff and the mappings need (install-plan), and unless it is a dry run creates what is
 * missing: Salesforce fields through the Tooling API, HubSpot properties in their group. Nothing
 * that exists is changed. One failed create does not stop the others; each is reported by system
 * and field, with the system's code.
 */
import type { MappingsConfig } from '../config/mappings-config';
import { ApiError, UnexpectedResponseError } from '../connectors/api-failure';
import { HUBSPOT_GROUP } from '../connectors/handoff-schema';
import type { Systems } from './install-systems';
import type { DescribedField, InstallSystem, PlanItem } from './install-plan';
import { neededSchema, planHubSpot, planSalesforce } from './install-plan';

export interface InstallPlan {
  items: PlanItem[];
  hubspotGroup: { name: string; label: string; exists: boolean };
}

export interface InstallProgress {
  step: 'read' | 'create';
  done: number;
  total: number;
  /** What is being read or created: `Salesforce Lead`, `HubSpot contacts.customer_segment`. */
  what: string;
}

export interface InstallFailure {
  system: InstallSystem;
  fullName: string;
  code: string;
  message: string;
}

export interface InstallReport {
  dryRun: boolean;
  plan: InstallPlan;
  /** Full names created by this run (`Lead.Segment__c`, `contacts.customer_segment`). */
  created: string[];
  groupCreated: boolean;
  failed: InstallFailure[];
}

export interface InstallOptions {
  systems: Systems;
  config: MappingsConfig;
  dryRun: boolean;
  onProgress?: (p: InstallProgress) => void;
}

export async function readInstallPlan(systems: Systems, config: MappingsConfig, onProgress?: (p: InstallProgress) => void): Promise<InstallPlan> {
  const needs = neededSchema(config);
  const objects = [...new Set(needs.salesforce.map((f) => f.object))];
  const total = objects.length + 1;
  const described = new Map<string, DescribedField[]>();
  for (const [i, object] of objects.entries()) {
    onProgress?.({ step: 'read', done: i, total, what: `Salesforce ${object}` });
    const d = await systems.salesforce.describe(object);
    described.set(object, d.fields as DescribedField[]);
  }
  onProgress?.({ step: 'read', done: objects.length, total, what: 'HubSpot contact properties' });
  const properties = await systems.hubspot.listProperties();
  const groupExists = await systems.hubspot.hasPropertyGroup(HUBSPOT_GROUP.name);
  onProgress?.({ step: 'read', done: total, total, what: 'done' });
  return {
    items: [...planSalesforce(needs.salesforce, described), ...planHubSpot(needs.hubspot, properties)],
    hubspotGroup: { ...HUBSPOT_GROUP, exists: groupExists },
  };
}

/** A refusal of one create, kept as a value; an auth failure or a bug stops the run. */
function asFailure(item: { system: InstallSystem; fullName: string }, err: unknown): InstallFailure {
  if (err instanceof ApiError && err.failure.kind !== 'auth') {
    return { system: item.system, fullName: item.fullName, code: err.failure.code ?? err.failure.kind, message: err.failure.message };
  }
  if (err instanceof UnexpectedResponseError) return { system: item.system, fullName: item.fullName, code: err.code, message: err.message };
  throw err;
}

export async function runInstall(o: InstallOptions): Promise<InstallReport> {
  const plan = await readInstallPlan(o.systems, o.config, o.onProgress);
  const report: InstallReport = { dryRun: o.dryRun, plan, created: [], groupCreated: false, failed: [] };
  if (o.dryRun) return report;
  const todo = plan.items.filter((i) => i.action === 'create');
  const hubspotTodo = todo.some((i) => i.system === 'hubspot');
  if (hubspotTodo && !plan.hubspotGroup.exists) {
    try {
      report.groupCreated = (await o.systems.hubspot.ensurePropertyGroup(HUBSPOT_GROUP)).created;
    } catch (err) {
      report.failed.push(asFailure({ system: 'hubspot', fullName: `property group ${HUBSPOT_GROUP.name}` }, err));
      // Properties cannot go into a group that is not there; report them as not created.
      for (const i of todo.filter((t) => t.system === 'hubspot')) report.failed.push({ system: 'hubspot', fullName: i.fullName, code: 'GROUP_MISSING', message: `its property group ${HUBSPOT_GROUP.name} could not be created` });
    }
  }
  const runnable = todo.filter((i) => i.system === 'salesforce' || plan.hubspotGroup.exists || report.groupCreated);
  for (const [n, item] of runnable.entries()) {
    o.onProgress?.({ step: 'create', done: n, total: runnable.length, what: `${item.system === 'salesforce' ? 'Salesforce' : 'HubSpot'} ${item.fullName}` });
    try {
      const created = item.system === 'salesforce' ? (await o.systems.salesforce.createCustomField(item.spec)).created : (await o.systems.hubspot.ensureProperty(item.spec)).created;
      if (created) report.created.push(item.fullName);
    } catch (err) {
      report.failed.push(asFailure(item, err));
    }
  }
  o.onProgress?.({ step: 'create', done: runnable.length, total: runnable.length, what: 'done' });
  return report;
}
