import { createHash, randomUUID } from 'node:crypto';
import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import { SQLSTATE, sqlState } from '../../../../src/store/db';
import { LEAD_STATES } from '../../../../src/domain/lifecycle';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

async function stateOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => 'ok',
    (err: unknown) => sqlState(err) ?? String(err),
  );
}

async function newLead(db: Db, extra: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const cols = ['id', 'state', ...Object.keys(extra)];
  const vals = [id, 'captured', ...Object.values(extra)];
  await db.query(`INSERT INTO leads (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, vals);
  return id;
}

/** What 0001_initial.sql promises the engine, checked the same on PGlite and PostgreSQL. */
export function schemaCases(backend: Backend): void {
  describe('audit_events', () => {
    const t = useTestDb(backend, { migrate: true });
    const append = (db: Db, prev: string | null, hash: string): Promise<unknown> =>
      db.query(`INSERT INTO audit_events (at, actor, type, data, prev_hash, hash) VALUES (now(), 'engine', 'lead.routed', $1, $2, $3)`, [
        JSON.stringify({ owner: 'rm-1' }),
        prev,
        hash,
      ]);

    beforeAll(async () => {
      await append(t().db, null, sha('genesis'));
      await append(t().db, sha('genesis'), sha('second'));
    });

    it.each([
      ['UPDATE', `UPDATE audit_events SET actor = 'mallory'`],
      ['DELETE', `DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)`],
      ['TRUNCATE', `TRUNCATE audit_events`],
    ])('refuses %s with a clear message', async (op, sql) => {
      const err = (await t().db.query(sql).catch((e: unknown) => e)) as Error;
      expect(err.message).toBe(`audit_events is append-only: ${op} is refused`);
      expect(sqlState(err)).toBe('23001');
      expect((await t().db.query('SELECT actor FROM audit_events ORDER BY seq')).rows).toEqual([{ actor: 'engine' }, { actor: 'engine' }]);
    });

    it('refuses a fork of the chain: a second genesis, or two rows with one parent', async () => {
      expect(await stateOf(append(t().db, null, sha('other genesis')))).toBe(SQLSTATE.uniqueViolation);
      expect(await stateOf(append(t().db, sha('genesis'), sha('fork')))).toBe(SQLSTATE.uniqueViolation);
      expect(await stateOf(append(t().db, sha('second'), 'not-a-sha256'))).toBe(SQLSTATE.checkViolation);
      expect(await stateOf(append(t().db, sha('second'), sha('third')))).toBe('ok');
    });
  });

  describe('pipeline tables', () => {
    const t = useTestDb(backend, { migrate: true });

    it('accepts every lifecycle state of src/domain/lifecycle.ts, and nothing else', async () => {
      for (const state of LEAD_STATES) {
        expect({ state, result: await stateOf(t().db.query(`INSERT INTO leads (id, state) VALUES ($1, $2)`, [randomUUID(), state])) }).toEqual({ state, result: 'ok' });
      }
      expect(await stateOf(t().db.query(`INSERT INTO leads (id, state) VALUES ($1, 'lost_in_space')`, [randomUUID()]))).toBe(SQLSTATE.checkViolation);
    });

    it('defaults a new lead and links each external id to one lead only', async () => {
      const id = await newLead(t().db, { hubspot_contact_id: 'hs-1' });
      const { rows } = await t().db.query(`SELECT attempt, recycle_count, data, consent, version, created_at FROM leads WHERE id = $1`, [id]);
      expect(rows).toEqual([{ attempt: 0, recycle_count: 0, data: {}, consent: {}, version: 0, created_at: expect.any(Date) }]);
      expect(await stateOf(newLead(t().db, { hubspot_contact_id: 'hs-1' }))).toBe(SQLSTATE.uniqueViolation);
      expect(await stateOf(newLead(t().db, { owner_id: 'rm-7' }))).toBe(SQLSTATE.checkViolation);
      expect(await stateOf(newLead(t().db, { owner_id: 'rm-7', owner_kind: 'rm' }))).toBe('ok');
      expect(await stateOf(newLead(t().db, { owner_id: 'rm-7', owner_kind: 'branch' }))).toBe(SQLSTATE.checkViolation);
      expect(await stateOf(newLead(t().db, { data: JSON.stringify([1, 2]) }))).toBe(SQLSTATE.checkViolation);
    });

    it('deduplicates inbox rows by (source, source_id)', async () => {
      const insert = (): Promise<{ rowCount: number }> =>
        t().db.query(`INSERT INTO inbox (source, source_id, kind, payload) VALUES ('hubspot', 'evt-1', 'contact.propertyChange', $1) ON CONFLICT (source, source_id) DO NOTHING`, [
          JSON.stringify({ objectId: 1 }),
        ]);
      expect((await insert()).rowCount).toBe(1);
      expect((await insert()).rowCount).toBe(0);
      expect(await stateOf(t().db.query(`UPDATE inbox SET processed_at = now() WHERE source_id = 'evt-1'`))).toBe(SQLSTATE.checkViolation);
      expect(await stateOf(t().db.query(`UPDATE inbox SET processed_at = now(), outcome = 'applied' WHERE source_id = 'evt-1'`))).toBe('ok');
      expect(await stateOf(t().db.query(`INSERT INTO inbox (source, source_id, kind, payload) VALUES ('fax', 'x', 'k', '{}')`))).toBe(SQLSTATE.checkViolation);
    });

    it('keeps outbox rows to known systems, operations and states, and a claim to its lease', async () => {
      const lead = await newLead(t().db);
      const row = (status: string, extra = ''): Promise<unknown> =>
        t().db.query(`INSERT INTO outbox (lead_id, system, object, operation, record_key, payload, status${extra ? ', claimed_by, lease_until' : ''})
                      VALUES ($1, 'salesforce', 'Lead', 'upsert', $1, '{}', $2${extra})`, [lead, status]);
      expect(await stateOf(row('pending'))).toBe('ok');
      expect(await stateOf(row('claimed'))).toBe(SQLSTATE.checkViolation);
      expect(await stateOf(row('claimed', `, 'worker-1', now()`))).toBe('ok');
      expect(await stateOf(row('lost'))).toBe(SQLSTATE.checkViolation);
      expect(await stateOf(t().db.query(`INSERT INTO outbox (lead_id, system, object, operation, record_key, payload) VALUES ('no-such-lead', 'hubspot', 'contact', 'update', 'k', '{}')`))).toBe(SQLSTATE.foreignKeyViolation);
      const { rows } = await t().db.query(`SELECT lane, attempts, status FROM outbox WHERE lead_id = $1 ORDER BY id LIMIT 1`, [lead]);
      expect(rows).toEqual([{ lane: 'bulk', attempts: 0, status: 'pending' }]);
    });

    it('allows one pending timer per lead and kind', async () => {
      const lead = await newLead(t().db);
      const arm = (): Promise<unknown> => t().db.query(`INSERT INTO timers (lead_id, kind, due_at) VALUES ($1, 'sla_breach', now() + interval '1 hour')`, [lead]);
      expect(await stateOf(arm())).toBe('ok');
      expect(await stateOf(arm())).toBe(SQLSTATE.uniqueViolation);
      await t().db.query(`UPDATE timers SET status = 'fired' WHERE lead_id = $1`, [lead]);
      expect(await stateOf(arm())).toBe('ok');
      expect(await stateOf(t().db.query(`UPDATE timers SET status = 'claimed' WHERE lead_id = $1 AND status = 'pending'`, [lead]))).toBe(SQLSTATE.checkViolation);
    });

    it('stores cursors and write-ledger entries', async () => {
      await t().db.query(`INSERT INTO cursors (name, ts, last_id) VALUES ('salesforce.Lead', '2024-01-01T00:00:00Z', '00Q1') ON CONFLICT (name) DO UPDATE SET ts = EXCLUDED.ts, last_id = EXCLUDED.last_id`);
      expect((await t().db.query(`SELECT ts, last_id FROM cursors`)).rows).toEqual([{ ts: new Date('2024-01-01T00:00:00Z'), last_id: '00Q1' }]);
      const ledger = (expires: string): Promise<unknown> =>
        t().db.query(`INSERT INTO write_ledger (system, record_id, field, value_hash, written_at, expires_at) VALUES ('salesforce', '00Q1', 'Status', $1, '2024-01-01T00:00:00Z', $2)`, [sha('Open'), expires]);
      expect(await stateOf(ledger('2024-01-02T00:00:00Z'))).toBe('ok');
      expect(await stateOf(ledger('2023-12-31T00:00:00Z'))).toBe(SQLSTATE.checkViolation);
    });
  });

  describe('per-lead lookups', () => {
    const t = useTestDb(backend, { migrate: true });
    /** The plan the database picks when a table scan costs too much to choose: what indexes allow. */
    const plan = (sql: string, params: unknown[]): Promise<string> =>
      t().db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });

    // Fired and cancelled timers stay, and every lead's open timers share the status index: a
    // lead's own timers need an index keyed by the lead, or each decision reads every open timer.
    it('finds a lead\'s open timers by the lead, not among every open timer', async () => {
      const sql = `UPDATE timers SET status = 'cancelled' WHERE lead_id = $1 AND kind = ANY($2::text[]) AND status IN ('pending', 'claimed')`;
      expect(await plan(sql, ['a-lead', ['sla_accept_breach']])).toMatch(/timers_open_lead_idx[^\n]*\n[^\n]*Index Cond: \(lead_id = /);
    });

    it('finds the lead an Opportunity was converted from without reading every lead', async () => {
      const sql = `SELECT id FROM leads WHERE data->'converted'->>'opportunityId' = $1 LIMIT 1`;
      expect(await plan(sql, ['006000000000001AAA'])).toContain('leads_opportunity_idx');
    });
  });
}
