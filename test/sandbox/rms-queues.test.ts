/** Simulated RMs and queue-owned leads: a member takes the lead as themselves, or returns or ignores it. */
import { RETURN_REASON_VALUES } from '../../src/connectors/handoff-schema';
import type { ActionReport, RmPolicyOverrides, Sandbox } from '../../src/sandbox';
import type { ManualClock } from '../../src/domain/clock';
import { sandbox } from './support';

const QUICK: RmPolicyOverrides = { accept: 1, return: 0, ignore: 0, answerMinutes: [10, 10], call: 0 };
const INSIDE_SALES = ['chris_morgan', 'isabel_cruz', 'jordan_taylor', 'mei_zhou'];

let sb: Sandbox & { manual: ManualClock };
afterEach(async () => {
  await sb.stop();
});

/** A Lead the daemon routed to a queue: written by the integration user, pending an answer. */
function queueLead(queueId: string, i = 0, extra: Record<string, unknown> = {}): string {
  const lead = sb.salesforce.insert('Lead', {
    FirstName: 'Dana', LastName: `Queue${i}`, Company: 'Queue Household', Email: `q${i}@example.com`,
    OwnerId: sb.roster.queues[queueId], Handoff_Status__c: 'Pending', Product_Interest__c: 'Checking', ...extra,
  });
  return String(lead.Id);
}

async function runUntil(done: (all: ActionReport[]) => boolean, stepMinutes = 5, maxSteps = 600): Promise<ActionReport[]> {
  const all: ActionReport[] = [];
  for (let i = 0; i < maxSteps && !done(all); i++) {
    all.push(...(await sb.rms.tick()));
    if (!done(all)) sb.manual.advance(stepMinutes * 60_000);
  }
  return all;
}

test('a queue nobody calls home is staffed by the inside-sales RMs, in Salesforce too; a queue with members keeps its own', async () => {
  sb = await sandbox();
  const ids = (queueId: string) => sb.roster.queueMembers[queueId]!.map((u) => u.rm.id);
  expect(ids('inside_sales')).toEqual(INSIDE_SALES);
  expect(ids('contact_center')).toEqual(INSIDE_SALES); // nobody's home in the default roster
  const members = sb.salesforce.records('GroupMember').filter((m) => m.GroupId === sb.roster.queues['contact_center']).map((m) => m.UserOrGroupId);
  expect(members.sort()).toEqual(INSIDE_SALES.map((id) => sb.roster.byRmId.get(id)!.userId).sort());
});

test('a member takes a queue lead and accepts it as themselves: the lead is theirs and they work it', async () => {
  sb = await sandbox({ rmPolicies: { defaults: { ...QUICK, call: 1, callMinutes: [5, 5], connect: 1, callAttempts: 1, meeting: 0 } } });
  const leadId = queueLead('contact_center');
  const all = await runUntil((a) => a.some((r) => r.action === 'call'));
  expect(all.map((r) => r.action)).toEqual(['accept', 'call']);
  const [accepted] = all;
  expect(accepted).toMatchObject({ ok: true, leadId, detail: { queue: 'contact_center' } });
  expect(INSIDE_SALES).toContain(accepted!.rmId);
  expect(sb.salesforce.get('Lead', leadId)).toMatchObject({ OwnerId: accepted!.userId, LastModifiedById: accepted!.userId, Handoff_Status__c: 'Accepted' });
  expect(all[1]!.userId).toBe(accepted!.userId); // the call is the member's too
  // Taking it does not start a new plan: nothing more happens to the lead.
  expect(await runUntil(() => false, 60, 24)).toEqual([]);
});

test('a returning member gives the reason and leaves the lead in the queue; an ignoring one leaves it untouched', async () => {
  sb = await sandbox({ rmPolicies: { defaults: { ...QUICK, accept: 0, return: 1 } } });
  const returned = queueLead('inside_sales');
  const all = await runUntil((a) => a.length > 0);
  expect(all).toEqual([expect.objectContaining({ action: 'return', leadId: returned, detail: expect.objectContaining({ queue: 'inside_sales' }) })]);
  const lead = sb.salesforce.get('Lead', returned)!;
  expect(lead).toMatchObject({ Handoff_Status__c: 'Returned', OwnerId: sb.roster.queues['inside_sales'], LastModifiedById: all[0]!.userId });
  expect(RETURN_REASON_VALUES.map((v) => v.value)).toContain(lead.Return_Reason__c);
  await sb.stop();

  sb = await sandbox({ rmPolicies: { defaults: { ...QUICK, accept: 0, ignore: 1 } } });
  const ignored = queueLead('contact_center');
  expect(await runUntil(() => false, 60, 24)).toEqual([expect.objectContaining({ action: 'ignore', leadId: ignored, detail: { queue: 'contact_center' } })]);
  expect(sb.salesforce.get('Lead', ignored)).toMatchObject({ Handoff_Status__c: 'Pending', OwnerId: sb.roster.queues['contact_center'], LastModifiedById: sb.salesforce.integrationUserId });
});

test('a queue lead taken by someone else, or moved on by Handoff, before the member answered is left alone', async () => {
  sb = await sandbox({ rmPolicies: { defaults: QUICK } });
  const leadId = queueLead('contact_center');
  await sb.rms.tick();
  const olivia = sb.roster.byRmId.get('olivia_bennett')!;
  sb.salesforce.update('Lead', leadId, { OwnerId: olivia.userId, Handoff_Attempt__c: 2 });
  const all = await runUntil((a) => a.length > 0);
  expect(all).toEqual([expect.objectContaining({ action: 'accept', rmId: 'olivia_bennett', detail: {} })]);
  expect(sb.salesforce.get('Lead', leadId)).toMatchObject({ OwnerId: olivia.userId });
});

test('the same seed makes the same members take the same queue leads the same way; members share the work', async () => {
  const decide = async (seed: number) => {
    sb = await sandbox({ seed, rmPolicies: { defaults: { call: 0 } } });
    const ids = Array.from({ length: 24 }, (_, i) => queueLead('contact_center', i));
    const answers = (a: ActionReport[]) => a.filter((r) => ['accept', 'return', 'ignore'].includes(r.action));
    const all = await runUntil((a) => answers(a).length >= 24, 30);
    await sb.stop();
    return ids.map((id) => {
      const r = answers(all).find((x) => x.leadId === id);
      return `${r?.rmId}:${r?.action}`;
    });
  };
  const a = await decide(41);
  expect(await decide(41)).toEqual(a);
  expect(await decide(42)).not.toEqual(a);
  expect(new Set(a.map((x) => x.split(':')[0])).size).toBeGreaterThan(1);
  expect(new Set(a.map((x) => x.split(':')[1]))).toContain('accept');
  sb = await sandbox(); // for afterEach
});
