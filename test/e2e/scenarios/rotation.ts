/**
 * Out of rotation and back, against the sandbox. Sofia Alvarez owns the customers these leads
 * come from, so each goes to her (existing_customer_to_owner). An on-time return ends her breach
 * streak; then three leads in a row miss accept-by and she leaves the rotation: her manager gets
 * a Task saying so and how to restore her, the trail and `handoff doctor` say it, and routing
 * passes her over. `handoff rotation restore`, run as an operator would, puts her back in one
 * transaction with an audit event naming who and why, and the next lead goes to her again.
 */
import { systemClock } from '../../../src/domain/clock';
import { verifyAudit } from '../../../src/engine/audit';
import { silentLogger } from '../../../src/observability/logger';
import { runDoctor } from '../../../src/ops/doctor';
import { leadStory } from '../../../src/ops/explain';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { createAndQualify, leadRowOf, pastSearchLag, pastTimer, readyContact, startE2E, tasksOn, trailOf } from '../support';

const SOFIA = 'sofia_alvarez';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function rotation(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend, cli: true });
  });
  afterAll(async () => e?.close());

  const streakOf = async (rm: string) => (await e.db.query<{ consecutive: number; out_of_rotation: boolean }>('SELECT consecutive, out_of_rotation FROM owner_streaks WHERE owner_id = $1', [rm])).rows[0];

  /** Contacts `from`… whose emails are on Salesforce Contacts Sofia owns, qualified and handed off. */
  async function customersOfSofia(from: number, count: number) {
    e.sandbox.seedCustomers(Array.from({ length: count }, (_, k) => ({ email: readyContact(from + k).email!, rmId: SOFIA })));
    const ids = createAndQualify(e.sandbox, from, count);
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    return Promise.all(ids.map(async (contactId) => ({ contactId, row: await leadRowOf(e.db, contactId) })));
  }

  it('an on-time return ends the streak; three breaches in a row take her out and tell her manager', async () => {
    const sofia = e.sandbox.roster.byRmId.get(SOFIA)!;
    const [a] = await customersOfSofia(0, 1);
    expect(a!.row).toMatchObject({ state: 'routed', owner_id: SOFIA });
    e.clock.advance(3.5 * 3600_000);
    const [b] = await customersOfSofia(1, 1);
    expect(b!.row.owner_id).toBe(SOFIA);

    // A passes its accept-by: one breach.
    await pastTimer(e, a!.row.id, 'sla_accept_breach');
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await streakOf(SOFIA)).toEqual({ consecutive: 1, out_of_rotation: false });
    // She returns B, with a reason, well before its accept-by: an answer on time ends the streak.
    e.clock.advance(5 * 60_000);
    e.sandbox.salesforce.update('Lead', b!.row.salesforce_lead_id!, { Handoff_Status__c: 'Returned', Return_Reason__c: 'Not_Ready_Timing' }, sofia.userId);
    e.clock.advance(1_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await leadRowOf(e.db, b!.contactId)).toMatchObject({ state: 'recycled' });
    expect(await streakOf(SOFIA)).toEqual({ consecutive: 0, out_of_rotation: false });

    // Three more leads reach her, and she lets all three pass accept-by.
    const three = await customersOfSofia(2, 3);
    expect(three.map((x) => x.row.owner_id)).toEqual([SOFIA, SOFIA, SOFIA]);
    for (const x of three) await pastTimer(e, x.row.id, 'sla_accept_breach');
    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);
    expect(cycle.timers?.breaches).toBeGreaterThanOrEqual(3);
    expect(await streakOf(SOFIA)).toEqual({ consecutive: 3, out_of_rotation: true });

    // Once, on the lead whose breach did it: an event on its trail and a Task for her manager.
    const events = (await Promise.all(three.map(async (x) => ({ x, trail: await trailOf(e.db, x.row.id) })))).filter((t) => t.trail.some((a) => a.type === 'taken_out_of_rotation'));
    expect(events).toHaveLength(1);
    const last = events[0]!;
    const event = last.trail.find((a) => a.type === 'taken_out_of_rotation')!;
    expect(event.summary).toBe('Sofia Alvarez is out of rotation: 3 leads in a row missed accept-by (limit 3); Robert Hale is told in a Salesforce Task. Restore with `handoff rotation restore sofia_alvarez`');
    const manager = e.sandbox.roster.managers.find((m) => m.username === e.sandbox.mappings.sla.managers.branches['nyc_midtown']!.salesforce_username)!;
    const task = tasksOn(e.sandbox, last.x.row.salesforce_lead_id!).get('out_of_rotation:1')!;
    expect(task).toMatchObject({ OwnerId: manager.userId, Subject: 'Out of rotation: Sofia Alvarez let 3 leads in a row miss accept-by', Priority: 'High', Status: 'Not Started' });
    expect(task['Description']).toContain('ask your Handoff administrator to run: handoff rotation restore sofia_alvarez --by "<your name>" --reason "<why>"');
    // `handoff explain` on that lead tells it.
    const story = await leadStory(e.db, e.sandbox.mappings, last.x.contactId);
    expect(story.events.find((x) => x.type === 'taken_out_of_rotation')).toMatchObject({ title: 'Out of rotation: Sofia Alvarez let 3 leads in a row miss accept-by' });
  }, 120_000);

  it('while she is out, routing passes her over and `handoff doctor` warns', async () => {
    const [f] = await customersOfSofia(5, 1);
    expect(f!.row.state).toBe('routed');
    expect(f!.row.owner_id).not.toBe(SOFIA);
    const routed = (await trailOf(e.db, f!.row.id)).find((a) => a.type === 'routed')!;
    expect(JSON.stringify(routed.data)).toContain('out of rotation after repeated SLA breaches');

    const checks = await runDoctor({ source: { ...e.sandbox.env, SALESFORCE_API_SHARE: '0.25' }, db: e.db, clock: systemClock, logger: silentLogger() });
    expect(checks.find((c) => c.id === 'rotation')).toMatchObject({ status: 'warn', message: expect.stringMatching(/: sofia_alvarez \(3 in a row, since \d{4}-\d\d-\d\d\)$/) });
  }, 60_000);

  it('`handoff rotation list` and `restore` put her back in one go, with who and why on the trail; the next lead goes to her', async () => {
    const list = await e.cli(['rotation', 'list', '--json']);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const out = JSON.parse(list.stdout) as { rm: string; name: string; since: string; breaches: number }[];
    expect(out).toEqual([{ rm: SOFIA, name: 'Sofia Alvarez', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), breaches: 3 }]);

    const restore = await e.cli(['rotation', 'restore', SOFIA, '--by', 'Robert Hale', '--reason', 'coached on answering the accept Task']);
    expect(restore.code).toBe(0);
    expect(restore.stdout.trim()).toBe(`sofia_alvarez is back in rotation (out since ${out[0]!.since}, after 3 missed accept-by deadlines in a row); restored by Robert Hale: coached on answering the accept Task`);
    expect(await streakOf(SOFIA)).toEqual({ consecutive: 0, out_of_rotation: false });
    const { rows } = await e.db.query<{ lead_id: string | null; actor: string; summary: string; data: Record<string, unknown> }>(`SELECT lead_id, actor, summary, data FROM audit_events WHERE type = 'restored_to_rotation'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lead_id: null, actor: expect.stringMatching(/^operator:/), data: { owner: SOFIA, by: 'Robert Hale', reason: 'coached on answering the accept Task', consecutive: 3, outSince: out[0]!.since } });
    expect((await verifyAudit(e.db)).ok).toBe(true);

    // Twice is a mistake, said as such.
    const again = await e.cli(['rotation', 'restore', SOFIA, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({ error: { code: 'NOT_OUT_OF_ROTATION', message: 'sofia_alvarez is not out of rotation: nothing to restore (`handoff rotation list` shows who is)' } });

    const [g] = await customersOfSofia(6, 1);
    expect(g!.row).toMatchObject({ state: 'routed', owner_id: SOFIA });
    expect(e.sandbox.salesforce.get('Lead', g!.row.salesforce_lead_id!)).toMatchObject({ OwnerId: e.sandbox.roster.byRmId.get(SOFIA)!.userId });
  }, 120_000);
}
