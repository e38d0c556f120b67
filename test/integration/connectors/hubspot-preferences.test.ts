/**
 * Email unsubscribes over the real SDK against the emulator's Communication Preferences v3: the
 * subscription types, an email's statuses, and unsubscribing from each type it is still in, once
 * (an already-unsubscribed type is no call and no failure). Failures carry no email address.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../src/connectors/api-failure';
import { LaneLimiter } from '../../../src/connectors/lane-limiter';
import { DEFAULT_SUBSCRIPTION_TYPES } from '../../../src/sandbox/hubspot/preferences/store';
import type { HubSpotHarness } from './hubspot-harness';
import { startHubSpot } from './hubspot-harness';

const EMAIL = 'jane.roe@mail.example.com';
const ALL = DEFAULT_SUBSCRIPTION_TYPES.map((t) => t.id);

let h: HubSpotHarness;
beforeEach(async () => {
  h = await startHubSpot({ searchLagMs: 0 });
});
afterEach(() => h.close());

const posts = (): Record<string, number> => Object.fromEntries(Object.entries(h.emu.callCounts().byRouteStatus).filter(([k]) => k.startsWith('POST /communication-preferences')));

it('lists the subscription types and an email’s status in each', async () => {
  expect((await h.hs.subscriptionTypes()).map((t) => [t.id, t.name, t.isActive])).toEqual(DEFAULT_SUBSCRIPTION_TYPES.map((t) => [t.id, t.name, true]));
  expect((await h.hs.emailSubscriptionStatuses(EMAIL)).map((s) => [s.id, s.status])).toEqual(ALL.map((id) => [id, 'SUBSCRIBED']));
});

it('unsubscribes from each type the email is still in, then does nothing the second time', async () => {
  h.emu.preferences.unsubscribe({ emailAddress: EMAIL, subscriptionId: ALL[1] });
  expect(await h.hs.unsubscribeEmail(EMAIL, ALL)).toEqual({ unsubscribed: [ALL[0], ALL[2]], already: [ALL[1]] });
  expect(ALL.map((id) => h.emu.preferences.statusOf(EMAIL, id))).toEqual(['NOT_SUBSCRIBED', 'NOT_SUBSCRIBED', 'NOT_SUBSCRIBED']);
  expect(posts()).toEqual({ 'POST /communication-preferences/v3/unsubscribe 200': 2 });

  expect(await h.hs.unsubscribeEmail(EMAIL, ALL)).toEqual({ unsubscribed: [], already: ALL });
  expect(posts()).toEqual({ 'POST /communication-preferences/v3/unsubscribe 200': 2 });
  // Only the types asked for, and hs_email_optout is HubSpot's own to set.
  expect(await h.hs.unsubscribeEmail('other@mail.example.com', [ALL[2]!])).toEqual({ unsubscribed: [ALL[2]], already: [] });
  expect(h.emu.preferences.statusOf('other@mail.example.com', ALL[0]!)).toBe('SUBSCRIBED');
});

it('takes HubSpot’s "already unsubscribed" 400 after its read as done (another writer got there first)', async () => {
  // The status read says SUBSCRIBED; the type is left between that read and the unsubscribe.
  h.emu.intercept((req, _res, key) => {
    if (key === 'POST /communication-preferences/v3/unsubscribe') h.emu.preferences.unsubscribe({ emailAddress: EMAIL, subscriptionId: (req.body as { subscriptionId: string }).subscriptionId });
    return false;
  });
  expect(await h.hs.unsubscribeEmail(EMAIL, [ALL[0]!])).toEqual({ unsubscribed: [], already: [ALL[0]] });
  expect(posts()).toEqual({ 'POST /communication-preferences/v3/unsubscribe 400': 1 });
});

it('a refused unsubscribe is a permanent failure whose message does not quote the email', async () => {
  const err = await h.hs.unsubscribeEmail(EMAIL, ['999']).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  const f = (err as ApiError).failure;
  expect(f).toMatchObject({ kind: 'permanent', status: 400, code: 'VALIDATION_ERROR', endpoint: 'POST /communication-preferences/v3/unsubscribe' });
  expect(JSON.stringify(f)).not.toContain('jane');
  expect((err as Error).message).not.toContain('jane');
});

it('goes through the HubSpot limiter, on the lane asked for', async () => {
  const seen: string[] = [];
  const general = new LaneLimiter({ system: 'hubspot', id: `t-${randomUUID()}`, window: { max: 50, windowMs: 10_000 }, bulkShare: 0.5 });
  const search = new LaneLimiter({ system: 'hubspot', id: `t-${randomUUID()}`, window: { max: 4, windowMs: 1_000 }, bulkShare: 0.5 });
  const schedule = general.schedule.bind(general);
  general.schedule = (lane, endpoint, fn) => {
    seen.push(`${lane} ${endpoint}`);
    return schedule(lane, endpoint, fn);
  };
  try {
    await h.connector({ limiters: { general, search } }).unsubscribeEmail(EMAIL, [ALL[0]!], { lane: 'bulk' });
    expect(seen).toEqual(['bulk GET /communication-preferences/v3/status/email/{emailAddress}', 'bulk POST /communication-preferences/v3/unsubscribe']);
  } finally {
    await Promise.all([general.close(), search.close()]);
  }
});
