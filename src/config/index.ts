/** Configuration: the environment (parsed once, at start) and the YAML mappings marketing ops edit. */
export { loadEnv, hasRealCredentials, mappingsDirFrom } from './env';
export type { Env, Credentials, SalesforceAuth, LoadEnvResult } from './env';
export { loadMappings } from './load-mappings';
export type { LoadMappingsResult } from './load-mappings';
export type { MappingsConfig, FileKey, StatusesMapping } from './mappings-config';
export { MAPPING_FILES } from './registry';
export { formatConfigError, formatPath } from './config-error';
export type { ConfigError, ConfigErrorCode } from './config-error';
export { branchCalendar, rmCalendar } from './calendars';
export { customFieldsNeeded } from './custom-fields';
export { didYouMean } from './suggest';
export type { Product, ProductFamily, ProductsConfig, Segment, SegmentsConfig } from './schemas/catalogue';
export type { FieldMapping, FieldsConfig, SyncRule, Transform } from './schemas/fields';
export type { Branch, FromSalesforce, Queue, Rm, RmOrigin, RmRole, RosterConfig } from './schemas/roster';
export type { Condition, Pool, RoutingConfig, RoutingField, RoutingRule, Strategy } from './schemas/routing';
export { ROUTING_FIELDS } from './schemas/routing';
export type { StateOutbound, StatusesConfig } from './schemas/statuses';
