/**
 * Query and queryMore through jsforce, and the keyset cursor the engine polls with.
 */
import { SfDate, type Record as SfRow } from 'jsforce';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

function seedLeads(n: number, each: (i: number) => Record<string, unknown> = () => ({})): string[] {
  return Array.from({ length: n }, (_, i) => String(h.emu.insert('Lead', { LastName: `L${i}`, Company: `C${i}`, ...each(i) }).Id));
}

const batch = (n: number) => ({ headers: { 'Sforce-Query-Options': `batchSize=${n}` } });

describe('query and queryMore', () => {
  it('returns one page with nextRecordsUrl, and queryMore follows it to the end', async () => {
    const ids = seedLeads(5);
    const first = await h.conn.query('SELECT Id, LastName FROM Lead ORDER BY LastName', batch(2));
    expect(first).toMatchObject({ totalSize: 5, done: false, nextRecordsUrl: expect.stringMatching(/\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]+-2$/) });
    expect(first.records).toEqual([
      { attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${ids[0]}` }, Id: ids[0], LastName: 'L0' },
      { attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${ids[1]}` }, Id: ids[1], LastName: 'L1' },
    ]);
    const second = await h.conn.queryMore(first.nextRecordsUrl!);
    expect(second).toMatchObject({ totalSize: 5, done: false });
    expect(second.nextRecordsUrl).toMatch(/-4$/);
    const third = await h.conn.queryMore(second.nextRecordsUrl!);
    expect(third).toMatchObject({ totalSize: 5, done: true });
    expect(third.nextRecordsUrl).toBeUndefined();
    expect([...first.records, ...second.records, ...third.records].map((r) => r.Id)).toEqual(ids);
    // A finished cursor is closed.
    await expect(h.conn.queryMore(second.nextRecordsUrl!)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
  });

  it('autoFetch gathers every page up to maxFetch; the default page is 2000', async () => {
    seedLeads(2100);
    const all = await h.conn.query('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 5000 });
    expect(all.records).toHaveLength(2100);
    expect(h.emu.callCounts().byRoute).toMatchObject({ 'GET /query': 1, 'GET /query/:locator': 1 });
    const capped = await h.conn.query('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 300, ...batch(200) });
    expect(capped.records).toHaveLength(300);
  });

  it('fixes the result when the query runs: later writes do not show up in its pages', async () => {
    seedLeads(3);
    const first = await h.conn.query('SELECT Id FROM Lead', batch(2));
    seedLeads(2);
    const rest = await h.conn.queryMore(first.nextRecordsUrl!);
    expect(rest.totalSize).toBe(3);
    expect(rest.records).toHaveLength(1);
  });

  it('keeps cursors per user', async () => {
    seedLeads(3);
    const first = await h.conn.query('SELECT Id FROM Lead', batch(2));
    const rm = h.emu.addUser({ LastName: 'Other' });
    const other = h.connect(h.emu.issueToken(String(rm.Id)));
    await expect(other.queryMore(first.nextRecordsUrl!)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
  });

  it('answers COUNT(), relationship fields, and queryAll with deleted rows', async () => {
    const [a] = seedLeads(3);
    h.emu.remove('Lead', a!);
    expect((await h.conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(2);
    const withOwner = await h.conn.query<SfRow>('SELECT Id, Owner.Name FROM Lead LIMIT 1');
    expect(withOwner.records[0]!.Owner).toEqual({
      attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${h.emu.integrationUserId}` },
      Name: 'Handoff Integration',
    });
    const all = await h.conn.query('SELECT Id, IsDeleted FROM Lead', { scanAll: true });
    expect(all.records.filter((r) => r.IsDeleted)).toHaveLength(1);
  });

  it('queries the seeded queue, the objects it serves and the lead statuses', async () => {
    const queue = await h.conn.query<SfRow>("SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue'");
    expect(queue.records.map((r) => r.DeveloperName)).toEqual(['Lead_Intake']);
    const served = await h.conn.query<SfRow>(`SELECT SobjectType FROM QueueSobject WHERE QueueId = '${h.emu.intakeQueueId}'`);
    expect(served.records.map((r) => r.SobjectType)).toEqual(['Lead']);
    const statuses = await h.conn.query<SfRow>('SELECT ApiName, IsDefault, IsConverted FROM LeadStatus ORDER BY SortOrder');
    expect(statuses.records.map((r) => [r.ApiName, r.IsDefault, r.IsConverted])).toEqual([
      ['Open - Not Contacted', true, false],
      ['Working - Contacted', false, false],
      ['Closed - Converted', false, true],
      ['Closed - Not Converted', false, false],
    ]);
  });
});

describe('jsforce query builder and replication calls', () => {
  it('runs find() with * (expanded through describe), count(), updated() and deleted()', async () => {
    const [a, b] = seedLeads(2, (i) => ({ Email: `p${i}@bank.test` }));
    h.clock.advance(60_000);
    h.emu.update('Lead', b!, { Status: 'Working - Contacted' });
    h.emu.remove('Lead', a!);
    const found = await h.conn
      .sobject('Lead')
      .find({ Status: 'Working - Contacted', CreatedDate: { $gte: SfDate.toDateTimeLiteral(new Date('2026-01-01T00:00:00Z')) } }, '*')
      .sort({ CreatedDate: -1 })
      .limit(5);
    expect(found.map((r) => r.Id)).toEqual([b]);
    const describedFields = (await h.conn.sobject('Lead').describe$()).fields.length;
    expect(Object.keys(found[0]!).length).toBe(describedFields + 1); // every field plus attributes
    expect(await h.conn.sobject('Lead').count()).toBe(1);
    const updated = await h.conn.sobject('Lead').updated('2026-01-05T14:00:30Z', '2026-01-05T15:00:00Z');
    expect(updated.ids).toEqual([b]);
    const deleted = await h.conn.sobject('Lead').deleted('2026-01-05T14:00:30Z', '2026-01-05T15:00:00Z');
    expect(deleted.deletedRecords).toEqual([{ id: a, deletedDate: '2026-01-05T14:01:00.000+0000' }]);
  });
});

describe('keyset polling', () => {
  it('reads 500 Leads sharing one SystemModstamp page by page, each exactly once', async () => {
    seedLeads(500, (i) => ({ Email: `lead${i}@example.com` })); // the clock does not move: one SystemModstamp for all
    const seen = new Map<string, number>();
    let cursor = { at: '2000-01-01T00:00:00.000Z', id: '000000000000000AAA' };
    let pages = 0;
    for (;;) {
      const soql =
        'SELECT Id, Status, OwnerId, Email, IsConverted, ConvertedOpportunityId, SystemModstamp FROM Lead ' +
        `WHERE (SystemModstamp = ${cursor.at} AND Id > '${cursor.id}') OR SystemModstamp > ${cursor.at} ` +
        'ORDER BY SystemModstamp, Id LIMIT 200';
      const page = await h.conn.query<SfRow>(soql);
      expect(page.done).toBe(true);
      if (page.records.length === 0) break;
      pages++;
      for (const r of page.records) seen.set(String(r.Id), (seen.get(String(r.Id)) ?? 0) + 1);
      const last = page.records[page.records.length - 1]!;
      // The engine turns the wire form (+0000) back into a SOQL literal.
      cursor = { at: new Date(String(last.SystemModstamp).replace('+0000', 'Z')).toISOString(), id: String(last.Id) };
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(500);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(h.emu.records('Lead').map((r) => r.SystemModstamp)).size).toBe(1);
  });
});
