/**
 * `handoff explain` on a story the pipeline itself wrote: a contact qualified in HubSpot, handed
 * off, accepted by the simulated RM in Salesforce — found by its Salesforce Lead id, told in
 * order. And the CLI's answer when nothing matches: exit 1 with a clear message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { leadStory } from '../../../src/ops/explain';
import { runCli } from '../../support/cli';
import { pastSearchLag, startE2E } from '../support';
import type { E2E } from '../support';
import { contact, createQualified } from './support';

let e: E2E | undefined;
const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-explain-'));
afterAll(async () => {
  await e?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('tells the story the pipeline wrote: ready, routed with its reasons, accepted in Salesforce', async () => {
  e = await startE2E({ sandbox: { rmPolicies: { defaults: { accept: 1, return: 0, ignore: 0, answerMinutes: [5, 5] } } } });
  const [id] = createQualified(e.sandbox, [contact(1, { customer_segment: 'small_business', product_interest: 'savings' })]);
  pastSearchLag(e.clock);
  await e.daemon.syncOnce();
  // The RM sees the new Lead on one tick and answers on a later one.
  await e.sandbox.rms.tick();
  e.clock.advance(10 * 60_000);
  expect((await e.sandbox.rms.tick()).map((a) => a.action)).toContain('accept');
  e.clock.advance(60_000);
  await e.daemon.syncOnce();

  const lead = e.sandbox.salesforce.records('Lead').find((l) => l.HubSpot_Contact_Id__c === id)!;
  const story = await leadStory(e.db, e.sandbox.mappings, String(lead.Id), 'America/New_York');
  expect(story.lead).toMatchObject({ hubspotContactId: id, salesforceLeadId: lead.Id, state: 'accepted', segment: 'small_business', product: 'savings' });
  const types = story.events.map((x) => x.type);
  expect(types.slice(0, 2)).toEqual(['readiness_passed', 'routed']);
  expect(types).toContain('accepted');
  const routed = story.events[1]!;
  expect(routed.title).toBe(`Routed to ${story.lead.owner!.name}`);
  expect(routed.why).toContain(`Result: ${story.lead.owner!.id} (rm), by rule small_business_to_branch_bankers`);
  const accepted = story.events.find((x) => x.type === 'accepted')!;
  expect(accepted.who).toBe(`${story.lead.owner!.name.replace(/ \(.*\)$/, '')} in Salesforce (applied by Handoff)`);
  expect(accepted.why.at(-1)).toMatch(/^Seen in a change to the Salesforce Lead \(.*Handoff_Status__c.*\) by Salesforce user 005/);
}, 120_000);

it('exits 1 with a clear message when no lead matches', async () => {
  const env = { HANDOFF_DATA_DIR: dir, DATABASE_URL: '' };
  expect((await runCli(['migrate'], { env })).code).toBe(0);
  const res = await runCli(['explain', 'pat.nobody@mail.example.com'], { env });
  expect(res.code).toBe(1);
  expect(res.stderr).toContain('handoff: no lead matches that email address. ');
  expect(res.stderr).toContain('[LEAD_NOT_FOUND]');
  expect(res.stderr).not.toContain('pat.nobody');
  const json = await runCli(['explain', '00Q000000000000AAA', '--json'], { env });
  expect(json.code).toBe(1);
  expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'LEAD_NOT_FOUND', message: expect.stringMatching(/^no lead matches Salesforce Lead id 00Q000000000000AAA\. /) } });
}, 60_000);
