/** HubSpot webhooks on PostgreSQL, in a schema of its own: the scenarios of ../webhooks.test.ts. */
import { describeIfPg } from '../../support/db';
import { webhookDeliveries } from '../scenarios/webhooks';

describeIfPg('HubSpot webhooks (PostgreSQL)', () => {
  webhookDeliveries('pg');
});
