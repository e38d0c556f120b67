/** Salesforce connector: connecting (JWT bearer or token), the connector, and the types callers use. */
export { connectSalesforce, DEFAULT_API_VERSION } from './connect';
export type { ConnectSalesforceOptions, SalesforceSession } from './connect';
export { SalesforceConnector, SALESFORCE_BATCH_MAX } from './connector';
export type { CallOpts, ChangedPage, SalesforceConnectorOptions } from './connector';
export type { ApiUsage } from './calls';
export type { ModstampCursor } from './soql';
export { changedSinceQuery, parseSalesforceDatetime, salesforceTime, soqlString } from './soql';
export type { ContactByEmail } from './contacts';
export { contactsByEmailQueries, emailKey, EMAILS_PER_QUERY, MAX_ENCODED_QUERY } from './contacts';
export type { ChangedRow, SObjectDescribe, SfRow } from './schemas';
export { isAllowedInstanceUrl } from './instance-url';
export { signJwtAssertion } from './jwt';
export { classifySalesforceError } from './errors';
export { toolingCustomField } from './custom-field';
