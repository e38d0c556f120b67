/**
 * Handoff's sandbox: emulators of HubSpot and Salesforce, fault injection, simulated RMs and
 * synthetic bank data on one clock. Start it with `startSandbox`; docs/sandbox.md describes it.
 */
export { startSandbox, DEFAULT_WEBHOOK_URL, ENV_NAMES } from './sandbox';
export type { Sandbox, SandboxOptions, SandboxEnv, SandboxClock, SandboxCallCounts } from './sandbox';
export { FaultInjector, pickFailedRecords } from './faults/injector';
export type { FaultCall, FaultDecision, FaultEvent, RuleState } from './faults/injector';
export { FAULT_KINDS, FAULT_SYSTEMS, parseFaultRules, routeMatches } from './faults/rules';
export type { Actor, FaultKind, FaultParams, FaultRule, FaultRuleInput, FaultSystem } from './faults/rules';
export { generateProspects } from './data/prospects';
export type { ContactSource, Flaw, GenerateOptions, Prospect, ProspectCatalog } from './data/prospects';
export type { SeedReport, SeededProspect } from './data/seed';
export { RmSimulator } from './rms/simulator';
export type { RmSimulatorOptions } from './rms/simulator';
export type { ActionReport, RmAction } from './rms/plan';
export { policyFor } from './rms/policy';
export type { MinutesRange, RmPolicy, RmPolicyOverrides } from './rms/policy';
export { createRosterUsers } from './rms/roster-users';
export type { RosterOrg, RosterUser } from './rms/roster-users';
export type { SandboxSummary } from './summary';
export { Rng, deriveSeed } from './random';
