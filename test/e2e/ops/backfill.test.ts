/**
 * `handoff backfill` against the in-process sandbox on PGlite: a portal and an org as they were
 * before Handoff (Leads made by an older integration, linked by External ID; Leads made by hand,
 * matching only by email; qualified contacts never handed off; contacts not qualified). The first
 * run is interrupted after one page, the second resumes from the cursor, a third finds nothing to
 * do: every contact is loaded once, the owned Leads are recorded as they stand with no decision,
 * and the qualified ones go through readiness and routing, their writes on the bulk lane (and the
 * Tasks and contact links their Leads' landing releases too).
 */
import type { SfRecord } from '../../../src/sandbox/salesforce/store';
import { runBackfill } from '../../../src/ops/backfill';
import { startE2E } from '../support';
import type { E2E } from '../support';
import { contact } from './support';

let e: E2E | undefined;
afterAll(async () => e?.close());

const EXT = 'HubSpot_Contact_Id__c';

function leadFor(e: E2E, c: Record<string, string>, fields: Record<string, unknown>, ownerId: string): SfRecord {
  return e.sandbox.salesforce.insert('Lead', { FirstName: c.firstname, LastName: c.lastname, Company: `${c.lastname} Household`, Email: c.email, Status: 'Open - Not Contacted', OwnerId: ownerId, ...fields }, ownerId);
}

describe('handoff backfill', () => {
  it('loads every existing contact once, across an interruption, recording owned Leads as they stand', async () => {
    e = await startE2E();
    const { hubspot, salesforce, roster } = e.sandbox;
    const rm = roster.users.find((u) => u.rm.role === 'banker')!;
    const sql = (q: string, p: unknown[] = []) => e!.db.query<Record<string, unknown>>(q, p);

    // Leads an older integration made (External ID set), in four states.
    const byExt = [0, 1, 2, 3].map((i) => hubspot.createContact(contact(i, { lifecyclestage: 'salesqualifiedlead' }), { source: 'IMPORT' }));
    const extLeads = byExt.map((c, i) =>
      leadFor(e!, c.properties as Record<string, string>, { [EXT]: c.id, ...[{ Handoff_Status__c: 'Accepted' }, { Status: 'Working - Contacted' }, {}, {}][i] }, rm.userId),
    );
    salesforce.convertLead(String(extLeads[3]!.Id), rm.userId, { amount: 250_000, stageName: 'Approved' });
    // Leads a banker typed in by hand: they match only by email.
    const byEmail = [4, 5].map((i) => hubspot.createContact(contact(i, { lifecyclestage: 'salesqualifiedlead' }), { source: 'IMPORT' }));
    const emailLeads = byEmail.map((c) => leadFor(e!, c.properties as Record<string, string>, { Handoff_Status__c: 'Accepted' }, rm.userId));
    // Qualified by marketing, never handed off; and contacts marketing has not qualified.
    const qualified = [6, 7, 8, 9, 10].map((i) => hubspot.createContact(contact(i, { lifecyclestage: 'marketingqualifiedlead' }), { source: 'FORM' }));
    const unqualified = [11, 12].map((i) => hubspot.createContact(contact(i, { lifecyclestage: 'subscriber' }), { source: 'FORM' }));
    e.clock.advance(60_000);
    const before = new Map(salesforce.records('Lead').map((l) => [String(l.Id), { ...l }]));

    // First run: stopped after the first page of five.
    const stop = new AbortController();
    const first = await runBackfill({ ctx: e.daemon.pipeline.ctx, batch: 5, signal: stop.signal, onPage: () => stop.abort() });
    expect(first).toMatchObject({ complete: false, pages: 1, walked: 5, total: 13, contacts: 5 });
    // Second run: goes on from the cursor to the end.
    const second = await runBackfill({ ctx: e.daemon.pipeline.ctx, batch: 5 });
    expect(second).toMatchObject({ complete: true, resumed: true, pages: 2, walked: 13, contacts: 8, alreadyKnown: 0 });
    // Third run: nothing left.
    const third = await runBackfill({ ctx: e.daemon.pipeline.ctx, batch: 5 });
    expect(third).toMatchObject({ complete: true, resumed: false, pages: 0, contacts: 0 });

    // Every record loaded once: one lead per contact that is Handoff's, none for the others.
    const all = [first, second];
    const sum = (f: (r: typeof second) => number) => all.reduce((a, r) => a + f(r), 0);
    expect(sum((r) => r.linkedByExternalId)).toBe(4);
    expect(sum((r) => r.linkedByEmail)).toBe(2);
    expect(sum((r) => r.notQualified)).toBe(2);
    expect(sum((r) => Object.values(r.handedToPipeline).reduce((a, b) => a + b, 0))).toBe(5);
    const { rows: leads } = await sql('SELECT hubspot_contact_id, salesforce_lead_id, state, owner_id FROM leads ORDER BY hubspot_contact_id');
    const loaded = [...byExt, ...byEmail, ...qualified].map((c) => c.id).sort();
    expect(leads.map((l) => l.hubspot_contact_id)).toEqual(loaded);
    expect(unqualified.some((c) => leads.some((l) => l.hubspot_contact_id === c.id))).toBe(false);
    const { rows: audits } = await sql(`SELECT lead_id, count(*)::int AS n FROM audit_events WHERE type = 'backfilled' GROUP BY lead_id`);
    expect(audits).toHaveLength(6);
    expect(audits.every((a) => a.n === 1)).toBe(true);

    // Owned Leads: recorded as they stand, owner kept, no decision, nothing written to them.
    const state = (id: string) => leads.find((l) => l.hubspot_contact_id === id);
    expect([...byExt, ...byEmail].map((c) => [state(c.id)?.state, state(c.id)?.owner_id])).toEqual([
      ['accepted', rm.rm.id],
      ['contacted', rm.rm.id],
      ['routed', rm.rm.id],
      ['approved', rm.rm.id],
      ['accepted', rm.rm.id],
      ['accepted', rm.rm.id],
    ]);
    const owned = leads.filter((l) => [...byExt, ...byEmail].some((c) => c.id === l.hubspot_contact_id)).map((l) => l.salesforce_lead_id);
    const { rows: decided } = await sql(`SELECT count(*)::int AS n FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.salesforce_lead_id = ANY($1::text[]) AND a.type <> 'backfilled'`, [owned]);
    expect(decided[0]!.n).toBe(0);
    // The one owned and not answered (routed) is an open handoff: its SLA timers count from the
    // backfill, on the owner's calendar, never from when the Lead was made; the answered ones get none.
    const backfillAt = e.clock.now();
    const { rows: timers } = await sql(
      `SELECT l.hubspot_contact_id AS contact, t.kind, t.due_at, t.payload FROM timers t JOIN leads l ON l.id = t.lead_id WHERE t.status = 'pending' AND l.salesforce_lead_id = ANY($1::text[]) ORDER BY t.due_at`,
      [owned],
    );
    expect(new Set(timers.map((t) => t.contact))).toEqual(new Set([byExt[2]!.id]));
    expect(timers.map((t) => t.kind).sort()).toEqual(['sla_accept_breach', 'sla_accept_warning', 'sla_appointment_breach', 'sla_appointment_warning', 'sla_first_touch_breach', 'sla_first_touch_warning']);
    expect(timers.every((t) => new Date(t.due_at as string).getTime() > backfillAt.getTime())).toBe(true);
    expect(timers.every((t) => (t.payload as { attempt: number; ownerId: string }).attempt === 1 && (t.payload as { ownerId: string }).ownerId === rm.rm.id)).toBe(true);
    const acceptBreach = timers.find((t) => t.kind === 'sla_accept_breach')!;
    const { rows: routedRow } = await sql(`SELECT l.data, a.summary FROM leads l JOIN audit_events a ON a.lead_id = l.id WHERE l.hubspot_contact_id = $1`, [byExt[2]!.id]);
    expect((routedRow[0]!.data as { gov: { timestamps: { acceptBy: string } } }).gov.timestamps.acceptBy).toBe(new Date(acceptBreach.due_at as string).toISOString());
    expect(routedRow[0]!.summary).toMatch(/recorded as routed .*; accept by .* \(\w+ policy, counted from the backfill on /);
    // The hand-made Leads now carry the External ID, so the pipeline's upserts find them; the contacts carry the Lead id.
    emailLeads.forEach((l, i) => expect(salesforce.get('Lead', String(l.Id))?.[EXT]).toBe(byEmail[i]!.id));
    for (const c of [...byExt.slice(0, 3), ...byEmail]) expect(hubspot.getContact(c.id)?.properties.salesforce_lead_id).toBe(state(c.id)?.salesforce_lead_id);

    // Qualified contacts went through readiness and routing; their writes wait on the bulk lane.
    const { rows: lanes } = await sql(`SELECT DISTINCT o.lane FROM outbox o JOIN leads l ON l.id = o.lead_id WHERE l.hubspot_contact_id = ANY($1::text[])`, [qualified.map((c) => c.id)]);
    expect(lanes).toEqual([{ lane: 'bulk' }]);

    // A cycle of the daemon then hands them off: one Lead per contact, the owned Leads untouched.
    await e.daemon.syncOnce();
    const byContact = new Map<string, number>();
    for (const l of salesforce.records('Lead')) byContact.set(String(l[EXT] ?? ''), (byContact.get(String(l[EXT] ?? '')) ?? 0) + 1);
    for (const c of [...byExt, ...byEmail, ...qualified]) expect({ c: c.id, n: byContact.get(c.id) }).toEqual({ c: c.id, n: 1 });
    for (const [id, was] of before) expect({ id, owner: salesforce.get('Lead', id)?.OwnerId }).toEqual({ id, owner: was.OwnerId });
    // What their Leads' landing released, the owners' Tasks and the contacts' Lead links, went on the bulk lane too.
    const { rows: dispatched } = await sql(
      `SELECT o.object, o.lane, o.status, count(*)::int AS n FROM outbox o JOIN leads l ON l.id = o.lead_id WHERE l.hubspot_contact_id = ANY($1::text[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [qualified.map((c) => c.id)],
    );
    expect(dispatched).toEqual([
      { object: 'Lead', lane: 'bulk', status: 'done', n: 5 },
      { object: 'Task', lane: 'bulk', status: 'done', n: 5 },
      { object: 'contacts', lane: 'bulk', status: 'done', n: 5 },
    ]);
    // No breach on day one: the routed Lead is still its owner's after the cycle's timer sweep.
    const { rows: after } = await sql(`SELECT state, owner_id FROM leads WHERE hubspot_contact_id = $1`, [byExt[2]!.id]);
    expect(after).toEqual([{ state: 'routed', owner_id: rm.rm.id }]);
  }, 120_000);
});
