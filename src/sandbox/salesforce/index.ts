/** The Salesforce REST emulator of Handoff's sandbox. */
export { createSalesforceEmulator } from './emulator';
export type { SalesforceEmulator, SalesforceEmulatorOptions, ListeningEmulator } from './emulator';
export type { CallInfo, Interceptor, OAuthConfig } from './http/context';
export type { ConvertOptions, ConvertResult } from './convert';
export type { OrgChange, ChangeListener } from './org';
export type { UserSeed, QueueSeed } from './seed';
export type { SfRecord } from './store';
export type { CallCounts } from './usage';
export type { SfError } from './errors';
export { API_BASE, API_VERSION } from './http/app';
export { KEY_PREFIX, normalizeId, to18 } from './ids';
export { MAPPED_LEAD_FIELDS } from './schema/custom';
export { LEAD_STATUSES, OPPORTUNITY_STAGES, TASK_STATUSES, TASK_PRIORITIES } from './schema/picklists';
