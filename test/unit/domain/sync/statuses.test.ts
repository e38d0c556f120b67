import type { StatusesMapping } from '../../../../src/config';
import type { LeadState } from '../../../../src/domain/lifecycle';
import { LEAD_STATES } from '../../../../src/domain/lifecycle';
import { isBackwards, outboundStatusWrites } from '../../../../src/domain/sync';
import { config } from './support';

/** What the shipped statuses.yaml writes on entering each state, for a Lead that exists and holds nothing yet. */
const DEFAULT_OUTBOUND: Record<LeadState, [Record<string, string>[], Record<string, string>]> = {
  captured: [[{ lifecyclestage: 'lead', hs_lead_status: 'NEW' }], {}],
  blocked: [[{ handoff_status: 'blocked' }], {}],
  ready: [[{ lifecyclestage: 'marketingqualifiedlead', handoff_status: 'ready' }], {}],
  routed: [[{ lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', handoff_status: 'routed' }], { Status: 'Open - Not Contacted', Handoff_Status__c: 'Pending' }],
  reassigned: [[{ handoff_status: 'routed' }], { Status: 'Open - Not Contacted', Handoff_Status__c: 'Pending' }],
  escalated: [[{ handoff_status: 'escalated' }], { Handoff_Status__c: 'Pending' }],
  returned: [[{ hs_lead_status: 'OPEN', handoff_status: 'returned' }], { Handoff_Status__c: 'Returned' }],
  recycled: [[{ hs_lead_status: 'BAD_TIMING', handoff_status: 'recycled' }], { Status: 'Closed - Not Converted' }],
  accepted: [[{ lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS', handoff_status: 'accepted' }], { Handoff_Status__c: 'Accepted' }],
  contacted: [[{ hs_lead_status: 'CONNECTED' }], { Status: 'Working - Contacted' }],
  appointment_set: [[{ hs_lead_status: 'CONNECTED' }], { Status: 'Working - Contacted' }],
  appointment_kept: [[{ hs_lead_status: 'CONNECTED' }], {}],
  application_started: [[{ lifecyclestage: 'opportunity', hs_lead_status: 'OPEN_DEAL', handoff_status: 'converted' }], {}],
  approved: [[{ lifecyclestage: 'opportunity' }], {}],
  funded: [[{ lifecyclestage: 'customer' }], {}],
  disqualified: [[{ hs_lead_status: 'UNQUALIFIED' }], { Status: 'Closed - Not Converted' }],
  closed_lost: [[{ hs_lead_status: 'UNQUALIFIED' }], {}],
};

describe('outbound: canonical state → writes, with the shipped statuses.yaml', () => {
  it('covers every state', () => {
    expect(Object.keys(DEFAULT_OUTBOUND).sort()).toEqual([...LEAD_STATES].sort());
  });

  it.each(LEAD_STATES.map((s) => [s, ...DEFAULT_OUTBOUND[s]] as const))('%s', (state, hubspot, salesforce) => {
    expect(outboundStatusWrites({ state, leadExists: true }, config)).toEqual({ hubspot, salesforce, skipped: [] });
  });

  it('writes nothing a system already holds, so a repeated state makes no calls', () => {
    const current = {
      hubspot: { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', handoff_status: 'routed' },
      salesforce: { Status: 'Open - Not Contacted', Handoff_Status__c: 'Pending' },
    };
    expect(outboundStatusWrites({ state: 'routed', leadExists: true, current }, config)).toEqual({ hubspot: [], salesforce: {}, skipped: [] });
    expect(outboundStatusWrites({ state: 'approved', leadExists: true, current: { hubspot: { lifecyclestage: 'opportunity' } } }, config).hubspot).toEqual([]);
  });

  it('writes nothing to Salesforce before the Lead exists, or once it is converted, and says why', () => {
    expect(outboundStatusWrites({ state: 'routed', leadExists: false }, config)).toMatchObject({ salesforce: {}, skipped: [{ system: 'salesforce', reason: 'lead_not_created' }] });
    expect(outboundStatusWrites({ state: 'accepted', leadExists: true, leadConverted: true }, config)).toMatchObject({ salesforce: {}, skipped: [{ system: 'salesforce', reason: 'lead_converted' }] });
  });

  it('never writes Salesforce for states entered before the Lead exists, whatever the file says', () => {
    const statuses: StatusesMapping = { ...config.statuses, outbound: { ...config.statuses.outbound, captured: { hubspot: {}, salesforce: { Handoff_Status__c: 'Pending' } } } };
    expect(outboundStatusWrites({ state: 'captured', leadExists: true }, statuses)).toEqual({ hubspot: [], salesforce: {}, skipped: [{ system: 'salesforce', reason: 'pre_salesforce_state' }] });
  });

  it('carries the return reason to both systems', () => {
    expect(outboundStatusWrites({ state: 'returned', leadExists: true, returnReason: 'Not_Ready_Timing', current: { salesforce: { Return_Reason__c: 'Not_Ready_Timing' } } }, config)).toEqual({
      hubspot: [{ hs_lead_status: 'OPEN', handoff_status: 'returned', handoff_return_reason: 'Not_Ready_Timing' }],
      salesforce: { Handoff_Status__c: 'Returned' },
      skipped: [],
    });
  });
});

describe('outbound: a lifecycle stage moving backwards is cleared first (API-FACTS A8)', () => {
  it('a recycled lead made ready again goes back to MQL in two steps', () => {
    const r = outboundStatusWrites({ state: 'ready', leadExists: true, current: { hubspot: { lifecyclestage: 'salesqualifiedlead', handoff_status: 'recycled' } } }, config);
    expect(r.hubspot).toEqual([{ lifecyclestage: '' }, { lifecyclestage: 'marketingqualifiedlead', handoff_status: 'ready' }]);
  });

  it('a forward move is one step: accepted takes an MQL to sales-qualified', () => {
    const r = outboundStatusWrites({ state: 'accepted', leadExists: true, current: { hubspot: { lifecyclestage: 'marketingqualifiedlead' } } }, config);
    expect(r.hubspot).toEqual([{ lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS', handoff_status: 'accepted' }]);
  });

  it('a lead accepted (SQL), returned and routed again goes back to MQL in two steps', () => {
    const r = outboundStatusWrites({ state: 'routed', leadExists: true, current: { hubspot: { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS' } } }, config);
    expect(r.hubspot).toEqual([{ lifecyclestage: '' }, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', handoff_status: 'routed' }]);
  });

  it('follows a customised stage order when given, and clears first when the current stage is unknown', () => {
    const order = ['subscriber', 'lead', 'salesqualifiedlead', 'marketingqualifiedlead', 'opportunity', 'customer'];
    const r = outboundStatusWrites({ state: 'ready', leadExists: true, lifecycleOrder: order, current: { hubspot: { lifecyclestage: 'salesqualifiedlead' } } }, config);
    expect(r.hubspot).toEqual([{ lifecyclestage: 'marketingqualifiedlead', handoff_status: 'ready' }]);
    expect(isBackwards('nurture_custom_stage', 'lead', order)).toBe(true);
    expect(isBackwards('', 'customer', order)).toBe(false);
    expect(isBackwards('customer', 'lead', order)).toBe(true);
  });
});
