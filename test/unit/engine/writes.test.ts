/**
 * The contact's status writes as ordered steps: HubSpot moves a lifecycle stage backwards only
 * from blank (API-FACTS A8), so a backwards move is a clear and then the rest, whether the
 * decision asked for the clear (recycling) or not (a lead accepted, returned and routed again).
 */
import { hubspotSteps } from '../../../src/engine/pipeline/writes';

const routed = { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', handoff_status: 'routed' };

describe('hubspotSteps', () => {
  it('moves a stage forward in one step (routed MQL → accepted SQL)', () => {
    const r = hubspotSteps({ lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS' }, [], routed);
    expect(r.steps).toEqual([{ lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS' }]);
  });

  it('clears a stage that moves backwards first, unasked: an accepted lead routed again goes back to MQL', () => {
    const accepted = { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'IN_PROGRESS', handoff_status: 'returned' };
    const r = hubspotSteps(routed, [], accepted);
    expect(r.steps).toEqual([{ lifecyclestage: '' }, { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', handoff_status: 'routed' }]);
  });

  it('writes nothing the contact already holds, and never clears a blank or unchanged stage', () => {
    expect(hubspotSteps(routed, [], routed).steps).toEqual([]);
    expect(hubspotSteps({ lifecyclestage: 'lead' }, ['lifecyclestage'], { lifecyclestage: '' }).steps).toEqual([{ lifecyclestage: 'lead' }]);
    expect(hubspotSteps({ lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED' }, [], routed).steps).toEqual([{ hs_lead_status: 'CONNECTED' }]);
  });

  it('recycling (clear asked for) takes MQL back to lead through a blank', () => {
    const r = hubspotSteps({ lifecyclestage: 'lead', hs_lead_status: 'BAD_TIMING' }, ['lifecyclestage'], routed);
    expect(r.steps).toEqual([{ lifecyclestage: '' }, { lifecyclestage: 'lead', hs_lead_status: 'BAD_TIMING' }]);
  });
});
