/**
 * `handoff simulate` on leads the pipeline itself stored (sandbox + daemon): replayed through the
 * current config it reproduces who each lead really went to; through a candidate whose new first
 * rule sends every checking lead to the contact center, each RM loses exactly the checking leads
 * they had and the queue gains them all, and nothing is written. A candidate sla.yaml that gives
 * checking leads five minutes to accept shows each of them missed, by owner and branch, where
 * the shipped policies miss none of the leads still waiting.
 */
import { defaultMappingsDir } from '../../../src/paths';
import { simulate, loadSimulationConfigs } from '../../../src/ops/simulate';
import { renderSimulation } from '../../../src/ops/simulate-render';
import { runCli } from '../../support/cli';
import { T0, callSplit, pastSearchLag, startE2E } from '../support';
import type { E2E } from '../support';
import { contact, createQualified, mappingsCopy } from './support';

const CHECKING_TO_QUEUE = `rules:
  - name: checking_to_contact_center
    description: Trial - the contact center opens every checking account.
    when:
      product: checking
    pool:
      queue: contact_center
`;

const CHECKING_IN_FIVE_MINUTES = `policies:
  - name: checking_trial
    when: { product: checking }
    accept_within: 5m
    first_touch_within: 1h
    appointment_within: 24h
    warn_before: 2m
`;

let e: E2E | undefined;
afterAll(async () => e?.close());

/** Every table of the schema with a digest of its rows: what "writes nothing" is checked against. */
async function tableDigests(db: E2E['db']): Promise<Record<string, string>> {
  const { rows } = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const out: Record<string, string> = {};
  for (const { table_name: t } of rows) {
    const r = await db.query<{ n: string; digest: string | null }>(`SELECT count(*)::text AS n, md5(string_agg(x::text, ',' ORDER BY x::text)) AS digest FROM "${t}" x`);
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.digest ?? ''}`;
  }
  return out;
}

describe('handoff simulate', () => {
  it('shows per-RM deltas of a routing change on stored leads, writing nothing', async () => {
    e = await startE2E();
    const kinds: Record<string, string>[] = [{}, { customer_segment: 'small_business', product_interest: 'savings' }, { product_interest: 'mortgage', documents_ready: 'true', income_band: '100k_250k' }];
    createQualified(e.sandbox, [...Array.from({ length: 12 }, (_, i) => contact(i, kinds[i % 3])), contact(12, { zip: '' }), contact(13, { zip: '' })]);
    pastSearchLag(e.clock);
    await e.daemon.syncOnce();
    const { rows: stored } = await e.db.query<{ owner_id: string | null; product: string | null; state: string }>('SELECT owner_id, product, state FROM leads');
    expect(stored).toHaveLength(14);

    const candidateDir = mappingsCopy('routing.yaml', (t) => t.replace(/^rules:\n/m, CHECKING_TO_QUEUE));
    const configs = loadSimulationConfigs(defaultMappingsDir(), candidateDir);
    const before = await tableDigests(e.db);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['leads', 'audit_events', 'outbox', 'timers', 'routing_pools', 'inbox']));
    e.sandbox.resetCounts();
    const window = { since: new Date(Date.parse(T0) - 86_400_000), until: new Date(Date.parse(T0) + 86_400_000) };
    const r = await simulate(e.db, configs, window);
    expect(await tableDigests(e.db)).toEqual(before);
    expect(callSplit(e.sandbox)).toMatchObject({ hubspot: { reads: 0, writes: 0 }, salesforce: { reads: 0, writes: 0 } });

    // Readiness: the two contacts without a ZIP are blocked under both.
    expect(r.leads).toBe(14);
    expect(r.readiness.current).toEqual({ ready: 12, blocked: 2 });
    expect(r.readiness.byReason).toContainEqual({ reason: 'MISSING_FIELD:zip', current: 2, candidate: 2, delta: 0 });

    // Now: exactly who the pipeline gave each lead to.
    const real = new Map<string, number>();
    const checking = new Map<string, number>();
    for (const l of stored.filter((s) => s.owner_id)) {
      real.set(l.owner_id!, (real.get(l.owner_id!) ?? 0) + 1);
      if (l.product === 'checking') checking.set(l.owner_id!, (checking.get(l.owner_id!) ?? 0) + 1);
    }
    const nowCounts = new Map(r.routing.byOwner.filter((o) => o.current > 0).map((o) => [o.owner, o.current]));
    expect(nowCounts).toEqual(real);

    // Candidate: each owner loses their checking leads; the contact center gets all four.
    const checkingTotal = stored.filter((s) => s.product === 'checking' && s.owner_id).length;
    expect(checkingTotal).toBe(4);
    for (const o of r.routing.byOwner) {
      const expected = o.owner === 'contact_center' ? (real.get(o.owner) ?? 0) - (checking.get(o.owner) ?? 0) + checkingTotal : (real.get(o.owner) ?? 0) - (checking.get(o.owner) ?? 0);
      expect({ owner: o.owner, candidate: o.candidate, delta: o.delta }).toEqual({ owner: o.owner, candidate: expected, delta: expected - o.current });
    }
    const movedAway = [...checking.entries()].filter(([owner]) => owner !== 'contact_center').reduce((a, [, n]) => a + n, 0);
    expect(r.routing.ownerChanges).toHaveLength(movedAway);
    for (const c of r.routing.ownerChanges) expect(c.candidate).toEqual({ owner: { kind: 'queue', id: 'contact_center' }, rule: 'checking_to_contact_center' });
    expect(r.sla.compared).toBe(12);
    // A checking lead the queue takes instead keeps the standard two hours: same accept-by.
    expect(r.sla.changed).toBe(0);
    // A day later every lead still waits: all twelve missed under both, judged against the window's end.
    expect(r.sla.missed).toEqual({ judged: 12, current: 12, candidate: 12, delta: 0 });

    const text = renderSimulation(r, { current: 'mappings', candidate: 'candidate' });
    expect(text).toContain(`Routing: ${movedAway} leads would go to someone else`);
    expect(text).toMatch(/Contact Center \(queue\)\s+\d+\s+\d+\s+\+\d+/);

    // The current config as its own candidate: no change anywhere.
    const same = await simulate(e.db, { current: configs.current, candidate: configs.current }, window);
    expect(same.routing.ownerChanges).toEqual([]);
    expect(same.routing.byOwner.every((o) => o.delta === 0)).toBe(true);
    expect(same.sla.changed).toBe(0);

    // SLA: checking leads get five minutes under the candidate. Forty minutes after the handoff
    // nobody has answered: the shipped policies (two hours, one for hot leads) miss none, the
    // candidate misses each checking lead, on its owner's row and its branch's.
    const slaConfigs = loadSimulationConfigs(defaultMappingsDir(), mappingsCopy('sla.yaml', (t) => t.replace(/^policies:\n/m, CHECKING_IN_FIVE_MINUTES)));
    const early = await simulate(e.db, slaConfigs, { since: window.since, until: new Date(Date.parse(T0) + 40 * 60_000) });
    expect(early.routing.ownerChanges).toEqual([]);
    expect(early.sla.missed).toEqual({ judged: 12, current: 0, candidate: checkingTotal, delta: checkingTotal });
    expect(early.sla.byPolicy).toContainEqual({ policy: 'checking_trial', current: 0, candidate: checkingTotal, delta: checkingTotal });
    expect(new Map(early.sla.missedByOwner.map((o) => [o.owner, o.candidate]))).toEqual(checking);
    const checkingBranches = new Map<string, number>();
    for (const o of early.sla.missedByOwner) if (o.branch) checkingBranches.set(o.branch, (checkingBranches.get(o.branch) ?? 0) + o.candidate);
    expect(new Map(early.sla.missedByBranch.map((b) => [b.branch, b.candidate]))).toEqual(checkingBranches);
    expect(renderSimulation(early, { current: 'mappings', candidate: 'candidate' })).toContain(`Accept-by missed, judged by the real answer times: 0 now, ${checkingTotal} with the candidate (+${checkingTotal}) of 12 leads that can be judged`);
  }, 120_000);

  it('refuses an invalid candidate with every problem at file:line:col, exit 1', async () => {
    const bad = mappingsCopy('routing.yaml', (t) => t.replace('strategy: least_loaded', 'strategy: least_laoded'));
    const res = await runCli(['simulate', '--mappings', bad]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/the candidate mappings in .* have \d+ problems?; nothing was simulated:\n {2}.*routing\.yaml:\d+:\d+ /);
    expect(res.stderr).toContain('least_laoded');
  });
});
