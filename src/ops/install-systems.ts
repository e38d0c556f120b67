/**
 * The two connectors as `handoff install` and `handoff doctor` use them: built from the parsed
 * environment, without the daemon's limiters (a handful of calls, one process, run by hand).
 */
import type { Env } from '../config';
import { HubSpotConnector, hubSpotClient } from '../connectors/hubspot';
import { SalesforceConnector, connectSalesforce } from '../connectors/salesforce';
import type { Clock } from '../domain/clock';
import type { Logger } from '../observability/logger';

export interface Systems {
  hubspot: HubSpotConnector;
  salesforce: SalesforceConnector;
}

export type SystemsEnv = Pick<Env, 'HUBSPOT_ACCESS_TOKEN' | 'HUBSPOT_BASE_URL' | 'SALESFORCE_API_VERSION' | 'SALESFORCE_API_SHARE'> & Pick<Env, 'salesforceAuth'>;

export function hubspotFromEnv(env: SystemsEnv, logger: Logger): HubSpotConnector {
  return new HubSpotConnector({ client: hubSpotClient({ accessToken: env.HUBSPOT_ACCESS_TOKEN ?? '', basePath: env.HUBSPOT_BASE_URL }), logger });
}

/** Connects (the JWT bearer exchange, when that is the flow): an auth failure is thrown here. */
export async function salesforceFromEnv(env: SystemsEnv, clock: Clock, logger: Logger, allowedInstanceOrigins?: string[]): Promise<SalesforceConnector> {
  const session = await connectSalesforce({
    auth: env.salesforceAuth!,
    clock,
    version: env.SALESFORCE_API_VERSION,
    logger,
    ...(allowedInstanceOrigins ? { allowedInstanceOrigins } : {}),
  });
  return new SalesforceConnector({ session, apiShare: env.SALESFORCE_API_SHARE, logger });
}

export async function systemsFromEnv(env: SystemsEnv, clock: Clock, logger: Logger): Promise<Systems> {
  return { hubspot: hubspotFromEnv(env, logger), salesforce: await salesforceFromEnv(env, clock, logger) };
}
