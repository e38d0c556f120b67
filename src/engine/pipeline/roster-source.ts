/**
 * The roster routing reads: roster.yaml, plus the RMs Salesforce Users describe when
 * roster.yaml's from_salesforce is enabled. One query for the Users at start and on each
 * reconciliation run, merged by the pure mergeRoster; the config the pipeline holds is swapped
 * whole, so a decision in flight keeps the roster it started with.
 */
import type { SalesforceConnector } from '../../connectors/salesforce';
import type { MappingsConfig } from '../../config';
import type { FromSalesforce } from '../../config/schemas/roster';
import type { RosterMerge, RosterUserRow } from '../../domain/roster-merge';
import { mergeRoster } from '../../domain/roster-merge';

export interface RosterLogger {
  info(message: string, meta: Record<string, unknown>): unknown;
  warn(message: string, meta: Record<string, unknown>): unknown;
}

function soqlLiteral(v: FromSalesforce['match']['equals']): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(v);
}

/** The query for the Users from_salesforce describes (exported for tests). */
export function rosterUsersQuery(cfg: FromSalesforce): string {
  const fields = new Set(['Id', 'Username', 'Name', ...Object.values(cfg.fields).filter((f): f is string => f !== undefined)]);
  return `SELECT ${[...fields].join(', ')} FROM User WHERE IsActive = true AND ${cfg.match.field} = ${soqlLiteral(cfg.match.equals)} ORDER BY Username`;
}

export async function readRosterUsers(sf: SalesforceConnector, cfg: FromSalesforce): Promise<RosterUserRow[]> {
  const { records } = await sf.query(rosterUsersQuery(cfg), { maxRecords: 50_000 });
  return records
    .map((r) => ({ ...r, Id: typeof r.Id === 'string' ? r.Id : '', Username: typeof r['Username'] === 'string' ? r['Username'] : '' }))
    .filter((r) => r.Id !== '' && r.Username !== '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Counts and skipped User Ids with reasons; never a name or username. */
export function rosterSummary(m: RosterMerge, yamlRms: number): Record<string, unknown> {
  return {
    rms: m.roster.rms.length,
    fromYamlOnly: yamlRms - m.overridden.length,
    addedFromSalesforce: m.added.length,
    overriddenBySalesforce: m.overridden.length,
    keptYaml: m.keptYaml.length,
    skipped: m.skipped.map((s) => ({ userId: s.userId, field: s.field || s.attribute, reason: s.reason })),
  };
}

/**
 * The effective config: `yaml` with the merged roster. When the Users cannot be read, `fallback`
 * is kept (roster.yaml alone at start, the last effective roster on a refresh) with a warning.
 */
export async function effectiveConfig(
  sf: SalesforceConnector,
  yaml: MappingsConfig,
  opts: { now: Date; logger: RosterLogger; fallback: MappingsConfig; when: 'start' | 'refresh' },
): Promise<MappingsConfig> {
  const cfg = yaml.roster.from_salesforce;
  if (!cfg?.enabled) return yaml;
  let users: RosterUserRow[];
  try {
    users = await readRosterUsers(sf, cfg);
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    opts.logger.warn(
      opts.when === 'start'
        ? 'could not read the roster from Salesforce Users; routing on roster.yaml alone until the next reconciliation'
        : 'could not refresh the roster from Salesforce Users; keeping the last one',
      { code: 'ROSTER_SALESFORCE_UNREADABLE', error: String(e.message ?? err), ...(typeof e.code === 'string' ? { cause: e.code } : {}) },
    );
    return opts.fallback;
  }
  const merged = mergeRoster({ roster: yaml.roster, users, segments: yaml.segments.segments.map((s) => s.id), now: opts.now });
  const summary = rosterSummary(merged, yaml.roster.rms.length);
  if (merged.skipped.length > 0) opts.logger.warn('roster from Salesforce: some Users were skipped', { code: 'ROSTER_USER_SKIPPED', ...summary });
  else opts.logger.info('roster from Salesforce', summary);
  return deepFreeze({ ...yaml, roster: merged.roster });
}
