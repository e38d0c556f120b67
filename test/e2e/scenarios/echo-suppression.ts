/**
 * Echo suppression against the write ledger, end to end. A value Handoff copied from one system
 * to the other, set again later for real, still reaches the other system: the ledger entry of
 * the first write was closed when that write was confirmed, so it cannot swallow the later
 * change. A write whose answer was lost keeps its entry until its echo is read, and that echo is
 * no change; a read equal to what Handoff last saw still consumes the entry of that value. Either
 * way no live entry is left behind, and a quiet cycle makes no write call.
 */
import type { Request } from 'express';
import { recordWrites } from '../../../src/engine/ledger';
import { resetConnection } from '../../../src/sandbox/faults/transport';
import type { Backend } from '../../support/db';
import type { E2E } from '../support';
import { callSplit, createAndQualify, leadsByContact, pastSearchLag, startE2E } from '../support';

const CONTACT_UPDATE = 'POST /crm/v3/objects/contacts/batch/update';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function echoSuppression(backend: Backend): void {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend });
  });
  afterAll(async () => e?.close());

  async function cycle(): Promise<void> {
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
  }

  /** Fields of a record with a ledger entry still waiting for its echo. */
  async function liveEntries(system: 'hubspot' | 'salesforce', recordId: string): Promise<string[]> {
    const { rows } = await e.db.query<{ field: string }>(
      'SELECT field FROM write_ledger WHERE system = $1 AND record_id = $2 AND consumed_at IS NULL AND expires_at > $3 ORDER BY id',
      [system, recordId, e.clock.now().toISOString()],
    );
    return rows.map((r) => r.field);
  }

  /** A routed lead: its contact id, Salesforce Lead id, and an RM who edits it. */
  async function routedLead(i: number): Promise<{ contactId: string; leadId: string; rmUserId: string }> {
    const [contactId] = createAndQualify(e.sandbox, i, 1) as [string];
    await cycle();
    const lead = leadsByContact(e.sandbox).get(contactId)![0]!;
    return { contactId, leadId: String(lead['Id']), rmUserId: e.sandbox.roster.users[0]!.userId };
  }

  async function quietCycle(): Promise<void> {
    pastSearchLag(e.clock);
    e.sandbox.resetCounts();
    const quiet = await e.daemon.syncOnce();
    expect(quiet.errors).toEqual([]);
    const calls = callSplit(e.sandbox);
    expect({ hubspot: calls.hubspot.writes, salesforce: calls.salesforce.writes }).toEqual({ hubspot: 0, salesforce: 0 });
  }

  it('carries a first name set back to a value Handoff once copied: the old write does not swallow it', async () => {
    const { contactId, leadId, rmUserId } = await routedLead(0);
    const contact = () => e.sandbox.hubspot.getContact(contactId)!.properties;
    const sfLead = () => e.sandbox.salesforce.get('Lead', leadId)!;

    // An RM corrects the first name in Salesforce; Handoff copies it to HubSpot.
    e.sandbox.salesforce.update('Lead', leadId, { FirstName: 'Robert' }, rmUserId);
    await cycle();
    expect(contact().firstname).toBe('Robert');
    // The write landed and was confirmed: no entry is left waiting for its echo.
    expect(await liveEntries('hubspot', contactId)).toEqual([]);

    // Three cycles read the echo back and find no change.
    for (let i = 0; i < 3; i++) await cycle();

    // A marketer sets Bob, then Robert again: both are real, and both reach Salesforce.
    e.sandbox.hubspot.updateContact(contactId, { firstname: 'Bob' });
    await cycle();
    expect(sfLead()['FirstName']).toBe('Bob');
    e.sandbox.hubspot.updateContact(contactId, { firstname: 'Robert' });
    await cycle();
    expect({ hubspot: contact().firstname, salesforce: sfLead()['FirstName'] }).toEqual({ hubspot: 'Robert', salesforce: 'Robert' });
    expect(await liveEntries('salesforce', leadId)).toEqual([]);
    expect(await liveEntries('hubspot', contactId)).toEqual([]);

    await quietCycle();
  }, 60_000);

  it('lets the echo of a write whose answer was lost suppress itself once, and leaves no live entry', async () => {
    const { contactId, leadId, rmUserId } = await routedLead(1);
    const contact = () => e.sandbox.hubspot.getContact(contactId)!.properties;

    // HubSpot applies the contact writes but the connection drops before it answers.
    const stop = e.sandbox.hubspot.intercept((req: Request, res, key) => {
      if (key === CONTACT_UPDATE) (res as unknown as { end: () => void }).end = () => resetConnection(req);
      return false;
    });
    e.sandbox.salesforce.update('Lead', leadId, { FirstName: 'Roberta' }, rmUserId);
    try {
      await cycle();
    } finally {
      stop();
    }
    expect(contact().firstname).toBe('Roberta');
    // Unconfirmed: the entry waits for the echo.
    expect(await liveEntries('hubspot', contactId)).toEqual(['firstname']);

    // The next poll reads the echo before the retry goes out: it consumes the entry and is no change.
    await cycle();
    const { rows } = await e.db.query<{ outcome: string }>(
      `SELECT outcome FROM inbox WHERE source = 'hubspot' AND kind = 'contact' AND source_id LIKE $1 ORDER BY id DESC LIMIT 1`,
      [`${contactId}@%`],
    );
    expect(rows).toEqual([{ outcome: 'ignored' }]);
    const consumed = await e.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM write_ledger WHERE system = 'hubspot' AND record_id = $1 AND field = 'firstname' AND consumed_at IS NOT NULL`,
      [contactId],
    );
    expect(consumed.rows).toEqual([{ n: 1 }]);
    expect(await liveEntries('hubspot', contactId)).toEqual([]);
    expect(e.sandbox.salesforce.get('Lead', leadId)!['FirstName']).toBe('Roberta');

    await quietCycle();
  }, 60_000);

  it('has a read equal to what Handoff last saw consume a live entry of that value, so a later change back is real', async () => {
    const { contactId, leadId } = await routedLead(2);
    const contact = () => e.sandbox.hubspot.getContact(contactId)!.properties;
    const first = contact().firstname!;
    // A write of the value the contact already shows, its answer lost: its echo equals `raw`.
    await recordWrites(e.db, e.clock, [{ system: 'hubspot', recordId: contactId, field: 'firstname', value: first }]);

    // Someone changes a property Handoff does not track; the poll reads the contact again.
    e.sandbox.hubspot.updateContact(contactId, { hs_persona: 'persona_1' });
    await cycle();
    expect(await liveEntries('hubspot', contactId)).toEqual([]);

    e.sandbox.hubspot.updateContact(contactId, { firstname: 'Bob' });
    await cycle();
    e.sandbox.hubspot.updateContact(contactId, { firstname: first });
    await cycle();
    expect(e.sandbox.salesforce.get('Lead', leadId)!['FirstName']).toBe(first);
  }, 60_000);
}
