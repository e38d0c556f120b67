import type { Backend } from '../../../support/db';
import { useTestDb } from '../../../support/db';
import type { Db } from '../../../../src/store/db';
import type { ManualClock } from '../../../../src/domain/clock';
import type { DispatchDeps, DispatchResult, RecordWriter } from '../../../../src/engine/dispatcher';
import { runDispatchOnce } from '../../../../src/engine/dispatcher';
import { claimOutbox } from '../../../../src/engine/outbox';
import { createRetryPolicy } from '../../../../src/engine/retry-policy';
import { FakeWriter, clockAt, createLead, enqueueRows, resetTables, row, secondHandle, statuses } from '../support';

/** Deterministic jitter: always the top of the range, so "later" is exactly the cap. */
const policy = (maxAttempts = 3) => createRetryPolicy({ maxAttempts, random: () => 0.999999 });

function dispatcher(db: Db, clock: ManualClock, writer: RecordWriter, extra: Partial<DispatchDeps> = {}) {
  return (): Promise<DispatchResult> => runDispatchOnce({ db, clock, writer, workerId: 'w1', policy: policy(), ...extra });
}

export function dispatchCases(backend: Backend): void {
  const t = useTestDb(backend, { migrate: true });
  beforeEach(() => resetTables(t().db));

  it('two dispatchers racing over 1,000 rows send every row exactly once', async () => {
    const clock = clockAt();
    const items = Array.from({ length: 1000 }, (_, i) => row(`k${i}`, { n: i }, i % 3 === 0 ? { system: 'hubspot', object: 'contacts', operation: 'update' } : {}));
    await enqueueRows(t().db, clock, items);
    const writer = new FakeWriter();
    const other = await secondHandle(backend, t().db, t().schema);
    try {
      const drain = async (db: Db, workerId: string): Promise<number> => {
        let claimed = 0;
        for (;;) {
          const r = await runDispatchOnce({ db, clock, writer, workerId, maxRecords: 150, policy: policy() });
          if (r.claimed === 0) return claimed;
          claimed += r.claimed;
        }
      };
      const [a, b] = await Promise.all([drain(t().db, 'A'), drain(other.db, 'B')]);
      expect(a + b).toBe(1000);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
    expect(writer.writes.size).toBe(1000);
    expect([...writer.writes.values()].every((n) => n === 1)).toBe(true);
    for (const c of writer.calls) expect(c.items.length).toBeLessThanOrEqual(c.system === 'hubspot' ? 100 : 200);
    expect(await t().db.query(`SELECT status, count(*)::int AS n FROM outbox GROUP BY status`).then((r) => r.rows)).toEqual([{ status: 'done', n: 1000 }]);
  });

  it('batches per (system, object, operation) up to 200 for Salesforce and 100 for HubSpot', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [
      ...Array.from({ length: 250 }, (_, i) => row(`s${i}`, { i })),
      ...Array.from({ length: 150 }, (_, i) => row(`h${i}`, { i }, { system: 'hubspot', object: 'contacts' })),
      row('c1', { i: 1 }, { operation: 'create' }),
    ]);
    const writer = new FakeWriter();
    const r = await dispatcher(t().db, clock, writer)();
    expect(r).toMatchObject({ claimed: 401, sent: 401, succeeded: 401, failed: 0, dead: 0 });
    expect(writer.calls.map((c) => [c.system, c.object, c.operation, c.items.length]).sort()).toEqual([
      ['hubspot', 'contacts', 'upsert', 100],
      ['hubspot', 'contacts', 'upsert', 50],
      ['salesforce', 'Lead', 'create', 1],
      ['salesforce', 'Lead', 'upsert', 200],
      ['salesforce', 'Lead', 'upsert', 50],
    ]);
  });

  it('coalesces three pending updates to one record into one write with the payloads merged in id order', async () => {
    const clock = clockAt();
    const ids = await enqueueRows(t().db, clock, [
      row('r1', { Status: 'New', Phone: '+15550001' }, { operation: 'update' }),
      row('r1', { Status: 'Working' }, { operation: 'update' }),
      row('r1', { Phone: '+15550002', Rating: 'Hot' }, { operation: 'update' }),
    ]);
    const writer = new FakeWriter();
    const r = await dispatcher(t().db, clock, writer)();
    expect(r).toMatchObject({ claimed: 3, sent: 1, succeeded: 1 });
    expect(writer.calls).toEqual([
      { system: 'salesforce', object: 'Lead', operation: 'update', items: [{ rowIds: ids, recordKey: 'r1', payload: { Status: 'Working', Phone: '+15550002', Rating: 'Hot' } }], lane: 'bulk' },
    ]);
    expect((await statuses(t().db)).map((s) => s.status)).toEqual(['done', 'done', 'done']);
  });

  it('keeps per-record order: a later write waits until the earlier one has succeeded', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('a', { v: 1 }), row('b', { v: 1 }), row('a', { v: 2 }), row('a', { v: 3 }, { operation: 'create' })]);
    let failFirst = true;
    const writer = new FakeWriter((item) => {
      if (item.recordKey === 'a' && failFirst) {
        failFirst = false;
        return { ok: false, failure: { kind: 'retryable', code: 'UNABLE_TO_LOCK_ROW', message: 'row locked' } };
      }
      return { ok: true };
    });
    const run = dispatcher(t().db, clock, writer, { coalesce: false });
    await run();
    expect(writer.sentKeys()).toEqual(['a', 'b']);
    expect(await run()).toMatchObject({ claimed: 0 });
    clock.advance(5 * 60_000);
    await run();
    await run();
    await run();
    expect(writer.calls.filter((c) => c.items[0]!.recordKey === 'a').map((c) => c.items[0]!.payload)).toEqual([{ v: 1 }, { v: 1 }, { v: 2 }, { v: 3 }]);
    expect(writer.store.get('a')).toEqual({ v: 3 });
  });

  it('only the head operation absorbs later ones: create + update merge, a later upsert waits its turn', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('x', { a: 1 }, { operation: 'create' }), row('x', { b: 2 }, { operation: 'update' }), row('x', { c: 3 }, { operation: 'upsert' })]);
    const writer = new FakeWriter();
    const run = dispatcher(t().db, clock, writer);
    await run();
    await run();
    expect(writer.calls.map((c) => [c.operation, c.items[0]!.payload])).toEqual([
      ['create', { a: 1, b: 2 }],
      ['upsert', { c: 3 }],
    ]);
  });

  it('sends the critical lane first', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('bulk1', {}), row('bulk2', {}), row('crit', {}, { lane: 'critical' })]);
    const writer = new FakeWriter();
    await dispatcher(t().db, clock, writer, { maxRecords: 1 })();
    expect(writer.sentKeys()).toEqual(['crit']);
    // The lane goes to the writer too, for the connectors' limiters.
    expect(writer.calls[0]!.lane).toBe('critical');
    await dispatcher(t().db, clock, writer)();
    expect(writer.calls[1]!.lane).toBe('bulk');
  });

  it('takes back the claim of a worker killed mid-send once its lease has passed, and the idempotent write lands once', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('k', { Status: 'Working' }), row('k', { Rating: 'Hot' }, { operation: 'update' })]);
    // Worker A: sends, then its process dies before it can record the result (the call never returns).
    let sending!: () => void;
    const sent = new Promise<void>((r) => (sending = r));
    const dying = new FakeWriter(() => {
      sending();
      return new Promise(() => undefined);
    });
    void runDispatchOnce({ db: t().db, clock, writer: dying, workerId: 'A', leaseMs: 60_000, policy: policy() });
    await sent;
    const writer = new FakeWriter();
    const b = dispatcher(t().db, clock, writer, { workerId: 'B', leaseMs: 60_000 });
    expect(await b()).toMatchObject({ claimed: 0 });
    expect((await statuses(t().db)).map((s) => s.status)).toEqual(['claimed', 'claimed']);
    clock.advance(60_001);
    expect(await b()).toMatchObject({ released: 2, claimed: 2, sent: 1, succeeded: 1 });
    expect(writer.store.get('k')).toEqual({ Status: 'Working', Rating: 'Hot' });
    expect(writer.writes.get('k')).toBe(1);
    expect(await statuses(t().db)).toEqual([
      { id: expect.any(Number), record_key: 'k', status: 'done', attempts: 2 },
      { id: expect.any(Number), record_key: 'k', status: 'done', attempts: 2 },
    ]);
  });

  it('dead-letters a row whose workers keep dying once its attempts are used up', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('poison', {}), row('poison', { later: true }, { operation: 'upsert' })]);
    for (let i = 0; i < 2; i++) {
      await claimOutbox(t().db, { workerId: `crash${i}`, clock, leaseMs: 1000, limit: 10, maxAttempts: 2, coalesce: false });
      clock.advance(1001);
    }
    const r = await runDispatchOnce({ db: t().db, clock, writer: new FakeWriter(), maxAttempts: 2, policy: policy(2) });
    expect(r).toMatchObject({ dead: 1, claimed: 0 });
    const { rows } = await t().db.query(`SELECT status, last_error_kind, last_error FROM outbox ORDER BY id`);
    expect(rows).toEqual([
      { status: 'dead', last_error_kind: 'lease_expired', last_error: 'lease expired: the worker that claimed this write stopped before recording a result' },
      { status: 'held', last_error_kind: null, last_error: null },
    ]);
  });

  it('reads partial batch results: permanent failures dead, the rest done', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, ['p1', 'p2', 'p3', 'p4', 'p5'].map((k) => row(k, { k })));
    const writer = new FakeWriter((item) =>
      item.recordKey === 'p2' || item.recordKey === 'p4'
        ? { ok: false, failure: { kind: 'permanent', code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' } }
        : { ok: true, id: `00Q${item.recordKey}` },
    );
    const r = await dispatcher(t().db, clock, writer)();
    expect(r).toMatchObject({ claimed: 5, sent: 5, succeeded: 3, failed: 0, dead: 2 });
    expect(writer.calls).toHaveLength(1);
    const { rows } = await t().db.query(`SELECT record_key, status, last_error_code, last_error, result FROM outbox ORDER BY id`);
    expect(rows).toEqual([
      { record_key: 'p1', status: 'done', last_error_code: null, last_error: null, result: { id: '00Qp1' } },
      { record_key: 'p2', status: 'dead', last_error_code: 'REQUIRED_FIELD_MISSING', last_error: 'Required fields are missing: [LastName]', result: null },
      { record_key: 'p3', status: 'done', last_error_code: null, last_error: null, result: { id: '00Qp3' } },
      { record_key: 'p4', status: 'dead', last_error_code: 'REQUIRED_FIELD_MISSING', last_error: 'Required fields are missing: [LastName]', result: null },
      { record_key: 'p5', status: 'done', last_error_code: null, last_error: null, result: { id: '00Qp5' } },
    ]);
  });

  it('retries with backoff, goes dead after N attempts with the last error, and holds later rows for that record', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('n', { v: 1 }), row('other', { v: 1 })]);
    let attempt = 0;
    const writer = new FakeWriter((item) => (item.recordKey === 'n' ? { ok: false, failure: { kind: 'retryable', code: 'SERVER_UNAVAILABLE', message: `503 on attempt ${++attempt}` } } : { ok: true }));
    const run = dispatcher(t().db, clock, writer);
    expect(await run()).toMatchObject({ failed: 1, succeeded: 1 });
    const next = await t().db.query<{ next_attempt_at: Date }>(`SELECT next_attempt_at FROM outbox WHERE record_key = 'n'`);
    // Full jitter at the top of attempt 1's range: base 1 s.
    expect(next.rows[0]!.next_attempt_at.getTime() - clock.now().getTime()).toBe(1000);
    // A create cannot ride along with the upsert head: it waits behind it, pending.
    await enqueueRows(t().db, clock, [row('n', { v: 2 }, { operation: 'create' })]);
    clock.advance(999);
    expect(await run()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await run()).toMatchObject({ failed: 1 });
    clock.advance(2000);
    expect(await run()).toMatchObject({ dead: 1 });
    expect(attempt).toBe(3);
    const { rows } = await t().db.query(`SELECT status, attempts, last_error, last_error_kind, last_error_code FROM outbox WHERE record_key = 'n' ORDER BY id`);
    expect(rows).toEqual([
      { status: 'dead', attempts: 3, last_error: '503 on attempt 3', last_error_kind: 'retryable', last_error_code: 'SERVER_UNAVAILABLE' },
      { status: 'held', attempts: 0, last_error: null, last_error_kind: null, last_error_code: null },
    ]);
    // A write enqueued after the death starts held, and nothing of the record is sent.
    await enqueueRows(t().db, clock, [row('n', { v: 3 }, { operation: 'upsert' })]);
    clock.advance(3600_000);
    expect(await run()).toMatchObject({ claimed: 0 });
    expect((await statuses(t().db, 'n')).map((s) => s.status)).toEqual(['dead', 'held', 'held']);
  });

  it('releases a held row that has no dead row before it (an enqueue that raced an operator retry)', async () => {
    const clock = clockAt();
    const [id] = await enqueueRows(t().db, clock, [row('orphan', { v: 1 })]);
    await t().db.query(`UPDATE outbox SET status = 'held' WHERE id = $1`, [id]);
    const writer = new FakeWriter();
    expect(await dispatcher(t().db, clock, writer)()).toMatchObject({ succeeded: 1 });
    expect(writer.sentKeys()).toEqual(['orphan']);
  });

  it('never retries a rate-limited write at once, honours retryAfterMs, and does not count it as an attempt', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('rl1', {}), row('rl2', {}, { system: 'hubspot', object: 'contacts' })]);
    const writer = new FakeWriter((item) => ({
      ok: false,
      failure: { kind: 'rate_limited', code: item.recordKey === 'rl1' ? 'REQUEST_LIMIT_EXCEEDED' : '429', message: 'slow down', ...(item.recordKey === 'rl2' ? { retryAfterMs: 30_000 } : {}) },
    }));
    const run = dispatcher(t().db, clock, writer);
    expect(await run()).toMatchObject({ failed: 2 });
    expect(await run()).toMatchObject({ claimed: 0 });
    const { rows } = await t().db.query<{ record_key: string; attempts: number; next_attempt_at: Date }>(`SELECT record_key, attempts, next_attempt_at FROM outbox ORDER BY id`);
    const delay = (k: string) => rows.find((r) => r.record_key === k)!.next_attempt_at.getTime() - clock.now().getTime();
    expect(delay('rl1')).toBeGreaterThanOrEqual(1000);
    expect(delay('rl2')).toBeGreaterThanOrEqual(30_000);
    expect(rows.map((r) => r.attempts)).toEqual([0, 0]);
  });

  it('backs a record off further each time it is rate-limited in a row, and starts over after another outcome', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('rl', {})]);
    const answers: ('rate_limited' | 'retryable')[] = ['rate_limited', 'rate_limited', 'rate_limited', 'retryable', 'rate_limited'];
    const writer = new FakeWriter(() => ({ ok: false, failure: { kind: answers.shift()!, message: 'slow down' } }));
    const run = dispatcher(t().db, clock, writer, { policy: createRetryPolicy({ maxAttempts: 5, baseMs: 1000, random: () => 1 }) });
    const seen: { delay: number; attempts: number; streak: number }[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await run()).toMatchObject({ failed: 1 });
      const { rows } = await t().db.query<{ attempts: number; rate_limited_streak: number; next_attempt_at: Date }>(`SELECT attempts, rate_limited_streak, next_attempt_at FROM outbox`);
      const r = rows[0]!;
      seen.push({ delay: r.next_attempt_at.getTime() - clock.now().getTime(), attempts: r.attempts, streak: r.rate_limited_streak });
      clock.set(r.next_attempt_at);
    }
    expect(seen).toEqual([
      { delay: 1000, attempts: 0, streak: 1 },
      { delay: 2000, attempts: 0, streak: 2 },
      { delay: 4000, attempts: 0, streak: 3 },
      // A 5xx counts as the first attempt and ends the streak; the next rate limit starts from the bottom.
      { delay: 1000, attempts: 1, streak: 0 },
      { delay: 1000, attempts: 1, streak: 1 },
    ]);
  });

  it('treats a thrown batch call as a retryable failure of every record in it', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('t1', {}), row('t2', {})]);
    const writer: RecordWriter = { write: () => Promise.reject(new Error('socket hang up')) };
    expect(await dispatcher(t().db, clock, writer)()).toMatchObject({ sent: 2, failed: 2 });
    const { rows } = await t().db.query(`SELECT status, attempts, last_error FROM outbox ORDER BY id`);
    expect(rows).toEqual([
      { status: 'pending', attempts: 1, last_error: 'batch call failed: socket hang up' },
      { status: 'pending', attempts: 1, last_error: 'batch call failed: socket hang up' },
    ]);
  });

  it('hands the id the other system answered to onWritten, in the transaction that marks the row done', async () => {
    const clock = clockAt();
    await createLead(t().db, clock, 'L1');
    await enqueueRows(t().db, clock, [row('hs-1', { LastName: 'Lovelace' }, { operation: 'create', leadId: 'L1' })]);
    const writer = new FakeWriter(() => ({ ok: true, id: '00Q000000000001' }));
    const r = await dispatcher(t().db, clock, writer, {
      onWritten: async (tx, w) => {
        await tx.query('UPDATE leads SET salesforce_lead_id = $1 WHERE id = $2', [w.id, w.leadId]);
      },
    })();
    expect(r.written).toEqual([{ system: 'salesforce', object: 'Lead', operation: 'create', recordKey: 'hs-1', leadId: 'L1', rowIds: [expect.any(Number)], lane: 'bulk', id: '00Q000000000001' }]);
    expect((await t().db.query(`SELECT salesforce_lead_id FROM leads WHERE id = 'L1'`)).rows).toEqual([{ salesforce_lead_id: '00Q000000000001' }]);
  });
  it('settles only the records whose claim it still holds: one taken over mid-call is left to its new holder', async () => {
    const clock = clockAt();
    await enqueueRows(t().db, clock, [row('kept', { n: 1 }), row('lost', { n: 2 }), row('failed', { n: 3 })]);
    // While the call is out, another worker takes over 'lost' (its lease ran out and it was reclaimed).
    const writer = new FakeWriter(async (item) => {
      if (item.recordKey === 'lost') await t().db.query(`UPDATE outbox SET claimed_by = 'w2' WHERE record_key = 'lost'`);
      return item.recordKey === 'failed' ? { ok: false, failure: { kind: 'retryable', message: 'try again' } } : { ok: true, id: `id-${item.recordKey}` };
    });
    const r = await dispatcher(t().db, clock, writer)();
    expect(r).toMatchObject({ claimed: 3, sent: 3, succeeded: 1, failed: 1, lostLease: 1 });
    expect(r.written.map((w) => w.recordKey)).toEqual(['kept']);
    const { rows } = await t().db.query<{ record_key: string; status: string; claimed_by: string | null; result: unknown }>(`SELECT record_key, status, claimed_by, result FROM outbox ORDER BY id`);
    expect(rows).toEqual([
      { record_key: 'kept', status: 'done', claimed_by: null, result: { id: 'id-kept' } },
      { record_key: 'lost', status: 'claimed', claimed_by: 'w2', result: null },
      { record_key: 'failed', status: 'pending', claimed_by: null, result: null },
    ]);
  });
}
