/**
 * `handoff install` and `handoff doctor` against the sandbox. A bare org and portal (no custom
 * field, no Handoff property) get everything from install, through the Tooling API and the
 * properties API, as jsforce and the HubSpot SDK send them; --dry-run changes nothing and a second
 * install creates nothing. Doctor passes on the sandbox as shipped, fails on the bare one for the
 * missing fields, and fails for a roster RM whose username Salesforce does not know, naming the
 * RM by id, never by username. The CLI test at the end checks the exit status and --json.
 */
import type { Env } from '../../../src/config';
import { loadEnv, loadMappings } from '../../../src/config';
import { ManualClock, systemClock } from '../../../src/domain/clock';
import { runDoctor } from '../../../src/ops/doctor';
import type { Check } from '../../../src/ops/doctor-checks';
import { runInstall } from '../../../src/ops/install';
import { renderInstall } from '../../../src/ops/install-render';
import { systemsFromEnv } from '../../../src/ops/install-systems';
import { SALESFORCE_FIELDS } from '../../../src/connectors/handoff-schema';
import { silentLogger } from '../../../src/observability/logger';
import { MAPPED_LEAD_FIELDS } from '../../../src/sandbox/salesforce/schema/custom';
import { defaultMappingsDir } from '../../../src/paths';
import type { Sandbox } from '../../../src/sandbox';
import { startSandbox } from '../../../src/sandbox';
import { runCli } from '../../support/cli';
import type { E2E } from '../support';
import { T0, startE2E } from '../support';
import { mappingsCopy } from './support';

const config = loadMappings(defaultMappingsDir()).config!;
const open: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of open.reverse()) await close();
});

const envOf = (sandbox: Sandbox, extra: Record<string, string> = {}): Env => {
  const { env, errors } = loadEnv({ ...sandbox.env, LOG_FORMAT: 'json', ...extra });
  if (!env) throw new Error(errors.join('; '));
  return env;
};

/**
 * An org and portal Handoff was never installed in: no custom Lead, Task or Event field and only
 * HubSpot's own properties. (The User fields stay: the sandbox's RMs are Users carrying them.)
 */
const NOT_INSTALLED = [...SALESFORCE_FIELDS, ...MAPPED_LEAD_FIELDS].filter((f) => f.object !== 'User').map((f) => `${f.object}.${f.name}`);

async function bareSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ clock: new ManualClock(T0), webhookUrl: null, salesforce: { omitFields: NOT_INSTALLED }, hubspot: { bare: true } });
  open.push(() => sandbox.stop());
  return sandbox;
}

const fieldNames = (sandbox: Sandbox, object: string): string[] => sandbox.salesforce.describe(object).fields.map((f) => f.name);
const byId = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('handoff install', () => {
  it('creates what a bare org and portal lack, changes nothing on --dry-run, and creates nothing the second time', async () => {
    const sandbox = await bareSandbox();
    const systems = await systemsFromEnv(envOf(sandbox), systemClock, silentLogger());
    expect(fieldNames(sandbox, 'Lead')).not.toContain('Segment__c');

    const dry = await runInstall({ systems, config, dryRun: true });
    const toCreate = dry.plan.items.filter((i) => i.action === 'create').map((i) => i.fullName);
    expect(toCreate).toEqual(expect.arrayContaining(['Lead.HubSpot_Contact_Id__c', 'Lead.Segment__c', 'Task.Handoff_Key__c', 'contacts.handoff_status', 'contacts.customer_segment']));
    expect(dry.plan.hubspotGroup.exists).toBe(false);
    expect(dry.created).toEqual([]);
    // Nothing changed by the dry run.
    expect(fieldNames(sandbox, 'Lead')).not.toContain('Segment__c');
    expect(sandbox.hubspot.properties.get('customer_segment')).toBeUndefined();
    expect(renderInstall(dry)).toContain('nothing was changed');

    const progress: string[] = [];
    const first = await runInstall({ systems, config, dryRun: false, onProgress: (p) => progress.push(`${p.step} ${p.what}`) });
    expect(first.failed).toEqual([]);
    expect(first.groupCreated).toBe(true);
    expect([...first.created].sort()).toEqual([...toCreate].sort());
    expect(progress).toContain('create Salesforce Lead.Segment__c');
    // The fields are in the org as the mappings need them: the picklist with the segments' values, the key an External ID.
    const lead = sandbox.salesforce.describe('Lead').fields;
    const segment = lead.find((f) => f.name === 'Segment__c')!;
    expect(segment.type).toBe('picklist');
    expect(segment.restrictedPicklist).toBe(true);
    expect(segment.picklistValues.map((v) => v.value)).toEqual(config.segments.segments.map((s) => s.salesforce_value));
    expect(lead.find((f) => f.name === 'HubSpot_Contact_Id__c')).toMatchObject({ externalId: true, unique: true });
    expect(sandbox.hubspot.properties.get('customer_segment')).toMatchObject({ type: 'enumeration', groupName: 'handoff' });
    expect(renderInstall(first)).toContain('field-level security');

    const second = await runInstall({ systems, config, dryRun: false });
    expect(second.created).toEqual([]);
    expect(second.groupCreated).toBe(false);
    expect(second.plan.items.filter((i) => i.action !== 'present')).toEqual([]);
    expect(renderInstall(second)).toMatch(/^Created 0 fields and properties\.$/m);
  });

  it('reports a field with the wrong picklist values and leaves it alone', async () => {
    const sandbox = await bareSandbox();
    const systems = await systemsFromEnv(envOf(sandbox), systemClock, silentLogger());
    // An admin made Segment__c by hand, without two of the segments.
    const spec = { object: 'Lead' as const, name: 'Segment__c', label: 'Segment', type: 'Picklist' as const, restricted: true, values: ['Consumer', 'Small Business'].map((v) => ({ value: v, label: v })) };
    await systems.salesforce.createCustomField(spec);

    const r = await runInstall({ systems, config, dryRun: false });
    const item = r.plan.items.find((i) => i.fullName === 'Lead.Segment__c')!;
    expect(item.action).toBe('differs');
    expect(item.differences).toEqual([{ text: 'picklist lacks values Commercial, Wealth (restricted: Salesforce refuses them)', blocking: true }]);
    expect(r.created).not.toContain('Lead.Segment__c');
    const values = sandbox.salesforce.describe('Lead').fields.find((f) => f.name === 'Segment__c')!.picklistValues.map((v) => v.value);
    expect(values).toEqual(['Consumer', 'Small Business']);
    expect(renderInstall(r)).toContain('differs  Lead.Segment__c: picklist lacks values Commercial, Wealth');
  });
});

describe('handoff doctor', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    open.push(() => e.close());
  });

  it('passes every check on the sandbox as shipped', async () => {
    const checks = await runDoctor({ source: { ...e.sandbox.env, SALESFORCE_API_SHARE: '0.25' }, db: e.db, clock: systemClock, logger: silentLogger() });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['env', 'ok'],
      ['mappings', 'ok'],
      ['database', 'ok'],
      ['salesforce-auth', 'ok'],
      ['hubspot-auth', 'ok'],
      ['salesforce-fields', 'ok'],
      ['hubspot-properties', 'ok'],
      ['roster', 'ok'],
      ['api-budget', 'ok'],
      ['clock', 'ok'],
      ['outbox', 'ok'],
      ['rotation', 'ok'],
    ]);
    expect(byId(checks)['api-budget']!.message).toMatch(/Handoff may use 25% \(25,000 a day\)$/);
    expect(byId(checks)['salesforce-auth']!.message).toContain(e.sandbox.salesforce.integrationUserId);
  });

  it('fails for a roster username Salesforce does not know, naming the RM by id only', async () => {
    const rm = config.roster.rms.find((r) => r.active)!;
    const dir = mappingsCopy('roster.yaml', (t) => t.replace(rm.salesforce_username, 'nobody.here@bank.example'));
    const checks = byId(await runDoctor({ source: { ...e.sandbox.env, MAPPINGS_DIR: dir }, db: e.db, clock: systemClock, logger: silentLogger() }));
    expect(checks['roster']).toMatchObject({ status: 'fail', message: expect.stringContaining(`RM ${rm.id}`) });
    expect(checks['roster']!.message).not.toContain('@');
    expect(checks['salesforce-fields']!.status).toBe('ok');
  });

  it('fails on a bare org and portal for the missing fields, and says to run install', async () => {
    const sandbox = await bareSandbox();
    const checks = byId(await runDoctor({ source: sandbox.env as unknown as NodeJS.ProcessEnv, db: e.db, clock: systemClock, logger: silentLogger() }));
    expect(checks['salesforce-fields']).toMatchObject({ status: 'fail', fix: 'run `handoff install --dry-run`, then `handoff install`' });
    expect(checks['salesforce-fields']!.message).toContain('missing Lead.HubSpot_Contact_Id__c');
    expect(checks['hubspot-properties']!.status).toBe('fail');
    expect(checks['salesforce-auth']!.status).toBe('ok');
  });

  it('exits 1 from the CLI on a missing field, with one JSON object per check', async () => {
    const sandbox = await bareSandbox();
    const res = await runCli(['doctor', '--json'], { env: { ...sandbox.env, HANDOFF_DATA_DIR: '/nonexistent/handoff-doctor' } });
    expect(res.code).toBe(1);
    const checks = byId(JSON.parse(res.stdout) as Check[]);
    expect(checks['salesforce-fields']!.status).toBe('fail');
    expect(checks['database']).toMatchObject({ status: 'fail', fix: expect.stringContaining('handoff migrate') });
    expect(checks['outbox']!.status).toBe('warn');

    const dry = await runCli(['install', '--dry-run'], { env: { ...sandbox.env } });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('create   Lead.Segment__c  Picklist (4 values)');
    expect(fieldNames(sandbox, 'Lead')).not.toContain('Segment__c');
  });
});
