/** HubSpot webhooks on PGlite: the scenarios are in ./scenarios/webhooks.ts, shared with ./postgres/webhooks.test.ts. */
import { webhookDeliveries } from './scenarios/webhooks';

describe('HubSpot webhooks (PGlite)', () => {
  webhookDeliveries('pglite');
});
