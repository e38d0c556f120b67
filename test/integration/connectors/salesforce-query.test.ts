/**
 * Reading Salesforce through jsforce against the emulator: the keyset change query over records
 * sharing one SystemModstamp, paged SOQL, limits and Sforce-Limit-Info (and what the limiter does
 * with them), REQUEST_LIMIT_EXCEEDED, describe, and custom fields through the Tooling API.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../../src/connectors/api-failure';
import { LaneLimiter, salesforceOptions } from '../../../src/connectors/rate-limits';
import type { ModstampCursor } from '../../../src/connectors/salesforce';
import { changedSinceQuery } from '../../../src/connectors/salesforce';
import type { SalesforceHarness } from './salesforce-harness';
import { lead, startSalesforce } from './salesforce-harness';

let h: SalesforceHarness;
const open: SalesforceHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function start(o: Parameters<typeof startSalesforce>[0] = {}): Promise<SalesforceHarness> {
  const x = await startSalesforce(o);
  open.push(x);
  return x;
}

function seedLeads(n: number, prefix: string): void {
  for (let i = 0; i < n; i++) h.emu.insert('Lead', lead(`${prefix}${i}`));
}

describe('queryChangedSince', () => {
  it('builds the keyset SOQL with an unquoted UTC datetime and a quoted Id', () => {
    expect(changedSinceQuery('Lead', ['Status', 'OwnerId'], { ts: '2026-01-05T14:00:00.000+0000', id: '00Q000000000001AAA' }, 200)).toBe(
      "SELECT Id, SystemModstamp, Status, OwnerId FROM Lead WHERE (SystemModstamp = 2026-01-05T14:00:00Z AND Id > '00Q000000000001AAA') OR SystemModstamp > 2026-01-05T14:00:00Z ORDER BY SystemModstamp, Id LIMIT 200",
    );
    expect(() => changedSinceQuery('Lead', ['Status FROM User --'], null, 10)).toThrow(/Not a Salesforce API name/);
    expect(() => changedSinceQuery('Lead', [], { ts: '2026-01-05T14:00:00Z', id: "x' OR Id != '" }, 10)).toThrow(/Not a Salesforce record id/);
  });

  it('walks 500 Leads sharing one SystemModstamp in pages of 200: each seen once, then later changes', async () => {
    h = await start();
    seedLeads(500, 'same');
    const seen = new Map<string, number>();
    let cursor: ModstampCursor | null = null;
    const sizes: number[] = [];
    for (;;) {
      const page = await h.sf.queryChangedSince('Lead', ['Status', 'OwnerId'], cursor, 200);
      sizes.push(page.records.length);
      for (const r of page.records) seen.set(r.Id, (seen.get(r.Id) ?? 0) + 1);
      cursor = page.next;
      if (page.done) break;
    }
    expect(sizes).toEqual([200, 200, 100]);
    expect(seen.size).toBe(500);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(cursor!.ts).toBe('2026-01-05T14:00:00.000Z');

    // A change a second later comes after the cursor; nothing old comes back.
    h.clock.advance(1_000);
    const changed = h.emu.records('Lead')[7]!;
    h.emu.update('Lead', String(changed.Id), { Status: 'Working - Contacted' });
    const next = await h.sf.queryChangedSince('Lead', ['Status'], cursor, 200);
    expect(next.records.map((r) => [r.Id, r['Status']])).toEqual([[changed.Id, 'Working - Contacted']]);
    expect(next.done).toBe(true);
  });

  it('bounds a walk by `through`: records up to that keyset position, none after', async () => {
    const through = { ts: '2026-01-05T14:00:00.000Z', id: '00Q000000000009AAA' };
    expect(changedSinceQuery('Lead', ['Status'], { ts: '2026-01-05T13:59:00Z', id: '000000000000000' }, 100, through)).toBe(
      "SELECT Id, SystemModstamp, Status FROM Lead WHERE ((SystemModstamp = 2026-01-05T13:59:00Z AND Id > '000000000000000') OR SystemModstamp > 2026-01-05T13:59:00Z) AND ((SystemModstamp = 2026-01-05T14:00:00Z AND Id <= '00Q000000000009AAA') OR SystemModstamp < 2026-01-05T14:00:00Z) ORDER BY SystemModstamp, Id LIMIT 100",
    );

    h = await start();
    seedLeads(5, 'early');
    h.clock.advance(1_000);
    seedLeads(5, 'later');
    const all = h.emu.records('Lead').map((r) => String(r.Id)).sort();
    const bound = { ts: '2026-01-05T14:00:01.000Z', id: all[6]! };
    const seen: string[] = [];
    let cursor: ModstampCursor | null = { ts: '2026-01-05T13:59:00.000Z', id: '000000000000000' };
    for (;;) {
      const page = await h.sf.queryChangedSince('Lead', ['Status'], cursor, 3, { through: bound });
      seen.push(...page.records.map((r) => r.Id));
      cursor = page.next;
      if (page.done) break;
    }
    // The five of the first second, then those of the next up to the bound's Id.
    expect(seen).toEqual(all.slice(0, 7));
  });
});

describe('query', () => {
  it('follows pages past one batch, and says when maxRecords cut it short', async () => {
    h = await start();
    seedLeads(2_300, 'q');
    const all = await h.sf.query('SELECT Id FROM Lead');
    expect(all).toMatchObject({ totalSize: 2_300, truncated: false });
    expect(all.records).toHaveLength(2_300);
    const some = await h.sf.query('SELECT Id FROM Lead', { maxRecords: 2_100 });
    expect(some).toMatchObject({ totalSize: 2_300, truncated: true });
    expect(some.records).toHaveLength(2_100);
  });
});

describe('limits', () => {
  it('reads DailyApiRequests from /limits and usage from Sforce-Limit-Info after each call', async () => {
    h = await start({ dailyApiLimit: 15_000 });
    expect(h.sf.lastLimitInfo()).toBeUndefined();
    const limits = await h.sf.limits();
    // The /limits call is counted in its own answer.
    expect(limits).toEqual({ dailyMax: 15_000, dailyRemaining: 15_000 - h.emu.apiUsage().used });
    await h.sf.query('SELECT Id FROM User');
    expect(h.sf.lastLimitInfo()).toEqual({ used: h.emu.apiUsage().used, max: 15_000 });
  });

  it('stops bulk work on the limiter first as the org’s allowance runs low, and re-paces to the org’s max', async () => {
    h = await start({ dailyApiLimit: 100_000 });
    const limiter = new LaneLimiter({ ...salesforceOptions({ hubspotTier: 'starter', salesforceApiShare: 0.5, idPrefix: `t-${randomUUID()}` }) });
    try {
      const sf = h.connector({ limiter, apiShare: 0.5 });
      const repace = jest.spyOn(limiter, 'updatePacing');
      await sf.limits();
      // Re-paced from the Developer Edition guess to 100,000 × 0.5 a day, once.
      expect(repace.mock.calls).toEqual([[{ budget: 50_000, burst: 1_041, intervalMs: Math.ceil(86_400_000 / (50_000 - 1_041)) }]]);
      h.emu.setApiUsage(85_000); // 15% left: below the bulk threshold (20%)
      await sf.query('SELECT Id FROM User', { lane: 'critical' });
      const err = await sf.query('SELECT Id FROM User', { lane: 'bulk' }).catch((e: unknown) => e);
      expect((err as ApiError).failure).toMatchObject({ kind: 'rate_limited', code: 'HANDOFF_LIMITER' });
      await sf.query('SELECT Id FROM User', { lane: 'critical' });
      expect((await limiter.state()).lanesStopped).toEqual(['bulk']);
      expect(repace).toHaveBeenCalledTimes(1);
    } finally {
      await limiter.close();
    }
  });

  it('classifies REQUEST_LIMIT_EXCEEDED as rate_limited for an hour and pauses the limiter', async () => {
    h = await start({ dailyApiLimit: 1_000 });
    const limiter = new LaneLimiter({ system: 'salesforce', id: `t-${randomUUID()}`, maxConcurrent: 10, bulkShare: 0.5 });
    try {
      const sf = h.connector({ limiter });
      h.emu.setApiUsage(1_000);
      const err = await sf.upsert('Lead', 'HubSpot_Contact_Id__c', [lead('1')]).catch((e: unknown) => e);
      expect((err as ApiError).failure).toEqual({
        system: 'salesforce',
        endpoint: 'PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c',
        kind: 'rate_limited',
        status: 403,
        code: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
        retryAfterMs: 3_600_000,
      });
      expect((await limiter.state()).pausedForMs).toBeGreaterThan(3_500_000);
    } finally {
      await limiter.close();
    }
  });
});

describe('schema', () => {
  it('describe returns the fields with their flags', async () => {
    h = await start();
    const d = await h.sf.describe('Lead');
    expect(d.name).toBe('Lead');
    expect(d.fields.find((f) => f.name === 'HubSpot_Contact_Id__c')).toMatchObject({ externalId: true, type: 'string' });
    expect(d.fields.find((f) => f.name === 'Return_Reason__c')?.picklistValues?.map((v) => v.value)).toContain('Not_Interested');
  });

  it('createCustomField creates through Tooling once, then finds it', async () => {
    h = await start({ bare: true });
    const spec = {
      object: 'Lead' as const,
      name: 'Return_Reason__c',
      label: 'Return Reason',
      type: 'Picklist' as const,
      restricted: true,
      values: [
        { value: 'Not_Interested', label: 'Not Interested' },
        { value: 'Duplicate', label: 'Duplicate' },
      ],
    };
    const first = await h.sf.createCustomField(spec);
    expect(first).toEqual({ created: true, id: expect.any(String) });
    expect(await h.sf.createCustomField(spec)).toEqual({ created: false, id: first.id });
    expect(h.emu.callCounts().byRoute['POST /tooling/sobjects/:sobject']).toBe(1);
    const field = (await h.sf.describe('Lead')).fields.find((f) => f.name === 'Return_Reason__c');
    expect(field).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    for (const s of [
      { object: 'Lead' as const, name: 'Handoff_Attempt__c', label: 'Handoff Attempt', type: 'Number' as const },
      { object: 'Lead' as const, name: 'Accept_By__c', label: 'Accept By', type: 'DateTime' as const },
      { object: 'Lead' as const, name: 'Routing_Reason__c', label: 'Routing Reason', type: 'LongTextArea' as const },
      { object: 'Lead' as const, name: 'Sla_Breached__c', label: 'SLA Breached', type: 'Checkbox' as const },
      { object: 'Task' as const, name: 'Handoff_Key__c', label: 'Handoff Key', type: 'Text' as const, length: 80, externalId: true, unique: true },
    ]) {
      expect(await h.sf.createCustomField(s)).toMatchObject({ created: true });
    }
  });
});
