import { createHash } from 'node:crypto';
import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import type { AuditRecord } from '../../../../src/engine/audit';
import { appendAudit, exportAudit, verifyAudit } from '../../../../src/engine/audit';
import { clockAt, secondHandle } from '../support';

/** An independent reading of the documented formula, so the test does not reuse the code under test. */
function expectedHash(r: AuditRecord): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  const content = { seq: r.seq, leadId: r.leadId, at: r.at, actor: r.actor, type: r.type, summary: r.summary, data: r.data };
  return createHash('sha256').update((r.prevHash ?? '') + JSON.stringify(sort(content))).digest('hex');
}

async function seed(db: Db, n: number): Promise<AuditRecord[]> {
  const clock = clockAt();
  const out: AuditRecord[] = [];
  for (let i = 1; i <= n; i++) {
    clock.advance(60_000);
    out.push(await appendAudit(db, clock, { leadId: i % 2 ? 'L1' : 'L2', type: 'lead.routed', actor: 'engine', summary: `event ${i}`, data: { z: i, a: { y: [1, 'two'], b: null } } }));
  }
  return out;
}

/** What a DB owner could do behind the app's back: the trigger is switched off around it. */
async function tamper(db: Db, sql: string): Promise<void> {
  await db.query(`ALTER TABLE audit_events DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_events ENABLE TRIGGER USER`);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function auditCases(backend: Backend): void {
  describe('an intact chain', () => {
    const t = useTestDb(backend, { migrate: true });

    it('links each event to the one before by the documented hash, and verifies', async () => {
      expect(await verifyAudit(t().db)).toEqual({ ok: true, checked: 0, head: null });
      const rows = await seed(t().db, 5);
      expect(rows[0]!.prevHash).toBeNull();
      for (const [i, r] of rows.entries()) {
        expect(r.hash).toBe(expectedHash(r));
        if (i > 0) expect(r.prevHash).toBe(rows[i - 1]!.hash);
      }
      expect(await verifyAudit(t().db, { pageSize: 2 })).toEqual({ ok: true, checked: 5, head: { seq: rows[4]!.seq, hash: rows[4]!.hash } });
    });

    it('stays one chain when many appenders race (the advisory lock serialises them)', async () => {
      const other = await secondHandle(backend, t().db, t().schema);
      try {
        const clock = clockAt();
        await Promise.all(Array.from({ length: 30 }, (_, i) => appendAudit(i % 2 ? other.db : t().db, clock, { type: 'race', actor: `w${i}` })));
      } finally {
        await other.close();
      }
      expect(await verifyAudit(t().db)).toMatchObject({ ok: true, checked: 35 });
    });

    it('exports rows in chain order, filtered by lead and time, with the head taken at the start', async () => {
      const all = await exportAudit(t().db);
      const head = all.head!;
      await appendAudit(t().db, clockAt(), { type: 'late', actor: 'engine' });
      const rows = await collect(all.rows);
      expect(rows).toHaveLength(35);
      expect(rows[rows.length - 1]!.hash).toBe(head.hash);
      for (const r of rows) expect(r.hash).toBe(expectedHash(r));
      const l2 = await exportAudit(t().db, { leadId: 'L2', since: new Date('2025-03-03T09:02:00Z'), until: new Date('2025-03-03T09:04:00Z'), pageSize: 1 });
      expect((await collect(l2.rows)).map((r) => [r.leadId, r.at, r.summary])).toEqual([
        ['L2', '2025-03-03T09:02:00.000Z', 'event 2'],
      ]);
    });
  });

  describe('a changed row', () => {
    const t = useTestDb(backend, { migrate: true });
    it('is found, with its seq', async () => {
      const rows = await seed(t().db, 5);
      await tamper(t().db, `UPDATE audit_events SET actor = 'mallory' WHERE seq = ${rows[2]!.seq}`);
      expect(await verifyAudit(t().db)).toEqual({
        ok: false,
        checked: 2,
        head: { seq: rows[1]!.seq, hash: rows[1]!.hash },
        firstBadSeq: rows[2]!.seq,
        reason: `row ${rows[2]!.seq} was changed: its content no longer matches its hash`,
      });
    });
  });

  describe('a changed row whose hashes were recomputed from there on', () => {
    const t = useTestDb(backend, { migrate: true });
    it('is caught by the head exported before', async () => {
      const rows = await seed(t().db, 3);
      const exported = { seq: rows[2]!.seq, hash: rows[2]!.hash };
      // A thorough forger rewrites the last row and its hash; only a head kept elsewhere shows it.
      const forged = { ...rows[2]!, summary: 'forged' };
      await tamper(t().db, `UPDATE audit_events SET summary = 'forged', hash = '${expectedHash(forged)}' WHERE seq = ${rows[2]!.seq}`);
      expect(await verifyAudit(t().db)).toMatchObject({ ok: true });
      expect(await verifyAudit(t().db, { expectHead: exported })).toMatchObject({
        ok: false,
        firstBadSeq: rows[2]!.seq,
        reason: `row ${rows[2]!.seq} is not the head exported earlier (hash differs)`,
      });
    });
  });

  describe('a deleted row', () => {
    const t = useTestDb(backend, { migrate: true });
    it('breaks the link of the row after it', async () => {
      const rows = await seed(t().db, 5);
      await tamper(t().db, `DELETE FROM audit_events WHERE seq = ${rows[1]!.seq}`);
      expect(await verifyAudit(t().db)).toMatchObject({
        ok: false,
        checked: 1,
        firstBadSeq: rows[2]!.seq,
        reason: `row ${rows[2]!.seq} does not follow row ${rows[0]!.seq} (its prev_hash is not that row's hash): a row between them was deleted, or rows were reordered`,
      });
    });
  });

  describe('a deleted first row', () => {
    const t = useTestDb(backend, { migrate: true });
    it('leaves a first row that names a predecessor', async () => {
      const rows = await seed(t().db, 3);
      await tamper(t().db, `DELETE FROM audit_events WHERE seq = ${rows[0]!.seq}`);
      expect(await verifyAudit(t().db)).toMatchObject({
        ok: false,
        checked: 0,
        firstBadSeq: rows[1]!.seq,
        reason: `row ${rows[1]!.seq} is the first row but names a predecessor: the rows before it were deleted`,
      });
    });
  });

  describe('deleted newest rows', () => {
    const t = useTestDb(backend, { migrate: true });
    it('are found against the head exported earlier', async () => {
      const rows = await seed(t().db, 4);
      const exported = { seq: rows[3]!.seq, hash: rows[3]!.hash };
      await tamper(t().db, `DELETE FROM audit_events WHERE seq >= ${rows[2]!.seq}`);
      expect(await verifyAudit(t().db, { expectHead: exported })).toMatchObject({
        ok: false,
        checked: 2,
        firstBadSeq: rows[3]!.seq,
        reason: `row ${rows[3]!.seq}, the head exported earlier, is missing: the newest rows were deleted`,
      });
    });
  });

  describe('a reordered chain', () => {
    const t = useTestDb(backend, { migrate: true });
    it('is found where the order changes', async () => {
      const rows = await seed(t().db, 4);
      const [b, c] = [rows[1]!.seq, rows[2]!.seq];
      await tamper(t().db, `UPDATE audit_events SET seq = -1 WHERE seq = ${b}; UPDATE audit_events SET seq = ${b} WHERE seq = ${c}; UPDATE audit_events SET seq = ${c} WHERE seq = -1`);
      expect(await verifyAudit(t().db)).toMatchObject({
        ok: false,
        checked: 1,
        firstBadSeq: b,
        reason: `row ${b} does not follow row ${rows[0]!.seq} (its prev_hash is not that row's hash): a row between them was deleted, or rows were reordered`,
      });
    });
  });
}
