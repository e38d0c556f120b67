/**
 * kill -9 on PGlite: the daemon (`handoff run`, a child process) is killed with SIGKILL mid-handoff
 * and started again on the same data folder; every contact ends with exactly one Lead and each
 * RM's Lead with exactly one handoff Task.
 */
import type { Kill9World } from './kill9-harness';
import { kill9World, leadsByContact } from './kill9-harness';
import { killNineScenario } from './kill9-scenario';

let w: Kill9World | undefined;
afterAll(async () => w?.dispose());

it('kill -9 mid-handoff, restart: one Lead per contact, one Task per RM-owned Lead (PGlite)', async () => {
  w = await kill9World({});
  const n = 300;
  const r = await killNineScenario(w, n);
  expect(r.atKill).toBeLessThan(n);
  expect(r.atKill).toBeGreaterThan(0);
  const leads = leadsByContact(w.sandbox);
  expect([...leads.values()].filter((l) => l.length > 1)).toEqual([]);
  expect(w.sandbox.salesforce.records('Lead')).toHaveLength(n);
}, 10 * 60_000);
