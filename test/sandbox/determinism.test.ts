/** A seed replays a run exactly: the same faults on the same calls, the same people; another seed differs. */
import type { FaultRuleInput } from '../../src/sandbox';
import { FaultInjector } from '../../src/sandbox';
import { ManualClock } from '../../src/domain/clock';
import { integrationConnection, sandbox } from './support';

const RULES: FaultRuleInput[] = [
  { system: 'hubspot', route: 'GET /crm/v3/objects/contacts', kind: 'error', probability: 0.3 },
  { system: 'hubspot', route: 'POST /crm/v3/objects/contacts/batch/upsert', kind: 'partial', probability: 0.5, params: { recordProbability: 0.3 } },
  { system: 'salesforce', route: 'POST /composite/sobjects', kind: 'partial', probability: 0.6 },
];

/** Drives a fixed sequence of real HTTP calls against a sandbox and returns what the clients saw, plus the fault log. */
async function run(seed: number) {
  const sb = await sandbox({ seed, faults: RULES });
  try {
    const seen: unknown[] = [];
    const auth = { Authorization: `Bearer ${sb.env.HUBSPOT_ACCESS_TOKEN}`, 'Content-Type': 'application/json' };
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${sb.env.HUBSPOT_BASE_URL}/crm/v3/objects/contacts?limit=1`, { headers: auth });
      await res.arrayBuffer();
      seen.push(res.status);
    }
    for (let b = 0; b < 6; b++) {
      const inputs = [0, 1, 2, 3, 4].map((i) => ({ id: `u${b}-${i}@example.com`, idProperty: 'email', properties: { firstname: `U${i}` } }));
      const res = await fetch(`${sb.env.HUBSPOT_BASE_URL}/crm/v3/objects/contacts/batch/upsert`, { method: 'POST', headers: auth, body: JSON.stringify({ inputs }) });
      const body = (await res.json()) as { errors?: { context: { ids: string[] } }[] };
      seen.push([res.status, (body.errors ?? []).map((e) => e.context.ids[0])]);
    }
    const conn = integrationConnection(sb);
    for (let b = 0; b < 6; b++) {
      const results = await conn.sobject('Lead').create([0, 1, 2, 3].map((i) => ({ LastName: `L${b}${i}`, Company: 'Co' })));
      seen.push(results.map((r) => r.success));
    }
    return { seen, log: sb.faults.log() };
  } finally {
    await sb.stop();
  }
}

test('the same seed gives the same fault sequence, seen through the wire; another seed another', async () => {
  const a = await run(2024);
  const b = await run(2024);
  const c = await run(7);
  expect(b).toEqual(a);
  expect(a.log.length).toBeGreaterThan(5);
  expect(a.log.some((e) => e.kind === 'partial' && (e.records?.length ?? 0) > 0)).toBe(true);
  expect(c.seen).not.toEqual(a.seen);
});

test("a rule's draws do not depend on calls to other routes", () => {
  const decisions = (interleave: boolean) => {
    const inj = new FaultInjector(new ManualClock('2026-01-01T00:00:00Z'), 99);
    inj.add([
      { id: 'a', system: 'hubspot', route: 'GET /a', kind: 'error', probability: 0.5 },
      { id: 'b', system: 'hubspot', route: 'GET /b', kind: 'error', probability: 0.5 },
    ]);
    const out: boolean[] = [];
    for (let i = 0; i < 40; i++) {
      if (interleave) inj.decide({ system: 'hubspot', route: 'GET /b', actor: 'integration', batchSize: 0 });
      out.push(inj.decide({ system: 'hubspot', route: 'GET /a', actor: 'integration', batchSize: 0 }) !== undefined);
    }
    return out;
  };
  expect(decisions(true)).toEqual(decisions(false));
  expect(new Set(decisions(false)).size).toBe(2);
});

test('a probability is honoured over many calls', () => {
  const inj = new FaultInjector(new ManualClock('2026-01-01T00:00:00Z'), 3);
  inj.add({ system: 'salesforce', route: '*', kind: 'error', probability: 0.2 });
  let fired = 0;
  for (let i = 0; i < 2000; i++) if (inj.decide({ system: 'salesforce', route: 'GET /limits', actor: 'integration', batchSize: 0 })) fired++;
  expect(fired).toBeGreaterThan(320);
  expect(fired).toBeLessThan(480);
});

test('bad rules are refused with every problem named', () => {
  const inj = new FaultInjector(new ManualClock('2026-01-01T00:00:00Z'), 1);
  expect(() => inj.add({ system: 'hubspot', kind: 'latency', probability: 2, params: { variant: 'total' } })).toThrow(
    'invalid fault rule: probability: Number must be less than or equal to 1; params.ms: latency needs params.ms; params.variant: variant is for Salesforce; HubSpot takes params.policy',
  );
  expect(() => inj.add({ system: 'sap', kind: 'error' })).toThrow(/system: Invalid enum value. Expected 'hubspot' \| 'salesforce', received 'sap'/);
  expect(inj.rules()).toEqual([]);
});
