/**
 * The kill -9 scenario, shared by the PGlite and PostgreSQL suites: qualify N contacts, kill the
 * daemon with SIGKILL once some but not all of their Leads exist, start it again, wait until all
 * are handed off, then check there is exactly one Lead per contact and exactly one handoff Task per
 * Lead owned by an RM (queues get none), none missing.
 */
import type { Kill9World } from './kill9-harness';
import { createContacts, handedOff, handoffTasksByLead, leadsByContact, startRun, until, waves } from './kill9-harness';

export async function killNineScenario(w: Kill9World, n: number): Promise<{ atKill: number; waitedMs: number }> {
  const first = await startRun(w);
  const ids = createContacts(w.sandbox, n);
  // Qualified in waves, so the daemon is mid-work (Leads of one wave written, the next deciding) when it dies.
  const qualify = waves(w.sandbox, ids, Math.ceil(n / 10), 300);
  const atKill = await until(
    'some Leads, not all',
    () => {
      qualify.tick();
      const made = w.sandbox.salesforce.records('Lead').length;
      if (made >= n) throw new Error(`all ${n} Leads were made before the kill could happen`);
      return made >= Math.ceil(n / 5) ? made : undefined;
    },
    120_000,
    10,
  );
  first.child.kill('SIGKILL');
  await first.exited;
  // The rest of the day's qualifications happen while the daemon is down.
  qualify.rest();

  const second = await startRun(w);
  const started = Date.now();
  try {
    // The restarted daemon takes back the dead process's claims at start (on PostgreSQL because
    // the dead process's liveness lock went with its connection), not after a 5-minute lease.
    await until('every contact handed off', () => (handedOff(w.sandbox, ids) ? true : undefined), 2 * 60_000, 250);
  } catch (err) {
    throw new Error(`${(err as Error).message}\nsecond daemon stderr:\n${second.stderr()}`);
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
  const leads = leadsByContact(w.sandbox);
  const tasks = handoffTasksByLead(w.sandbox);
  for (const id of ids) {
    const mine = leads.get(id) ?? [];
    if (mine.length !== 1) throw new Error(`contact ${id} has ${mine.length} Leads`);
    const lead = mine[0]!;
    const toRm = w.sandbox.roster.byUserId.has(String(lead.OwnerId));
    const nTasks = tasks.get(String(lead.Id)) ?? 0;
    if (nTasks !== (toRm ? 1 : 0)) throw new Error(`Lead ${String(lead.Id)} (owner ${String(lead.OwnerId)}) has ${nTasks} handoff Tasks`);
  }
  return { atKill, waitedMs: Date.now() - started };
}
