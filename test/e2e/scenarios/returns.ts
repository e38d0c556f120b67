/**
 * What an RM's return leads to, against the sandbox: a return without a reason is not a return
 * (the Lead goes back to Pending and the RM gets a Task to give a reason or accept); a recycled
 * contact that marketing qualifies again inside its cooldown stays recycled, blocked with
 * RECYCLE_COOLDOWN, and is handed off again when the cooldown ends.
 */
import { RETURN_REASONS } from '../../../src/config/schemas/recycle';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { createAndQualify, leadRowOf, pastSearchLag, pastTimer, startE2E, tasksOn, trailOf } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function returns(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());

  /** Hands contact `i` off to an RM; returns the RM's Salesforce User id with the lead. */
  async function handOff(i: number) {
    const [contactId] = createAndQualify(e.sandbox, i, 1) as [string];
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    const row = await leadRowOf(e.db, contactId);
    expect(row).toMatchObject({ state: 'routed', owner_kind: 'rm' });
    const sfId = row.salesforce_lead_id as string;
    return { contactId, row, sfId, ownerUserId: String(e.sandbox.salesforce.get('Lead', sfId)!['OwnerId']) };
  }

  it('a return without a reason sends the Lead back to Pending with a Task for the RM to give one or accept', async () => {
    const { contactId, row, sfId, ownerUserId } = await handOff(0);
    e.clock.advance(5 * 60_000);
    e.sandbox.salesforce.update('Lead', sfId, { Handoff_Status__c: 'Returned' }, ownerUserId);
    e.clock.advance(1_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);

    expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'routed', owner_id: row.owner_id });
    expect(e.sandbox.salesforce.get('Lead', sfId)).toMatchObject({ Handoff_Status__c: 'Pending', OwnerId: ownerUserId });
    expect(tasksOn(e.sandbox, sfId).get('return_reason:1')).toMatchObject({
      OwnerId: ownerUserId,
      Subject: 'Give a Return Reason, or accept the lead',
      Description: `This lead was set to Returned but no Return Reason was given. Choose a Return Reason (${RETURN_REASONS.join(', ')}) and set Returned again, or set Accepted.`,
      Priority: 'High',
    });
    const refused = (await trailOf(e.db, row.id)).find((a) => a.type === 'return_needs_reason')!;
    expect(refused.summary).toBe(`Return refused: no Return Reason was given; sent back to ${e.sandbox.roster.byRmId.get(row.owner_id!)!.rm.name} as a Task`);
    expect(refused.data).toMatchObject({ given: null, statusSetBackTo: 'Pending' });
    // HubSpot never saw a return.
    expect(e.sandbox.hubspot.getContact(contactId)!.properties).toMatchObject({ handoff_status: 'routed' });
  }, 60_000);

  it('a recycled contact qualified again inside its cooldown stays recycled; after the cooldown it is routed again', async () => {
    const { contactId, row, sfId, ownerUserId } = await handOff(1);
    e.clock.advance(5 * 60_000);
    // Bad contact details: recycled for 7 days (recycle.yaml).
    e.sandbox.salesforce.update('Lead', sfId, { Handoff_Status__c: 'Returned', Return_Reason__c: 'Bad_Contact_Info' }, ownerUserId);
    e.clock.advance(1_000);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'recycled', owner_id: null });
    const returnedAt = e.clock.now();

    // Marketing qualifies the contact again two days later, with the phone number it came back for fixed.
    e.clock.advance(2 * 24 * 3600_000);
    e.sandbox.hubspot.updateContact(contactId, { lifecyclestage: 'marketingqualifiedlead', phone: '+12125550177' }, { source: 'WORKFLOWS' });
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    expect(await leadRowOf(e.db, contactId)).toMatchObject({ state: 'recycled', owner_id: null });
    const blocked = (await trailOf(e.db, row.id)).filter((a) => a.type === 'readiness_blocked').at(-1)!;
    expect(blocked).toBeDefined();
    expect((blocked.data.reasons as { code: string }[]).map((r) => r.code)).toEqual(['RECYCLE_COOLDOWN']);
    expect(e.sandbox.salesforce.get('Lead', sfId)).toMatchObject({ Status: 'Closed - Not Converted', OwnerId: ownerUserId });

    // The cooldown ends: readiness again, and the lead is handed off anew, to someone else or not.
    const due = await pastTimer(e, row.id, 'recycle_cooldown');
    expect(due.getTime() - returnedAt.getTime()).toBeGreaterThanOrEqual(7 * 24 * 3600_000 - 60_000);
    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);
    expect(cycle.timers?.cooldowns).toBe(1);
    const again = await leadRowOf(e.db, contactId);
    expect(again).toMatchObject({ state: 'routed', attempt: 1, salesforce_lead_id: sfId });
    const trail = (await trailOf(e.db, row.id)).map((a) => a.type);
    expect(trail.slice(trail.lastIndexOf('recycled'))).toEqual(['recycled', 'readiness_blocked', 'readiness_passed', 'routed']);
    expect(e.sandbox.salesforce.get('Lead', sfId)).toMatchObject({ Handoff_Status__c: 'Pending', Status: 'Open - Not Contacted' });
    expect(e.sandbox.hubspot.getContact(contactId)!.properties).toMatchObject({ handoff_status: 'routed', lifecyclestage: 'marketingqualifiedlead' });
  }, 60_000);
}
