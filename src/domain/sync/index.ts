/**
 * Bidirectional sync, the pure part: field values between HubSpot, canonical and Salesforce
 * (transforms, formats, values), whole-record projections (records), per-field conflict rules
 * with monotonic consent (conflicts, consent), a whole pair at once (record-sync), status
 * mapping both ways (statuses, inbound) and snapshot diffs (diff). No I/O, no clock.
 */
export type {
  CanonicalValue, Converted, Direction, HubspotValue, SalesforceValue, Side, SyncProblem, SyncProblemCode, Timestamp,
} from './types';
export { isProblem } from './types';
export { asContext, syncContext, SALESFORCE_REQUIRED_LEAD_FIELDS, STANDARD_LEAD_FIELD_LENGTHS } from './context';
export type { MappingsOrContext, PicklistTable, SyncContext, SyncContextOptions } from './context';
export { applyTextTransforms, applyTransformChain, fitLength, lowercase, titlecase, toE164, trim, uppercase } from './transforms';
export {
  isBlank, parseInstant, readBoolean, readDate, readDatetime, readNumber, writeBoolean, writeDate, writeDatetime, writeNumber,
} from './formats';
export { fromCanonical, renderWhenBlank, sameSideValue, sideNormal, toCanonical, transformValue } from './values';
export { contactToLead, flows, leadToContact, leadValueBlank } from './records';
export type { ContactToLeadOptions, HubspotContact, SalesforceLead } from './records';
export { reconcile, RECONCILE_REASONS } from './conflicts';
export type { FieldSyncState, ReconcileInput, ReconcileReason, ReconcileResult, SideObservation } from './conflicts';
export { decideConsent, restrictiveValue } from './consent';
export type { ConsentDecision, ConsentReason } from './consent';
export { deliveredBySubscriptions, HUBSPOT_EMAIL_OPTOUT, subscriptionDeliveryDue } from './consent-delivery';
export type { SubscriptionDelivery, SubscriptionDeliveryDue } from './consent-delivery';
export { hubspotChangedAt, markWritten, reconcileRecord } from './record-sync';
export type { RecordSyncInput, RecordSyncResult, SyncSnapshot } from './record-sync';
export { isBackwards, outboundStatusWrites, PRE_SALESFORCE_STATES } from './statuses';
export type { CurrentStatusValues, OutboundSkip, OutboundStatusInput, OutboundStatusWrites } from './statuses';
export { inboundFromHubspot, inboundFromLead, inboundFromOpportunity } from './inbound';
export type { InboundDetails, InboundEvent, InboundKind, InboundOptions, InboundSource } from './inbound';
export { diffSnapshots, sameCanonical, valueFingerprint } from './diff';
export type { FieldChange } from './diff';
