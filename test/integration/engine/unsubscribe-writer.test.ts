/**
 * The pipeline's writer for email unsubscribes (engine/pipeline/consent-delivery.ts) against the
 * emulator: every subscription type by default, only fields.yaml's unsubscribe_from when set, a
 * listed type the portal lacks failing the item after the others are done, and a failed call
 * failing its items with the failure's kind (the dispatcher retries or parks them).
 */
import { writeUnsubscribes } from '../../../src/engine/pipeline/consent-delivery';
import { DEFAULT_SUBSCRIPTION_TYPES } from '../../../src/sandbox/hubspot/preferences/store';
import type { HubSpotHarness } from '../connectors/hubspot-harness';
import { startHubSpot } from '../connectors/hubspot-harness';

const TYPES = DEFAULT_SUBSCRIPTION_TYPES.map((t) => t.id);
const item = (n: number, email: string) => ({ rowIds: [n], recordKey: String(100 + n), payload: { email, field: 'email_opt_out' } });

let h: HubSpotHarness;
beforeEach(async () => {
  h = await startHubSpot({ searchLagMs: 0 });
});
afterEach(() => h.close());

const status = (email: string) => TYPES.map((t) => h.emu.preferences.statusOf(email, t));

it('unsubscribes each email from every type, and says what it did for the audit trail', async () => {
  h.emu.preferences.unsubscribe({ emailAddress: 'b@mail.example.com', subscriptionId: TYPES[0] });
  const r = await writeUnsubscribes(h.hs, [item(1, 'a@mail.example.com'), item(2, 'b@mail.example.com')], 'critical', undefined);
  expect(r).toEqual([
    { ok: true, detail: { unsubscribed: TYPES, already: [] } },
    { ok: true, detail: { unsubscribed: TYPES.slice(1), already: [TYPES[0]] } },
  ]);
  expect([...status('a@mail.example.com'), ...status('b@mail.example.com')].every((s) => s === 'NOT_SUBSCRIBED')).toBe(true);
});

it('with unsubscribe_from, only the listed types; one the portal lacks fails the item once the others are done', async () => {
  expect(await writeUnsubscribes(h.hs, [item(1, 'a@mail.example.com')], 'critical', [TYPES[2]!])).toEqual([{ ok: true, detail: { unsubscribed: [TYPES[2]], already: [] } }]);
  expect(status('a@mail.example.com')).toEqual(['SUBSCRIBED', 'SUBSCRIBED', 'NOT_SUBSCRIBED']);
  expect(await writeUnsubscribes(h.hs, [item(2, 'c@mail.example.com')], 'critical', [TYPES[0]!, '999'])).toEqual([
    { ok: false, failure: { kind: 'permanent', code: 'UNKNOWN_SUBSCRIPTION_TYPE', message: 'fields.yaml unsubscribe_from names subscription types HubSpot does not have: 999' } },
  ]);
  expect(status('c@mail.example.com')).toEqual(['NOT_SUBSCRIBED', 'SUBSCRIBED', 'SUBSCRIBED']);
});

it('a failed call fails its items with the failure’s kind, and no email in the message', async () => {
  h.emu.intercept((_req, res, key) => {
    if (key !== 'POST /communication-preferences/v3/unsubscribe') return false;
    res.status(503).json({ status: 'error', message: 'Service Unavailable', correlationId: 'x', category: 'SERVICE_UNAVAILABLE' });
    return true;
  });
  const [r] = await writeUnsubscribes(h.hs, [item(1, 'jane@mail.example.com')], 'critical', undefined);
  expect(r).toMatchObject({ ok: false, failure: { kind: 'retryable', code: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable' } });
  expect(JSON.stringify(r)).not.toContain('jane');
});
