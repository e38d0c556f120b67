/**
 * Priority lanes, end to end: a fresh handoff (the Lead, then what waited for it to land: the
 * owner's Task and the contact's status with the Lead id) goes on the critical lane; a field an RM
 * corrects in Salesforce goes to HubSpot on the bulk lane. Asserted on the rows as dispatched.
 */
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function priorityLanes(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());

  const sent = async (contactId: string, afterId = 0) =>
    (
      await e.db.query<{ id: number; object: string; lane: string; status: string; payload: Record<string, unknown> }>(
        `SELECT o.id, o.object, o.lane, o.status, o.payload FROM outbox o JOIN leads l ON l.id = o.lead_id WHERE l.hubspot_contact_id = $1 AND o.id > $2 ORDER BY o.id`,
        [contactId, afterId],
      )
    ).rows;

  it('sends a fresh MQL handoff on the critical lane, and an RM’s phone correction to HubSpot on the bulk lane', async () => {
    const [contactId] = createAndQualify(e.sandbox, 0, 1) as [string];
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);

    const handoff = await sent(contactId);
    expect(handoff.map((r) => [r.object, r.lane, r.status])).toEqual([
      ['Lead', 'critical', 'done'],
      ['Task', 'critical', 'done'],
      ['contacts', 'critical', 'done'],
    ]);
    const lead = leadsByContact(e.sandbox).get(contactId)![0]!;
    expect(e.sandbox.hubspot.getContact(contactId)!.properties.salesforce_lead_id).toBe(lead['Id']);

    // The RM corrects the number after a call: a field refresh, not handoff work.
    e.clock.advance(5 * 60_000);
    e.sandbox.salesforce.update('Lead', String(lead['Id']), { Phone: '+12125550199' }, String(lead['OwnerId']));
    e.clock.advance(1_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    const refresh = await sent(contactId, handoff[handoff.length - 1]!.id);
    expect(refresh.map((r) => [r.object, r.lane, r.status, r.payload])).toEqual([['contacts', 'bulk', 'done', { phone: '+12125550199' }]]);
    expect(e.sandbox.hubspot.getContact(contactId)!.properties.phone).toBe('+12125550199');
  });
}
