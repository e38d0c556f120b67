/**
 * When the email opt-out is to be sent to HubSpot as an unsubscribe: once per revocation settled
 * while HubSpot does not show it, never again once delivered, and forgotten when a re-consent
 * lifts it (so a later revocation goes out again). Only the hs_email_optout opt-out takes this way.
 */
import { subscriptionDeliveryDue } from '../../../../src/domain/sync';
import type { SubscriptionDelivery } from '../../../../src/domain/sync';
import { field } from './support';

const optOut = field('email_opt_out');
const delivered: SubscriptionDelivery = { at: '2025-03-04T15:00:00.000Z', unsubscribed: ['7736001'], already: [] };

describe('subscriptionDeliveryDue', () => {
  it.each([
    ['revoked, HubSpot shows no opt-out, not delivered', 'deliver', true, 'false', undefined],
    ['revoked, HubSpot shows nothing at all', 'deliver', true, null, undefined],
    ['revoked and delivered, hs_email_optout still false', 'none', true, 'false', delivered],
    ['revoked, HubSpot already shows the opt-out', 'none', true, 'true', undefined],
    ['not revoked', 'none', false, 'false', undefined],
    ['no settled value yet', 'none', undefined, null, undefined],
    ['lifted by a re-consent after a delivery', 'forget', false, 'false', delivered],
  ] as const)('%s: %s', (_what, due, value, hubspot, had) => {
    expect(subscriptionDeliveryDue(optOut, value === undefined ? undefined : { value }, hubspot, had)).toBe(due);
  });

  it('is never due for a flag HubSpot takes as a property write', () => {
    expect(subscriptionDeliveryDue(field('do_not_call'), { value: true }, 'false', undefined)).toBe('none');
    expect(subscriptionDeliveryDue({ ...optOut, consent: 'opt_in' }, { value: true }, 'false', undefined)).toBe('none');
  });
});
