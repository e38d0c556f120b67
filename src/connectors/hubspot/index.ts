/** HubSpot connector: one SDK Client per portal, the connector, and the types callers use. */
export { hubSpotClient } from './client';
export type { HubSpotClientOptions } from './client';
export { HubSpotConnector, HUBSPOT_BATCH_MAX } from './connector';
export type { CallOpts, HubSpotConnectorOptions, UpdateInput, UpsertByEmailInput, WindowPage, WindowQuery } from './connector';
export type { ContactRecord } from './contact-record';
export { changeKey } from './contact-record';
export type { EnsuredProperty, HubSpotProperty, PropertySpec } from './admin';
export type { HubSpotLimiters } from './calls';
export { NOT_SUBSCRIBED } from './communication-preferences';
export type { EmailSubscriptionStatus, SubscriptionType, UnsubscribeResult } from './communication-preferences';
export { classifyHubSpotError } from './errors';
