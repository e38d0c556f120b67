/**
 * The sync benchmark's baseline: the same hand-off done the way a point-to-point script would,
 * with the raw SDKs and no Handoff — per contact, read it from HubSpot, upsert its Lead by the
 * External ID, create the owner's Task, write the Lead id back to the contact — one contact at a
 * time, against a fresh sandbox with the same rate limits. The HubSpot SDK's own retry answers
 * its 429s (it waits on TEN_SECONDLY_ROLLING), as such a script would rely on.
 */
import { Client } from '@hubspot/api-client';
import { Connection } from 'jsforce';
import { silentLogger } from '../../src/observability/logger';
import { startSandbox } from '../../src/sandbox';
import { benchContact } from './sync-data';

export interface BaselineResult {
  contacts: number;
  seconds: number;
  leadsPerSecond: number;
  apiCallsPerLead: { hubspot: number; salesforce: number };
  rateLimited: number;
  how: string;
}

export async function naiveBaseline(m: number): Promise<BaselineResult> {
  const sandbox = await startSandbox({ speed: 1, webhookUrl: null, logger: silentLogger() });
  try {
    const ids = Array.from({ length: m }, (_, i) => sandbox.hubspot.createContact({ ...benchContact(100_000 + i), lifecyclestage: 'marketingqualifiedlead' }, { source: 'FORM' }).id);
    const hubspot = new Client({ accessToken: sandbox.env.HUBSPOT_ACCESS_TOKEN, basePath: sandbox.env.HUBSPOT_BASE_URL, numberOfApiCallRetries: 6 });
    const sf = new Connection({ instanceUrl: sandbox.env.SALESFORCE_INSTANCE_URL, accessToken: sandbox.env.SALESFORCE_ACCESS_TOKEN, version: '62.0' });
    const owner = sandbox.roster.users[0]!.userId;
    sandbox.resetCounts();
    const t0 = Date.now();
    for (const id of ids) {
      const c = await hubspot.crm.contacts.basicApi.getById(id, ['email', 'firstname', 'lastname', 'phone', 'zip']);
      const p = c.properties;
      const up = await sf.sobject('Lead').upsert(
        { HubSpot_Contact_Id__c: id, LastName: p.lastname ?? 'Unknown', FirstName: p.firstname ?? null, Company: `${p.lastname ?? 'Unknown'} Household`, Email: p.email ?? null, OwnerId: owner },
        'HubSpot_Contact_Id__c',
      );
      const leadId = up.id ?? String((await sf.sobject('Lead').findOne({ HubSpot_Contact_Id__c: id }, ['Id']))?.Id);
      await sf.sobject('Task').create({ WhoId: leadId, OwnerId: owner, Subject: 'Accept or return', Status: 'Not Started', Priority: 'High' });
      await hubspot.crm.contacts.basicApi.update(id, { properties: { salesforce_lead_id: leadId, lifecyclestage: 'salesqualifiedlead' } });
    }
    const seconds = (Date.now() - t0) / 1000;
    const calls = sandbox.callCounts();
    return {
      contacts: m,
      seconds: Math.round(seconds * 10) / 10,
      leadsPerSecond: Math.round((m / seconds) * 10) / 10,
      apiCallsPerLead: { hubspot: calls.hubspot.total / m, salesforce: calls.salesforceByActor.integration.total / m },
      rateLimited: calls.hubspot.byStatus['429'] ?? 0,
      how: 'raw @hubspot/api-client and jsforce, one contact at a time: GET contact, PATCH Lead by External ID, POST Task, PATCH contact',
    };
  } finally {
    await sandbox.stop();
  }
}
