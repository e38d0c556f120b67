/**
 * effectiveConfig: the roster routing reads. No query at all while from_salesforce is off; a
 * failed query at start leaves roster.yaml alone in charge, with a warning; on a refresh, the last
 * roster stays.
 */
import type { SalesforceConnector } from '../../../src/connectors/salesforce';
import type { MappingsConfig } from '../../../src/config';
import { fromSalesforceSchema } from '../../../src/config/schemas/roster';
import { effectiveConfig, rosterUsersQuery } from '../../../src/engine/pipeline/roster-source';
import { config, TUESDAY } from '../domain/routing/fixtures';

const enabled: MappingsConfig = { ...config, roster: { ...config.roster, from_salesforce: { ...config.roster.from_salesforce!, enabled: true } } };

function fakeSalesforce(answer: () => Promise<{ records: Record<string, unknown>[] }>) {
  const queries: string[] = [];
  const sf = {
    query: async (soql: string) => {
      queries.push(soql);
      const r = await answer();
      return { ...r, totalSize: r.records.length, truncated: false };
    },
  } as unknown as SalesforceConnector;
  return { sf, queries };
}

function logger() {
  const lines: { level: string; message: string; meta: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message: string, meta: Record<string, unknown>) => lines.push({ level: 'info', message, meta }),
    warn: (message: string, meta: Record<string, unknown>) => lines.push({ level: 'warn', message, meta }),
  };
}

it('reads the mapped fields of active Users that carry the match value', () => {
  expect(rosterUsersQuery(config.roster.from_salesforce!)).toBe(
    'SELECT Id, Username, Name, Handoff_Branch__c, Handoff_Queue__c, Handoff_Role__c, Handoff_Licenses__c, Handoff_Skills__c, Handoff_Languages__c, ' +
      'Handoff_Segments__c, Handoff_Capacity__c, Handoff_Out_Of_Office_Until__c FROM User WHERE IsActive = true AND Handoff_RM__c = true ORDER BY Username',
  );
  const quoted = fromSalesforceSchema.parse({ ...config.roster.from_salesforce, match: { field: 'Department', equals: "Sales O'Hare" } });
  expect(rosterUsersQuery(quoted)).toContain("WHERE IsActive = true AND Department = 'Sales O\\'Hare' ORDER BY Username");
});

it('asks Salesforce nothing while from_salesforce is off (as shipped)', async () => {
  const { sf, queries } = fakeSalesforce(async () => ({ records: [] }));
  const log = logger();
  expect(await effectiveConfig(sf, config, { now: TUESDAY, logger: log, fallback: config, when: 'start' })).toBe(config);
  expect(queries).toEqual([]);
  expect(log.lines).toEqual([]);
});

it('routes on roster.yaml alone, and warns, when the Users cannot be read at start', async () => {
  const { sf } = fakeSalesforce(async () => Promise.reject(Object.assign(new Error("No such column 'Handoff_RM__c' on entity 'User'"), { code: 'INVALID_FIELD' })));
  const log = logger();
  expect(await effectiveConfig(sf, enabled, { now: TUESDAY, logger: log, fallback: enabled, when: 'start' })).toBe(enabled);
  expect(log.lines).toEqual([
    {
      level: 'warn',
      message: 'could not read the roster from Salesforce Users; routing on roster.yaml alone until the next reconciliation',
      meta: { code: 'ROSTER_SALESFORCE_UNREADABLE', error: "No such column 'Handoff_RM__c' on entity 'User'", cause: 'INVALID_FIELD' },
    },
  ]);
});

it('keeps the last roster when a refresh fails, and swaps in a frozen merged one when it works', async () => {
  const last = { ...enabled };
  const failing = fakeSalesforce(async () => Promise.reject(new Error('socket hang up')));
  expect(await effectiveConfig(failing.sf, enabled, { now: TUESDAY, logger: logger(), fallback: last, when: 'refresh' })).toBe(last);

  const row = {
    Id: '005000000000001AAA', Username: 'new.rm@bank.example', Name: 'New Rm', Handoff_Branch__c: 'evanston', Handoff_Role__c: 'banker',
    Handoff_Segments__c: 'consumer', Handoff_Capacity__c: 5, Handoff_Skills__c: 'deposits',
  };
  const working = fakeSalesforce(async () => ({ records: [row, { ...row, Id: '005000000000002AAA', Username: 'bad.rm@bank.example', Handoff_Capacity__c: 0 }] }));
  const log = logger();
  const next = await effectiveConfig(working.sf, enabled, { now: TUESDAY, logger: log, fallback: last, when: 'refresh' });
  expect(next.roster.rms.map((r) => r.id)).toContain('new_rm');
  expect(Object.isFrozen(next.roster.rms.at(-1))).toBe(true);
  expect(next.routing).toBe(enabled.routing);
  expect(log.lines).toEqual([
    {
      level: 'warn',
      message: 'roster from Salesforce: some Users were skipped',
      meta: {
        code: 'ROSTER_USER_SKIPPED',
        rms: config.roster.rms.length + 1,
        fromYamlOnly: config.roster.rms.length,
        addedFromSalesforce: 1,
        overriddenBySalesforce: 0,
        keptYaml: 0,
        skipped: [{ userId: '005000000000002AAA', field: 'Handoff_Capacity__c', reason: '"0"; expected a whole number above 0 (most open leads at once)' }],
      },
    },
  ]);
});
