/**
 * `handoff simulate` on leads the pipeline itself stored (sandbox + daemon): replayed through the
 * current config it reproduces who each lead really went to; through a candidate whose new first
 * rule sends every checking lead to the contact center, each RM loses exactly the checking leads
 * they had and the queue gains them all, and nothing is written.
 */
import { defaultMappingsDir } from '../../../src/paths';
import { simulate, loadSimulationConfigs } from '../../../src/ops/simulate';
import { renderSimulation } from '../../../src/ops/simulate-render';
import { runCli } from '../../support/cli';
import { T0, pastSearchLag, startE2E } from '../support';
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

let e: E2E | undefined;
afterAll(async () => e?.close());

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
    const before = await e.db.query<{ n: string }>('SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM routing_pools) AS n');
    const window = { since: new Date(Date.parse(T0) - 86_400_000), until: new Date(Date.parse(T0) + 86_400_000) };
    const r = await simulate(e.db, configs, window);
    const after = await e.db.query<{ n: string }>('SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM routing_pools) AS n');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);

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
    expect(r.sla.earlier + r.sla.later).toBe(r.sla.changed);

    const text = renderSimulation(r, { current: 'mappings', candidate: 'candidate' });
    expect(text).toContain(`Routing: ${movedAway} leads would go to someone else`);
    expect(text).toMatch(/Contact Center \(queue\)\s+\d+\s+\d+\s+\+\d+/);

    // The current config as its own candidate: no change anywhere.
    const same = await simulate(e.db, { current: configs.current, candidate: configs.current }, window);
    expect(same.routing.ownerChanges).toEqual([]);
    expect(same.routing.byOwner.every((o) => o.delta === 0)).toBe(true);
    expect(same.sla.changed).toBe(0);
  }, 120_000);

  it('refuses an invalid candidate with every problem at file:line:col, exit 1', async () => {
    const bad = mappingsCopy('routing.yaml', (t) => t.replace('strategy: least_loaded', 'strategy: least_laoded'));
    const res = await runCli(['simulate', '--mappings', bad]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/the candidate mappings in .* have \d+ problems?; nothing was simulated:\n {2}.*routing\.yaml:\d+:\d+ /);
    expect(res.stderr).toContain('least_laoded');
  });
});
