/**
 * A lead blocked for missing data is handed off as soon as marketing supplies it: the contact
 * change that adds the ZIP is decided on the new values, not on those the lead was blocked with.
 */
import type { E2E } from './support';
import { leadsByContact, pastSearchLag, readyContact, startE2E } from './support';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

const trail = async (contactId: string): Promise<string[]> =>
  (await e.db.query<{ type: string }>('SELECT a.type FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 ORDER BY a.seq', [contactId])).rows.map((r) => r.type);

it('routes a blocked lead once the missing field arrives, in the next cycle', async () => {
  const { id } = e.sandbox.hubspot.createContact(readyContact(1, { zip: '', lifecyclestage: 'marketingqualifiedlead' }), { source: 'FORM' });
  pastSearchLag(e.clock);
  await e.daemon.syncOnce();
  expect(await trail(id)).toEqual(['readiness_blocked']);
  expect(e.sandbox.hubspot.getContact(id)!.properties.handoff_blocked_reasons).toContain('MISSING_FIELD:zip');

  e.clock.advance(60_000);
  e.sandbox.hubspot.updateContact(id, { zip: '60601' }, { source: 'CRM_UI' });
  pastSearchLag(e.clock);
  const cycle = await e.daemon.syncOnce();
  expect(cycle.errors).toEqual([]);
  expect(await trail(id)).toEqual(['readiness_blocked', 'readiness_passed', 'routed']);
  expect(leadsByContact(e.sandbox).get(id)).toHaveLength(1);
});
