/** Simulated RMs: the roster as Salesforce users, acting as themselves on the sandbox clock. */
import { RETURN_REASON_VALUES } from '../../src/connectors/handoff-schema';
import type { ActionReport, RmPolicyOverrides, Sandbox } from '../../src/sandbox';
import { policyFor } from '../../src/sandbox';
import type { ManualClock } from '../../src/domain/clock';
import { sandbox } from './support';

/** An RM who does everything, quickly and always the same way. */
const EAGER: RmPolicyOverrides = {
  accept: 1, return: 0, ignore: 0, answerMinutes: [10, 10],
  call: 1, callMinutes: [5, 5], connect: 1, callAttempts: 1,
  meeting: 1, meetingLeadMinutes: [60, 60], meetingDurationMinutes: 30, meetingKept: 1,
  convert: 1, convertMinutes: [10, 10], approve: 1, approveMinutes: [30, 30], fund: 1, fundMinutes: [30, 30],
};

let sb: Sandbox & { manual: ManualClock };
afterEach(async () => {
  await sb.stop();
});

/** A Lead the daemon routed to an RM: written by the integration user, pending the RM's answer. */
function routeLead(rmId: string, extra: Record<string, unknown> = {}): string {
  const owner = sb.roster.byRmId.get(rmId)!;
  const lead = sb.salesforce.insert('Lead', {
    FirstName: 'Dana', LastName: 'Whitfield', Company: 'Whitfield Household', Email: 'dana.whitfield@example.com',
    OwnerId: owner.userId, Handoff_Status__c: 'Pending', Product_Interest__c: 'Mortgage', ...extra,
  });
  return String(lead.Id);
}

/** Ticks every `stepMinutes` of sandbox time until `done` holds (or `maxSteps` pass); no real waiting. */
async function runUntil(done: (all: ActionReport[]) => boolean, stepMinutes = 5, maxSteps = 600): Promise<ActionReport[]> {
  const all: ActionReport[] = [];
  for (let i = 0; i < maxSteps && !done(all); i++) {
    all.push(...(await sb.rms.tick()));
    if (!done(all)) sb.manual.advance(stepMinutes * 60_000);
  }
  return all;
}

test('the roster is the org: users with branch, licences and languages from roster.yaml, the managers of sla.yaml, and the two queues with their members', async () => {
  sb = await sandbox();
  const users = sb.salesforce.records('User');
  const marcus = users.find((u) => u.Username === 'marcus.chen@bank.example')!;
  expect(marcus).toMatchObject({ FirstName: 'Marcus', LastName: 'Chen', Branch_Id__c: 'nyc_midtown', Licenses__c: 'NMLS', Languages__c: 'en;zh', IsActive: true, TimeZoneSidKey: 'America/New_York' });
  expect(users.find((u) => u.Username === 'lauren.price@bank.example')).toMatchObject({ IsActive: false, TimeZoneSidKey: 'America/Phoenix' });
  // sla.yaml's managers are users too (one each, however many branches they manage), so breach Tasks can be theirs.
  expect(sb.roster.managers.map((m) => m.username).sort()).toEqual(
    ['dana.whitfield', 'greg.mathers', 'monica.reyes', 'paul.lindqvist', 'robert.hale', 'teresa.huang'].map((n) => `${n}@bank.example`),
  );
  const monica = users.find((u) => u.Username === 'monica.reyes@bank.example')!;
  expect(monica).toMatchObject({ FirstName: 'Monica', LastName: 'Reyes', Title: 'Branch Manager', Branch_Id__c: 'chicago_loop', IsActive: true, TimeZoneSidKey: 'America/Chicago' });
  expect(sb.roster.managers.find((m) => m.userId === monica.Id)!.manages).toEqual(['branch chicago_loop', 'branch evanston']);
  expect(sb.roster.byUserId.has(String(monica.Id))).toBe(false); // not simulated: nobody acts as a manager
  expect(users.filter((u) => String(u.Username).endsWith('@bank.example'))).toHaveLength(sb.mappings.roster.rms.length + sb.roster.managers.length);
  const queues = sb.salesforce.records('Group').filter((g) => g.Type === 'Queue').map((g) => g.DeveloperName);
  expect(queues).toEqual(expect.arrayContaining(['Inside_Sales', 'Contact_Center']));
  const insideSales = sb.roster.queues['inside_sales']!;
  const members = sb.salesforce.records('GroupMember').filter((m) => m.GroupId === insideSales).map((m) => m.UserOrGroupId);
  expect(members.sort()).toEqual(['chris_morgan', 'isabel_cruz', 'jordan_taylor', 'mei_zhou'].map((id) => sb.roster.byRmId.get(id)!.userId).sort());
});

test('an eager RM accepts, calls, books and keeps a meeting, converts, and funds the opportunity, all as themselves', async () => {
  sb = await sandbox({ rmPolicies: { defaults: EAGER } });
  const olivia = sb.roster.byRmId.get('olivia_bennett')!;
  const leadId = routeLead('olivia_bennett');

  expect(await sb.rms.tick()).toEqual([]); // nothing is due the moment the lead arrives
  sb.manual.advance(9 * 60_000);
  expect(await sb.rms.tick()).toEqual([]);
  sb.manual.advance(60_000);
  const [accepted] = await sb.rms.tick();
  expect(accepted).toMatchObject({ action: 'accept', ok: true, rmId: 'olivia_bennett', leadId });
  const lead = sb.salesforce.get('Lead', leadId)!;
  expect(lead).toMatchObject({ Handoff_Status__c: 'Accepted', LastModifiedById: olivia.userId, OwnerId: olivia.userId });
  expect(lead.LastModifiedById).not.toBe(sb.salesforce.integrationUserId);

  const untilMeeting = await runUntil((a) => a.some((r) => r.action === 'book_meeting'), 5);
  // The call is a completed Task on the Lead (conversion later moves it to the new Contact, as Salesforce does).
  const [task] = sb.salesforce.records('Task');
  expect(task).toMatchObject({ Id: untilMeeting[0]!.detail['taskId'], WhoId: leadId, Type: 'Call', Status: 'Completed', IsClosed: true, CreatedById: olivia.userId });
  expect(sb.salesforce.get('Lead', leadId)).toMatchObject({ Status: 'Working - Contacted', LastModifiedById: olivia.userId });
  expect(sb.salesforce.records('Event')).toEqual([expect.objectContaining({ WhoId: leadId, Subject: 'Meeting', OwnerId: olivia.userId })]);

  const all = [...untilMeeting, ...(await runUntil((a) => a.some((r) => r.action === 'fund'), 5))];
  expect(all.map((r) => r.action)).toEqual(['call', 'book_meeting', 'meeting_kept', 'convert', 'approve', 'fund']);
  expect(all.every((r) => r.ok && r.userId === olivia.userId)).toBe(true);

  const [event] = sb.salesforce.records('Event');
  expect(event).toMatchObject({ Subject: 'Meeting - Held', DurationInMinutes: 30, LastModifiedById: olivia.userId });
  const converted = sb.salesforce.get('Lead', leadId)!;
  expect(converted).toMatchObject({ IsConverted: true, Status: 'Closed - Converted' });
  const opp = sb.salesforce.get('Opportunity', String(converted.ConvertedOpportunityId))!;
  expect(opp).toMatchObject({ StageName: 'Funded', IsWon: true, OwnerId: olivia.userId, LastModifiedById: olivia.userId });
  expect(opp.Amount).toBeGreaterThanOrEqual(180_000); // a mortgage
  expect(all.find((r) => r.action === 'fund')!.detail['amount']).toBe(opp.Amount);
  expect(sb.summary().salesforce.opportunitiesByStage).toEqual({ Funded: 1 });
});

test('a missed meeting is marked No Show and nothing is converted; unanswered calls are retried, then given up', async () => {
  sb = await sandbox({ rmPolicies: { defaults: EAGER, byRm: { ana_morales: { meetingKept: 0 }, sofia_alvarez: { connect: 0, callAttempts: 3 } } } });
  const missed = routeLead('ana_morales');
  const unreachable = routeLead('sofia_alvarez', { Email: 'nobody@example.com', LastName: 'Nobody' });
  const all = await runUntil(() => false, 15, 4 * 24); // a day of ticks
  const of = (id: string) => all.filter((r) => r.leadId === id).map((r) => r.action);
  expect(of(missed)).toEqual(['accept', 'call', 'book_meeting', 'meeting_missed']);
  expect(sb.salesforce.records('Event')).toEqual([expect.objectContaining({ WhoId: missed, Subject: 'Meeting - No Show' })]);
  expect(sb.salesforce.get('Lead', missed)).toMatchObject({ IsConverted: false });
  expect(of(unreachable)).toEqual(['accept', 'call', 'call', 'call']);
  expect(all.filter((r) => r.leadId === unreachable && r.action === 'call').map((r) => r.detail['connected'])).toEqual([false, false, false]);
  expect(sb.salesforce.get('Lead', unreachable)).toMatchObject({ Status: 'Open - Not Contacted' });
});

test('a returning RM returns the lead with a reason from the picklist', async () => {
  sb = await sandbox({ rmPolicies: { defaults: { ...EAGER, accept: 0, return: 1 } } });
  const rm = sb.roster.byRmId.get('tomas_rivera')!; // Chicago: open from 08:30 Central
  const leadId = routeLead('tomas_rivera');
  const all = await runUntil((a) => a.length > 0);
  expect(all).toEqual([expect.objectContaining({ action: 'return', ok: true })]);
  const lead = sb.salesforce.get('Lead', leadId)!;
  expect(lead).toMatchObject({ Handoff_Status__c: 'Returned', LastModifiedById: rm.userId, OwnerId: rm.userId });
  expect(RETURN_REASON_VALUES.map((v) => v.value)).toContain(lead.Return_Reason__c);
  expect(all[0]!.detail['reason']).toBe(lead.Return_Reason__c);
});

test('an ignoring RM never answers: the lead stays pending and untouched, so its SLA can breach', async () => {
  sb = await sandbox({ rmPolicies: { defaults: { ...EAGER, accept: 0, ignore: 1 } } });
  const leadId = routeLead('kevin_obrien');
  const all = await runUntil(() => false, 60, 48);
  expect(all).toEqual([expect.objectContaining({ action: 'ignore', leadId })]);
  expect(sb.salesforce.get('Lead', leadId)).toMatchObject({ Handoff_Status__c: 'Pending', LastModifiedById: sb.salesforce.integrationUserId });
});

test('RMs act only in their working hours, in their own time zone', async () => {
  // 22:30 in Los Angeles on a Monday: Pasadena opens 09:00 Pacific on Tuesday (17:00 UTC).
  sb = await sandbox({ rmPolicies: { defaults: EAGER } }, '2026-03-03T06:30:00.000Z');
  routeLead('megan_foster');
  const all = await runUntil((a) => a.length > 0, 15);
  expect(all[0]).toMatchObject({ action: 'accept', at: '2026-03-03T17:15:00.000Z' }); // 10 working minutes after 09:00, on the next quarter-hour tick
});

test('a lead reassigned before the RM answered is left alone; the new owner gets it', async () => {
  sb = await sandbox({ rmPolicies: { defaults: EAGER } });
  const leadId = routeLead('olivia_bennett');
  await sb.rms.tick();
  const james = sb.roster.byRmId.get('james_whitaker')!;
  sb.salesforce.update('Lead', leadId, { OwnerId: james.userId, Handoff_Attempt__c: 2 });
  const all = await runUntil((a) => a.length > 0);
  expect(all[0]).toMatchObject({ action: 'accept', rmId: 'james_whitaker' });
  expect(sb.salesforce.get('Lead', leadId)).toMatchObject({ LastModifiedById: james.userId, OwnerId: james.userId });
});

test('a returned lead routed back to the same RM is answered again', async () => {
  sb = await sandbox({ rmPolicies: { defaults: { ...EAGER, accept: 0, return: 1 } } });
  const leadId = routeLead('olivia_bennett');
  await runUntil((a) => a.length > 0);
  sb.salesforce.update('Lead', leadId, { Handoff_Status__c: 'Pending', Return_Reason__c: null }); // recycled and routed again
  const again = await runUntil((a) => a.length > 0);
  expect(again).toEqual([expect.objectContaining({ action: 'return', leadId })]);
  expect(sb.salesforce.get('Lead', leadId)).toMatchObject({ Handoff_Status__c: 'Returned' });
});

test('seeded policies differ between RMs and seeds, and leads are answered in those proportions', async () => {
  expect(policyFor(1, 'olivia_bennett')).toEqual(policyFor(1, 'olivia_bennett'));
  expect(policyFor(1, 'olivia_bennett')).not.toEqual(policyFor(2, 'olivia_bennett'));
  expect(policyFor(1, 'olivia_bennett')).not.toEqual(policyFor(1, 'marcus_chen'));

  sb = await sandbox({ rmPolicies: { defaults: { ...EAGER, accept: 0.5, return: 0.3, ignore: 0.2, call: 0 } } });
  const ids = Array.from({ length: 60 }, (_, i) => routeLead('chris_morgan', { Email: `p${i}@example.com`, LastName: `P${i}` }));
  const all = await runUntil((a) => a.length >= 60);
  const count = (action: string) => all.filter((r) => r.action === action).length;
  expect(count('accept') + count('return') + count('ignore')).toBe(60);
  expect(count('accept')).toBeGreaterThan(18);
  expect(count('return')).toBeGreaterThan(8);
  expect(count('ignore')).toBeGreaterThan(3);
  expect(new Set(all.map((r) => r.leadId))).toEqual(new Set(ids));
});

test("RM clicks do not use the org's API allowance, and are counted apart from the daemon's calls", async () => {
  sb = await sandbox({ rmPolicies: { defaults: EAGER } });
  routeLead('olivia_bennett');
  const before = sb.salesforce.apiUsage().used;
  await runUntil((a) => a.some((r) => r.action === 'fund'));
  expect(sb.salesforce.apiUsage().used).toBe(before);
  const counts = sb.callCounts().salesforceByActor;
  expect(counts.rm.total).toBeGreaterThanOrEqual(7);
  expect(counts.integration.total).toBe(0);
});

test('the same seed makes the same RM decisions', async () => {
  const decide = async (seed: number) => {
    sb = await sandbox({ seed });
    const ids = Array.from({ length: 20 }, (_, i) => routeLead('isabel_cruz', { Email: `d${i}@example.com`, LastName: `D${i}` }));
    const all = await runUntil((a) => a.filter((r) => ['accept', 'return', 'ignore'].includes(r.action)).length >= 20, 30);
    await sb.stop();
    return ids.map((id) => all.find((r) => r.leadId === id && ['accept', 'return', 'ignore'].includes(r.action))?.action);
  };
  const a = await decide(31);
  expect(await decide(31)).toEqual(a);
  expect(await decide(32)).not.toEqual(a);
  sb = await sandbox(); // for afterEach
});
