/**
 * Both systems echo the value they refused in their error messages ("Referral source: data value
 * too large: partner:keystone_realty (max length=16)", HubSpot's "Tomas Rivera was not a valid
 * number."). A record refused for good lands in the dead-letter queue with its error code, the
 * field at fault and the wording, and the value appears nowhere: not in outbox.last_error, not in
 * the DLQ listing (what `handoff dlq list --json` prints), not in any log line.
 */
import { PassThrough } from 'node:stream';
import { listDead } from '../../src/engine/dlq';
import { createLogger } from '../../src/observability/logger';
import { MAPPED_LEAD_FIELDS } from '../../src/sandbox/salesforce/schema/custom';
import type { E2E } from './support';
import { leadsByContact, pastSearchLag, readyContact, startE2E } from './support';

describe('values in API error messages', () => {
  // An org whose Referral Source field is shorter than the mappings expect, and a portal whose
  // "Handoff owner" property was made a number: both refuse what Handoff writes, quoting it.
  const shortField = MAPPED_LEAD_FIELDS.map((f) => (f.name === 'Referral_Source__c' ? { ...f, length: 16 } : f));
  const REFERRAL = 'partner:keystone_realty';
  let e: E2E;
  let logs = '';
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
    e = await startE2E({
      sandbox: {
        salesforce: { mappedFields: shortField },
        hubspot: { extraProperties: [{ name: 'handoff_owner', label: 'Handoff owner', type: 'number', fieldType: 'number' }] },
      },
      daemon: { logger: createLogger({ level: 'debug', format: 'json', stream }) },
    });
  });
  afterAll(async () => e?.close());

  it('keeps code, fields and wording of a refusal, and the refused value nowhere', async () => {
    const hs = e.sandbox.hubspot;
    const good = hs.createContact(readyContact(1, { lifecyclestage: 'marketingqualifiedlead' })).id;
    const poison = hs.createContact(readyContact(2, { lifecyclestage: 'marketingqualifiedlead', lead_kind: 'referral', referral_source: REFERRAL })).id;
    for (let i = 0; i < 3; i++) {
      pastSearchLag(e.clock);
      await e.daemon.syncOnce();
    }
    // The good contact's Lead was made; its status write to HubSpot was refused for the owner's name.
    const lead = leadsByContact(e.sandbox).get(good)?.[0];
    expect(lead).toBeDefined();
    const { rows: owners } = await e.db.query<{ owner_id: string }>(`SELECT owner_id FROM leads WHERE hubspot_contact_id = $1`, [good]);
    const ownerName = e.sandbox.roster.users.find((u) => u.rm.id === owners[0]?.owner_id)?.rm.name;
    expect(ownerName).toEqual(expect.any(String));

    const dead = await listDead(e.db);
    expect(dead).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ class: 'salesforce:STRING_TOO_LONG', examples: [poison], lastError: 'Referral source: data value too large (max length=16) [Referral_Source__c]' }),
        expect.objectContaining({ class: 'hubspot:VALIDATION_ERROR', examples: [good], lastError: expect.stringContaining('handoff_owner INVALID_') }),
      ]),
    );
    const { rows } = await e.db.query<{ last_error: string | null }>(`SELECT last_error FROM outbox WHERE last_error IS NOT NULL`);
    expect(rows.length).toBeGreaterThanOrEqual(2);

    // The refused values, and the pieces of them a partial echo would keep.
    const values = [REFERRAL, 'keystone', ownerName!, ...ownerName!.split(' ')];
    const places = { lastErrors: rows.map((r) => r.last_error).join('\n'), dlqList: JSON.stringify(dead), logs };
    expect(logs).toContain('outbox write dead');
    for (const [where, text] of Object.entries(places)) {
      for (const v of values) expect({ where, value: v, found: text.includes(v) }).toEqual({ where, value: v, found: false });
    }
  });
});
