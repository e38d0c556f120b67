import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Backend, TestDb } from '../../../support/db';
import { createTestDb } from '../../../support/db';
import { runCli } from '../../../support/cli';
import type { Db } from '../../../../src/store/db';
import { migrate } from '../../../../src/store/migrate';
import { openPglite } from '../../../../src/store/pglite';
import { applyPlan } from '../../../../src/engine/apply';
import { runDispatchOnce } from '../../../../src/engine/dispatcher';
import type { WriteResult } from '../../../../src/engine/dispatcher';
import { createRetryPolicy } from '../../../../src/engine/retry-policy';
import { FakeWriter, clockAt, newLeadPlan } from '../support';

/** The database a spawned `handoff` sees: a PGlite folder (opened only while no CLI runs) or a pg schema. */
interface CliDb {
  env: NodeJS.ProcessEnv;
  use<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

async function cliDb(backend: Backend): Promise<CliDb> {
  if (backend === 'pg') {
    const t: TestDb = await createTestDb('pg', { migrate: true });
    return { env: { DATABASE_URL: t.databaseUrl, HANDOFF_DATA_DIR: '' }, use: (fn) => fn(t.db), dispose: () => t.dispose() };
  }
  // HANDOFF_DATA_DIR is Handoff's folder; PGlite keeps its files in pgdata/ there.
  const home = mkdtempSync(path.join(os.tmpdir(), 'handoff-engine-cli-'));
  const dir = path.join(home, 'pgdata');
  const use = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openPglite({ dataDir: dir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  await use((db) => migrate(db));
  return { env: { DATABASE_URL: '', HANDOFF_DATA_DIR: home }, use, dispose: async () => rmSync(home, { recursive: true, force: true }) };
}

const missingName: WriteResult = { ok: false, failure: { kind: 'permanent', code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' } };
const badEmail: WriteResult = { ok: false, failure: { kind: 'permanent', code: 'INVALID_EMAIL', message: 'Property values were not valid' } };

/** Two leads, three dead writes in two classes, one held write, five audit events. */
async function seed(db: Db): Promise<void> {
  const clock = clockAt('2025-03-03T09:00:00Z');
  const sf = (recordKey: string, payload: Record<string, unknown>, operation: 'upsert' | 'create' = 'upsert') => ({ system: 'salesforce' as const, object: 'Lead', operation, recordKey, payload });
  await applyPlan(db, newLeadPlan('L1', { outbox: [sf('hs-1', { LastName: '' }), sf('hs-1', { Status: 'Open' }, 'create')] }), clock);
  await applyPlan(db, newLeadPlan('L2', { outbox: [sf('hs-2', { LastName: '' }), { system: 'hubspot', object: 'contacts', operation: 'update', recordKey: '202', payload: { email: 'x' } }] }), clock);
  clock.advance(60_000);
  const writer = new FakeWriter((item) => (item.recordKey === '202' ? badEmail : missingName));
  await runDispatchOnce({ db, clock, writer, coalesce: false, policy: createRetryPolicy({ maxAttempts: 1 }) });
  await applyPlan(db, { lead: { id: 'L1', expectedVersion: 0, set: { state: 'ready' } }, audit: { type: 'lead.ready', actor: 'engine', summary: 'ready' } }, clock);
  // A change no handler could read, dead after its attempts: inbox id 1.
  await db.query(
    `INSERT INTO inbox (source, source_id, kind, payload, received_at, available_at, processed_at, outcome, attempts, last_error, last_error_code)
     VALUES ('hubspot', '303@1741000000000', 'contact', '{"id": "303"}', $1, $1, $1, 'dead', 10, 'Cannot use ''in'' operator to search for ''email'' in undefined', 'TypeError')`,
    [clock.now().toISOString()],
  );
}

export function cliCases(backend: Backend): void {
  // Each spawned CLI opens the database anew (PGlite starts its WASM engine): slow on a busy machine.
  jest.setTimeout(120_000);
  let c: CliDb;
  const cli = (...args: string[]) => runCli(args, { env: c.env });
  beforeAll(async () => {
    c = await cliDb(backend);
    await c.use(seed);
  });
  afterAll(() => c.dispose());

  it('handoff dlq list shows each error class with counts and record keys', async () => {
    const text = await cli('dlq', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        '2 error classes: 3 records, 3 dead rows; 1 held row and 0 lead writes waiting behind them',
        '',
        'salesforce:REQUIRED_FIELD_MISSING  2 records (2 dead rows, 1 held row, 0 lead writes), last 2025-03-03T09:01:00.000Z',
        '  last error: Required fields are missing: [LastName]',
        '  records:    hs-1, hs-2',
        '',
        'hubspot:INVALID_EMAIL  1 record (1 dead row, 0 held rows, 0 lead writes), last 2025-03-03T09:01:00.000Z',
        '  last error: Property values were not valid',
        '  records:    202',
        '',
        'dead inbox items (changes Handoff could not handle): 1 item in 1 error class',
        '',
        'inbox:hubspot:TypeError  1 item (contact), last 2025-03-03T09:01:00.000Z',
        "  last error: Cannot use 'in' operator to search for 'email' in undefined",
        '  items:      #1 (303@1741000000000)',
        '',
        'Lead writes wait in the lead itself: its contact status and Tasks until its Salesforce Lead is created, the steps after a lifecycle clear.',
        'Retry a class once its cause is fixed: handoff dlq retry --class CLASS',
        'Give up on one:                         handoff dlq discard --record KEY | --inbox ID --reason "…"',
        '',
      ].join('\n'),
    );
    const json = await cli('dlq', 'list', '--json', '--examples', '1');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ class: 'salesforce:REQUIRED_FIELD_MISSING', records: 2, deadRows: 2, heldRows: 1, examples: ['hs-1'] }),
      expect.objectContaining({ class: 'hubspot:INVALID_EMAIL', records: 1, examples: ['202'] }),
      expect.objectContaining({ queue: 'inbox', class: 'inbox:hubspot:TypeError', items: 1, examples: [{ id: 1, sourceId: '303@1741000000000' }] }),
    ]);
  });

  it('handoff dlq retry and discard act on what the selector names, and say when nothing matched', async () => {
    const none = await cli('dlq', 'retry');
    expect(none).toMatchObject({ code: 1, stderr: 'handoff: say which dead writes to retry: exactly one of --id, --record, --class or --inbox (see `handoff dlq list`) [DLQ_SELECTOR]\n' });
    const noReason = await cli('dlq', 'discard', '--record', 'hs-1');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain("error: required option '--reason <text>' not specified");

    const discard = await cli('dlq', 'discard', '--record', 'hs-1', '--reason', 'duplicate of another lead', '--actor', 'operator:test', '--json');
    expect(discard).toMatchObject({ code: 0 });
    expect(JSON.parse(discard.stdout)).toEqual({ records: 1, deadRows: 1, releasedRows: 1, discardedHeldRows: 0, leadWrites: { released: 0, waiting: 0 } });
    const retry = await cli('dlq', 'retry', '--class', 'salesforce:REQUIRED_FIELD_MISSING');
    expect(retry).toMatchObject({ code: 0, stdout: 'retried 1 record: 1 dead row and 0 held rows back to pending\n' });
    const nothing = await cli('dlq', 'retry', '--class', 'salesforce:REQUIRED_FIELD_MISSING', '--json');
    expect(nothing.code).toBe(1);
    expect(JSON.parse(nothing.stdout)).toEqual({ error: { code: 'DLQ_NO_MATCH', message: 'no dead write matches --class salesforce:REQUIRED_FIELD_MISSING (see `handoff dlq list`)' } });
    const audit = await c.use((db) => db.query(`SELECT lead_id, actor, type FROM audit_events WHERE type LIKE 'outbox.%' ORDER BY seq`));
    expect(audit.rows).toEqual([
      { lead_id: 'L1', actor: 'operator:test', type: 'outbox.discarded' },
      { lead_id: 'L2', actor: expect.stringMatching(/^operator:/), type: 'outbox.retried' },
    ]);
  });

  it('handoff audit verify and export: intact chain, JSONL with the head on stderr, then a tampered row found', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit trail intact: 5 events checked, head seq \d+ sha256 [0-9a-f]{64}\n$/);

    const out = path.join(os.tmpdir(), `handoff-audit-${process.pid}-${backend}.jsonl`);
    const exp = await cli('audit', 'export', '--lead', 'L1', '--out', out);
    expect(exp.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { leadId: string; type: string; hash: string; seq: number });
    rmSync(out);
    expect(lines.map((l) => [l.leadId, l.type])).toEqual([['L1', 'lead.captured'], ['L1', 'lead.ready'], ['L1', 'outbox.discarded']]);
    const head = /^chain head: (\d+):([0-9a-f]{64}) \(3 events exported to .*\)\n$/.exec(exp.stderr);
    expect(head).not.toBeNull();

    // The operator actions above were stamped with the real time; the seed with the test clock.
    const stdout = await cli('audit', 'export', '--since', '2025-03-03T09:01:00Z', '--until', '2025-03-04');
    expect(stdout.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['lead.ready']);
    const badDate = await cli('audit', 'export', '--since', 'yesterday');
    expect(badDate).toMatchObject({ code: 1, stderr: 'handoff: --since must be an ISO-8601 date or time such as 2025-01-31 or 2025-01-31T09:00:00Z, got "yesterday" [BAD_DATE]\n' });

    const seq = lines[1]!.seq;
    await c.use((db) => db.query(`ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET summary = 'nothing happened' WHERE seq = ${seq}; ALTER TABLE audit_events ENABLE TRIGGER USER`));
    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`^audit trail BROKEN at seq ${seq}: row ${seq} was changed: its content no longer matches its hash\n\\d+ events? before it check out; the trail must not be trusted from seq ${seq} on.\n$`));
    const json = await cli('audit', 'verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBadSeq: seq });
  });
  // Last: it adds audit events, which the audit test above counts.
  it('handoff dlq discard of a Lead create that never landed says what became of the writes waiting on it', async () => {
    await c.use(async (db) => {
      const clock = clockAt('2025-03-03T10:00:00Z');
      const task = { key: 'L3:accept:1', ownerUsername: 'rm@bank.example', subject: 'Accept or return by 11:30', description: '', activityDate: '2025-03-03', dueAt: '2025-03-03T11:30:00.000Z', priority: 'High', status: 'Not Started' };
      const data = { pending: { awaitLead: true, hubspot: [{ handoff_status: 'routed' }], tasks: [task], lane: 'critical' } };
      await applyPlan(db, newLeadPlan('L3', {
        lead: { id: 'L3', expectedVersion: 'new', set: { state: 'routed', hubspotContactId: '303', data } },
        outbox: [{ system: 'salesforce', object: 'Lead', operation: 'upsert', recordKey: '303', payload: { LastName: 'Moreno', Referral_Source__c: 'much too long' } }],
      }), clock);
      const tooLong: WriteResult = { ok: false, failure: { kind: 'permanent', code: 'STRING_TOO_LONG', message: 'Referral source: data value too large' } };
      await runDispatchOnce({ db, clock, writer: new FakeWriter((item) => (item.recordKey === '303' ? tooLong : { ok: true })), policy: createRetryPolicy({ maxAttempts: 1 }) });
    });
    const list = await cli('dlq', 'list');
    expect(list.stdout).toContain('salesforce:STRING_TOO_LONG  1 record (1 dead row, 0 held rows, 2 lead writes), last 2025-03-03T10:00:00.000Z\n');
    const discard = await cli('dlq', 'discard', '--record', '303', '--reason', 'marketing fixes the referral source');
    expect(discard).toMatchObject({
      code: 0,
      stdout: [
        'discarded 1 dead row of 1 record; 0 held rows released',
        "lead writes that waited on them: 1 released, 1 waiting for the Salesforce Lead (a Task needs its id), which the lead's next decision creates",
        '',
      ].join('\n'),
    });
    const help = await cli('dlq', 'discard', '--help');
    expect(help.stdout).toContain("released now; the owner's Task waits for the new Lead, as it needs its id.");
  });

  it('handoff dlq retry and discard take dead inbox items by id or inbox class', async () => {
    const retry = await cli('dlq', 'retry', '--inbox', '1');
    expect(retry).toMatchObject({ code: 0, stdout: 'retried 1 dead inbox item: handled again at the next inbox run\n' });
    const again = await cli('dlq', 'discard', '--inbox', '1', '--reason', 'contact deleted');
    expect(again).toMatchObject({ code: 1, stderr: 'handoff: no dead inbox item matches --inbox 1 (see `handoff dlq list`) [DLQ_NO_MATCH]\n' });
    await c.use((db) => db.query(`UPDATE inbox SET processed_at = available_at, outcome = 'dead', attempts = 10 WHERE id = 1`));
    const discard = await cli('dlq', 'discard', '--class', 'inbox:hubspot:TypeError', '--reason', 'contact deleted', '--json');
    expect(discard).toMatchObject({ code: 0 });
    expect(JSON.parse(discard.stdout)).toEqual({ items: 1 });
    const badId = await cli('dlq', 'retry', '--inbox', '#1');
    expect(badId).toMatchObject({ code: 1, stderr: 'handoff: --inbox must be an inbox item id (a number, as `handoff dlq list` shows it after #), got "#1" [DLQ_SELECTOR]\n' });
  });
}
