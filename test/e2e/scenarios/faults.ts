/**
 * A 429 storm on HubSpot's batch writes, 5xx and connection resets on Salesforce's collection
 * writes and HubSpot search, for two and a half minutes of sandbox time: cycles keep running through it, and
 * once it passes everything arrives — every MQL contact has exactly one Lead and its Lead id and
 * status, every RM has their Task — with nothing dead in the outbox or the inbox.
 */
import type { Backend } from '../../support/db';
import type { FaultRuleInput } from '../../../src/sandbox';
import type { E2E } from '../support';
import { createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function faultStorms(backend: Backend): void {
  const N = 100;
  const STORM_MS = 150_000;
  const faults: FaultRuleInput[] = [
    // Retry-After of 1 s: the limiter's pause is real time, and the test should not sit in it.
    { id: 'hubspot-429-storm', system: 'hubspot', route: 'POST /crm/v3/objects/contacts/batch/*', kind: 'rate_limit', durationMs: STORM_MS, params: { retryAfterSeconds: 1 } },
    { id: 'hubspot-search-502', system: 'hubspot', route: 'POST /crm/v3/objects/contacts/search', kind: 'error', probability: 0.5, durationMs: STORM_MS, params: { status: 502 } },
    { id: 'salesforce-reset', system: 'salesforce', route: 'PATCH /composite/sobjects/:sobject/:extIdField', kind: 'reset', everyNth: 3, durationMs: STORM_MS },
    { id: 'salesforce-503', system: 'salesforce', route: 'PATCH /composite/sobjects/:sobject/:extIdField', kind: 'error', probability: 0.6, durationMs: STORM_MS },
  ];

  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend, sandbox: { faults, seed: 7 } });
  });
  afterAll(async () => e?.close());

  async function openWork(): Promise<number> {
    const outbox = await e.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'claimed', 'held', 'dead')`);
    const inbox = await e.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox WHERE processed_at IS NULL');
    return outbox.rows[0]!.n + inbox.rows[0]!.n;
  }

  it('loses nothing through 429 storms, 5xx and resets, and delivers everything once they pass', async () => {
    const contactIds = createAndQualify(e.sandbox, 0, N);
    const stormEnds = e.clock.now().getTime() + STORM_MS;
    let duringStorm = 0;
    let failedSteps = 0;
    for (let cycle = 0; cycle < 12; cycle++) {
      pastSearchLag(e.clock);
      const r = await e.daemon.syncOnce();
      failedSteps += r.errors.length;
      if (e.clock.now().getTime() < stormEnds) duringStorm++;
      else if ((await openWork()) === 0 && leadsByContact(e.sandbox).size === N) break;
    }
    // The storm did happen, and the daemon went on working through it.
    const fired = Object.fromEntries(e.sandbox.faults.rules().map((s) => [s.rule.id, s.fired]));
    expect(fired['hubspot-429-storm']).toBeGreaterThan(0);
    expect(fired['salesforce-503']! + fired['salesforce-reset']!).toBeGreaterThan(0);
    expect(duringStorm).toBeGreaterThanOrEqual(1);
    expect(fired['hubspot-search-502']).toBeGreaterThan(0);
    expect(failedSteps).toBeGreaterThan(0);

    // Nothing lost: one Lead per contact, each contact linked and showing its handoff.
    const leads = leadsByContact(e.sandbox);
    expect(contactIds.filter((id) => leads.get(id)?.length !== 1)).toEqual([]);
    expect(e.sandbox.salesforce.records('Lead')).toHaveLength(N);
    const routed = e.sandbox.mappings.statuses.outbound.routed.hubspot;
    for (const id of contactIds) {
      expect(e.sandbox.hubspot.getContact(id)!.properties).toMatchObject({ salesforce_lead_id: leads.get(id)![0]!['Id'], ...routed });
    }
    const users = new Set(e.sandbox.roster.users.map((u) => u.userId));
    const rmLeads = [...leads.values()].filter((l) => users.has(String(l[0]!['OwnerId'])));
    expect(e.sandbox.salesforce.records('Task')).toHaveLength(rmLeads.length);
    // Nothing dead or waiting.
    expect(await openWork()).toBe(0);
    const dead = await e.db.query(`SELECT 1 FROM inbox WHERE outcome = 'dead' UNION ALL SELECT 1 FROM outbox WHERE status IN ('dead', 'discarded')`);
    expect(dead.rows).toEqual([]);
  }, 120_000);
}
