import { inboundFromHubspot, inboundFromLead, inboundFromOpportunity } from '../../../../src/domain/sync';
import { config } from './support';

describe('inbound from HubSpot (statuses.yaml inbound.hubspot)', () => {
  it.each([
    ['lifecyclestage', 'lead', 'marketingqualifiedlead', 'mql', 'ready'],
    ['lifecyclestage', 'marketingqualifiedlead', 'salesqualifiedlead', 'mql', 'ready'],
    ['hs_lead_status', 'OPEN', 'UNQUALIFIED', 'disqualified', 'disqualified'],
  ])('%s %s → %s asks for %s', (field, previous, value, kind, state) => {
    expect(inboundFromHubspot({ [field]: previous }, { [field]: value }, config)).toEqual([
      { kind, state, source: 'hubspot.contact', details: { field, value, previous } },
    ]);
  });

  it('reports a value the file does not list as a `none` event, and ignores no change and blanks', () => {
    expect(inboundFromHubspot({ lifecyclestage: 'opportunity' }, { lifecyclestage: 'customer' }, config)).toEqual([
      { kind: 'none', state: null, source: 'hubspot.contact', details: { field: 'lifecyclestage', value: 'customer', previous: 'opportunity' } },
    ]);
    expect(inboundFromHubspot({ lifecyclestage: 'lead' }, { lifecyclestage: 'lead' }, config)).toEqual([]);
    expect(inboundFromHubspot({ lifecyclestage: 'salesqualifiedlead' }, { lifecyclestage: '' }, config)).toEqual([]);
  });

  it('takes a contact seen for the first time at its current values', () => {
    expect(inboundFromHubspot(undefined, { lifecyclestage: 'marketingqualifiedlead' }, config)).toMatchObject([{ kind: 'mql', details: { previous: null } }]);
  });

  it('does not mistake the echo of Handoff’s own write for marketing’s qualification', () => {
    // Entering `accepted` writes salesqualifiedlead, which inbound reads as a request for `ready`.
    expect(inboundFromHubspot({ lifecyclestage: 'marketingqualifiedlead' }, { lifecyclestage: 'salesqualifiedlead' }, config, { currentState: 'accepted' })).toEqual([]);
  });
});

describe('inbound from a Salesforce Lead (statuses.yaml inbound.salesforce.Lead)', () => {
  const pending = { Handoff_Status__c: 'Pending', Status: 'Open - Not Contacted', IsConverted: false, Return_Reason__c: null };

  it('the RM accepts', () => {
    expect(inboundFromLead(pending, { ...pending, Handoff_Status__c: 'Accepted' }, config)).toEqual([
      { kind: 'accepted', state: 'accepted', source: 'salesforce.lead', details: { field: 'Handoff_Status__c', value: 'Accepted', previous: 'Pending' } },
    ]);
  });

  it('the RM returns it with a reason, or without one', () => {
    expect(inboundFromLead(pending, { ...pending, Handoff_Status__c: 'Returned', Return_Reason__c: 'Wrong_Product' }, config)).toEqual([
      {
        kind: 'returned', state: 'returned', source: 'salesforce.lead',
        details: { field: 'Handoff_Status__c', value: 'Returned', previous: 'Pending', returnReason: 'Wrong_Product', reasonMissing: false },
      },
    ]);
    expect(inboundFromLead(pending, { ...pending, Handoff_Status__c: 'Returned' }, config)).toMatchObject([{ kind: 'returned', details: { returnReason: null, reasonMissing: true } }]);
  });

  it('a reason given after the return is a returned event carrying it', () => {
    const returned = { ...pending, Handoff_Status__c: 'Returned' };
    expect(inboundFromLead(returned, { ...returned, Return_Reason__c: 'Duplicate' }, config)).toEqual([
      { kind: 'returned', state: 'returned', source: 'salesforce.lead', details: { field: 'Return_Reason__c', value: 'Duplicate', previous: null, returnReason: 'Duplicate', reasonMissing: false } },
    ]);
  });

  it.each([
    ['Working - Contacted', 'contacted'],
    ['Closed - Not Converted', 'disqualified'],
  ])('Status %s asks for %s', (value, state) => {
    expect(inboundFromLead(pending, { ...pending, Status: value }, config)).toEqual([
      { kind: state, state, source: 'salesforce.lead', details: { field: 'Status', value, previous: 'Open - Not Contacted' } },
    ]);
  });

  it('conversion is its own event with the records Salesforce made', () => {
    const after = { ...pending, IsConverted: true, Status: 'Closed - Converted', ConvertedOpportunityId: '006A', ConvertedAccountId: '001A', ConvertedContactId: '003A' };
    expect(inboundFromLead(pending, after, config)).toEqual([
      { kind: 'none', state: null, source: 'salesforce.lead', details: { field: 'Status', value: 'Closed - Converted', previous: 'Open - Not Contacted' } },
      {
        kind: 'converted', state: null, source: 'salesforce.lead',
        details: { field: 'IsConverted', value: 'true', previous: 'false', convertedOpportunityId: '006A', convertedAccountId: '001A', convertedContactId: '003A' },
      },
    ]);
  });

  it('lists several changes in the order to apply them: the answer, then Status', () => {
    const after = { ...pending, Handoff_Status__c: 'Accepted', Status: 'Working - Contacted' };
    expect(inboundFromLead(pending, after, config).map((e) => e.kind)).toEqual(['accepted', 'contacted']);
  });

  it('a recycled Lead’s own "Closed - Not Converted" is Handoff’s echo, not a disqualification', () => {
    const after = { ...pending, Status: 'Closed - Not Converted' };
    expect(inboundFromLead(pending, after, config, { currentState: 'recycled' })).toEqual([]);
    expect(inboundFromLead(pending, after, config, { currentState: 'accepted' })).toMatchObject([{ kind: 'disqualified' }]);
  });
});

describe('inbound from an Opportunity (statuses.yaml inbound.salesforce.Opportunity)', () => {
  const opp = { Id: '006A', StageName: 'Application Started', Amount: null };

  it.each([
    ['Approved', 'approved'],
    ['Funded', 'funded'],
    ['Closed Lost', 'closed_lost'],
  ])('StageName %s asks for %s', (stage, state) => {
    expect(inboundFromOpportunity(opp, { ...opp, StageName: stage, Amount: 250000 }, config)).toEqual([
      {
        kind: state, state, source: 'salesforce.opportunity',
        details: { field: 'StageName', value: stage, previous: 'Application Started', opportunityId: '006A', amount: 250000, previousAmount: null },
      },
    ]);
  });

  it('a new Opportunity at Application Started asks for application_started', () => {
    expect(inboundFromOpportunity(undefined, opp, config)).toMatchObject([{ kind: 'application_started', state: 'application_started' }]);
  });

  it('a changed amount at the same stage updates the booked balance', () => {
    const funded = { ...opp, StageName: 'Funded', Amount: 250000 };
    expect(inboundFromOpportunity(funded, { ...funded, Amount: 245000 }, config)).toEqual([
      { kind: 'amount_updated', state: null, source: 'salesforce.opportunity', details: { field: 'Amount', value: '245000', previous: '250000', opportunityId: '006A', amount: 245000, previousAmount: 250000 } },
    ]);
  });

  it('a stage the file does not list is a `none` event', () => {
    expect(inboundFromOpportunity(opp, { ...opp, StageName: 'Underwriting' }, config)).toMatchObject([{ kind: 'none', state: null }]);
  });
});
