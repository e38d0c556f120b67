/**
 * The roster from Salesforce Users (roster.yaml's from_salesforce, on): the sandbox gives every
 * RM's User the Handoff_* fields from the YAML. A loan officer whose NMLS licence is taken off
 * their User gets no mortgage leads after the refresh reconciliation runs; an RM who exists only
 * as a User takes them instead; a User with a bad field is skipped by Id and field; and the
 * routing explanation says the owner's roster entry came from Salesforce.
 */
import { PassThrough } from 'node:stream';
import { loadMappings } from '../../src/config';
import type { MappingsConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { defaultMappingsDir } from '../../src/paths';
import type { E2E } from './support';
import { pastSearchLag, readyContact, startE2E } from './support';

const withSalesforceRoster = (): MappingsConfig => {
  const { config, errors } = loadMappings(defaultMappingsDir());
  if (!config) throw new Error(errors.map((x) => x.message).join('\n'));
  return { ...config, roster: { ...config.roster, from_salesforce: { ...config.roster.from_salesforce!, enabled: true } } };
};

interface Routed {
  owner: string;
  rule: string;
  rosterEntry?: { from: string; userId: string; kind: string };
}

let e: E2E;
let logs = '';
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  e = await startE2E({ daemon: { mappings: withSalesforceRoster(), schedules: false, logger: createLogger({ level: 'info', format: 'json', stream }) } });
  // 10:00 in Denver, where the Downtown branch is open.
  e.clock.advance(2 * 3600_000);
});
afterAll(async () => e?.close());

/** A ready mortgage applicant in Denver (ZIP 80202: the Downtown Denver branch, no other within 50 miles). */
async function mortgageLead(i: number): Promise<{ contactId: string; lead: Record<string, unknown>; routed: Routed; candidates: { id: string; excluded: { code: string }[] }[] }> {
  const contactId = e.sandbox.hubspot.createContact(
    readyContact(4 * i + 2, { product_interest: 'mortgage', documents_ready: 'true', income_band: '100k_250k', lifecyclestage: 'marketingqualifiedlead' }),
    { source: 'FORM' },
  ).id;
  pastSearchLag(e.clock);
  expect((await e.daemon.syncOnce()).errors).toEqual([]);
  const { rows } = await e.db.query<{ data: { routing: { result: Routed; rules: { rule: string; pool?: { candidates?: { id: string; excluded: { code: string }[] }[] } }[] } } }>(
    `SELECT a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.type = 'routed'`,
    [contactId],
  );
  const routing = rows[0]!.data.routing;
  const lead = e.sandbox.salesforce.records('Lead').find((l) => l['HubSpot_Contact_Id__c'] === contactId)!;
  const rule = routing.rules.find((r) => r.rule === 'mortgage_to_nearby_loan_officers');
  return { contactId, lead, routed: routing.result, candidates: rule?.pool?.candidates ?? [] };
}

it('routes on the Users the sandbox filled from roster.yaml, and logs the merge by counts', async () => {
  const ryan = e.sandbox.roster.byRmId.get('ryan_hughes')!;
  const first = await mortgageLead(0);
  expect(first.lead['OwnerId']).toBe(ryan.userId);
  expect(first.routed).toMatchObject({ owner: 'ryan_hughes', rule: 'mortgage_to_nearby_loan_officers', rosterEntry: { from: 'salesforce', userId: ryan.userId, kind: 'overridden' } });
  const summary = logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['message'] === 'roster from Salesforce');
  const active = e.sandbox.mappings.roster.rms.filter((r) => r.active).length;
  expect(summary).toMatchObject({ rms: e.sandbox.mappings.roster.rms.length, overriddenBySalesforce: active, addedFromSalesforce: 0, skipped: [] });
});

it('after the refresh, gives mortgage leads to an RM only Salesforce has, never to the officer whose NMLS was removed', async () => {
  const sf = e.sandbox.salesforce;
  const ryan = e.sandbox.roster.byRmId.get('ryan_hughes')!;
  sf.update('User', ryan.userId, { Handoff_Licenses__c: null });
  const fields = {
    Handoff_RM__c: true, Handoff_Branch__c: 'denver_downtown', Handoff_Role__c: 'loan_officer', Handoff_Licenses__c: 'NMLS',
    Handoff_Languages__c: 'en;es', Handoff_Skills__c: 'first_time_buyer;heloc', Handoff_Segments__c: 'consumer', Handoff_Capacity__c: 10,
  };
  const newcomer = sf.addUser({ FirstName: 'Noor', LastName: 'Haddad', Username: 'noor.haddad@bank.example', TimeZoneSidKey: 'America/Denver', ...fields });
  const typo = sf.addUser({ FirstName: 'Sam', LastName: 'Typo', Username: 'sam.typo@bank.example', ...fields, Handoff_Role__c: 'loan_oficer' });
  logs = '';
  await e.daemon.refreshOwners();

  const skipped = logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['code'] === 'ROSTER_USER_SKIPPED');
  expect(skipped).toMatchObject({ addedFromSalesforce: 1, skipped: [{ userId: typo.Id, field: 'Handoff_Role__c', reason: 'unknown role "loan_oficer"; expected rm, banker, loan_officer, advisor, inside_sales' }] });
  expect(logs).not.toContain('sam.typo');
  expect(logs).not.toContain('Typo');

  for (let i = 1; i <= 3; i++) {
    const { lead, routed, candidates } = await mortgageLead(i);
    expect(lead['OwnerId']).toBe(newcomer.Id);
    expect(routed).toMatchObject({ owner: 'noor_haddad', rosterEntry: { from: 'salesforce', userId: newcomer.Id, kind: 'added' } });
    expect(candidates.find((c) => c.id === 'ryan_hughes')?.excluded.map((x) => x.code)).toEqual(['product_license']);
    expect(String(lead['Routing_Reason__c'])).toContain(`roster entry from Salesforce User ${String(newcomer.Id)}`);
  }
});
