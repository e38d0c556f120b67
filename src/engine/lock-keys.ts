/**
 * Transaction-scoped advisory locks of one deployment. Advisory locks are database-wide, and a
 * deployment is a schema (its tables), so each key is scoped by the schema, as leadership's are
 * (leadership.ts `leaderLockKey`): two deployments sharing a database never wait on each other,
 * while the replicas of one deployment still serialise.
 */

/** What a lock serialises: appends to the audit chain, routing's read-and-advance of pool pointers. */
export type LockPurpose = 'audit' | 'routing';

/**
 * SQL for the key of `purpose` in the session's schema: hashtextextended of
 * "handoff:<purpose>:<schema>", the schema being current_schema() as leadership reads it (public
 * when the search_path names none). The server computes it inside the locking statement, so the
 * hot paths (every audit append, every routing decision) pay no extra round trip to learn the
 * schema. The coalesce matters: a NULL key would make pg_advisory_xact_lock lock nothing.
 */
export function lockKeySql(purpose: LockPurpose): string {
  return `hashtextextended('handoff:${purpose}:' || coalesce(current_schema(), 'public'), 0)`;
}

/** The statement that takes `purpose`'s lock until the current transaction ends. */
export function xactLockSql(purpose: LockPurpose): string {
  return `SELECT pg_advisory_xact_lock(${lockKeySql(purpose)})`;
}
