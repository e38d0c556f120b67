/** The store's public surface: the Db port, opening one, and migrating it. */
export type { Db, QueryResult } from './db';
export { SQLSTATE, isUniqueViolation, sqlState } from './db';
export type { OpenDbOptions } from './open';
export { defaultDataDir, openDb } from './open';
export type { MigrateOptions, MigrateResult } from './migrate';
export { migrate } from './migrate';
