/**
 * Branch referrals against the sandbox: a contact a branch referred (referral_source
 * "branch:<branch id>") goes back to someone of that branch, even when another branch is nearer
 * the customer, and the audit trail and `handoff explain` name the rule that sent it there.
 */
import { leadStory, renderStory } from '../../src/ops/explain';
import type { E2E } from './support';
import { pastSearchLag, readyContact, startE2E } from './support';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

interface RoutedRow {
  data: { routing: { result: { owner: string; via: string; rule?: string } } };
}
const routedOf = async (contactId: string): Promise<RoutedRow['data']['routing']['result']> =>
  (
    await e.db.query<RoutedRow>(`SELECT a.data FROM audit_events a JOIN leads l ON l.id = a.lead_id WHERE l.hubspot_contact_id = $1 AND a.type = 'routed'`, [contactId])
  ).rows[0]!.data.routing.result;
const leadOf = (contactId: string) => e.sandbox.salesforce.records('Lead').find((l) => l['HubSpot_Contact_Id__c'] === contactId)!;

it('sends a branch referral back to that branch, not the nearest one, and says which rule did', async () => {
  // Both live in Chicago (ZIP 60603, the Chicago Loop branch); Evanston and Brooklyn Heights referred them.
  const referral = (i: number, branch: string, over: Record<string, string> = {}) => {
    const id = e.sandbox.hubspot.createContact(readyContact(i, { lead_kind: 'referral', referral_source: `branch:${branch}`, ...over }), { source: 'CRM_UI' }).id;
    e.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
    return id;
  };
  const checking = referral(1, 'evanston');
  const mortgage = referral(5, 'brooklyn_heights', { product_interest: 'mortgage', documents_ready: 'true', income_band: '100k_250k' });
  pastSearchLag(e.clock);
  expect((await e.daemon.syncOnce()).errors).toEqual([]);

  const users = e.sandbox.roster.byUserId;
  const banker = users.get(String(leadOf(checking)['OwnerId']))!.rm;
  expect(banker).toMatchObject({ branch: 'evanston', role: 'banker' });
  expect(await routedOf(checking)).toMatchObject({ owner: banker.id, via: 'rule', rule: 'branch_referral_back_to_branch' });

  const officer = users.get(String(leadOf(mortgage)['OwnerId']))!.rm;
  expect(officer).toMatchObject({ branch: 'brooklyn_heights', role: 'loan_officer' });
  expect(officer.licenses).toContain('NMLS');
  expect(await routedOf(mortgage)).toMatchObject({ owner: officer.id, via: 'rule', rule: 'branch_referral_home_loans_to_branch' });

  const text = renderStory(await leadStory(e.db, e.sandbox.mappings, String(leadOf(checking)['Id']), 'America/Chicago'), 'America/Chicago');
  expect(text).toContain('referral_branch: referred by branch evanston');
  expect(text).toContain(`Result: ${banker.id} (rm), by rule branch_referral_back_to_branch`);
});
