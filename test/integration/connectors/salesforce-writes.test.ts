/**
 * sObject Collections writes through jsforce against the emulator: per-record results in input
 * order (failures inside an HTTP 200), the owner Handoff sets kept against the org's assignment
 * rule, keys merged, the 200 cap, and whole-call failures classified.
 */
import type { ApiError} from '../../../src/connectors/api-failure';
import { UnexpectedResponseError } from '../../../src/connectors/api-failure';
import { HandoffError } from '../../../src/errors';
import type { SalesforceHarness } from './salesforce-harness';
import { lead, startSalesforce } from './salesforce-harness';

let h: SalesforceHarness;
beforeEach(async () => {
  h = await startSalesforce();
});
afterEach(() => h.close());

const EXT = 'HubSpot_Contact_Id__c';
const UPSERT_ROUTE = 'PATCH /composite/sobjects/:sobject/:extIdField';

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('upsert', () => {
  it('answers each record in input order, failures included, and is idempotent on the external id', async () => {
    const records = [
      lead('101'),
      { [EXT]: '102', LastName: 'NoCompany' },
      lead('103', { Handoff_Status__c: 'Maybe' }), // refused, and the value stays out of the message
      lead('104', { Handoff_Status__c: 'Pending' }),
    ];
    const first = await h.sf.upsert('Lead', EXT, records);
    expect(first).toEqual([
      { key: '101', ok: true, id: expect.stringMatching(/^00Q/), created: true },
      { key: '102', ok: false, error: { code: 'REQUIRED_FIELD_MISSING', message: expect.stringContaining('Company'), fields: ['Company'], retryable: false } },
      { key: '103', ok: false, error: { code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Handoff Status: bad value for restricted picklist field [Handoff_Status__c]', fields: ['Handoff_Status__c'], retryable: false } },
      { key: '104', ok: true, id: expect.stringMatching(/^00Q/), created: true },
    ]);
    const again = await h.sf.upsert('Lead', EXT, [lead('104', { Handoff_Status__c: 'Accepted' }), lead('101')]);
    expect(again).toEqual([
      { key: '104', ok: true, id: (first[3] as { id: string }).id, created: false },
      { key: '101', ok: true, id: (first[0] as { id: string }).id, created: false },
    ]);
    expect(h.emu.records('Lead')).toHaveLength(2);
  });

  it('sends Sforce-Auto-Assign: FALSE, so the owner Handoff routed to is kept', async () => {
    const rm = h.emu.addUser({ FirstName: 'Rita', LastName: 'Mensah' });
    const [r] = await h.sf.upsert('Lead', EXT, [lead('201', { OwnerId: rm.Id })]);
    expect(r).toMatchObject({ ok: true });
    expect(h.emu.get('Lead', (r as { id: string }).id)!['OwnerId']).toBe(rm.Id);
    // The org's rule is active: the same write without the header goes to the intake queue.
    await h.session.conn.sobject('Lead').upsert([lead('202', { OwnerId: rm.Id })], EXT, { allOrNone: false });
    const other = h.emu.records('Lead').find((l) => l[EXT] === '202')!;
    expect(other['OwnerId']).toBe(h.emu.intakeQueueId);
  });

  it('merges records with the same external id and answers records without one locally', async () => {
    const results = await h.sf.upsert('Lead', EXT, [lead('301', { FirstName: 'A' }), { LastName: 'NoKey', Company: 'X' }, lead('301', { Title: 'VP' })]);
    expect(results.map((r) => [r.key, r.ok])).toEqual([
      ['301', true],
      ['1', false],
      ['301', true],
    ]);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'MISSING_KEY', retryable: false } });
    const stored = h.emu.records('Lead').find((l) => l[EXT] === '301')!;
    expect([stored['FirstName'], stored['Title']]).toEqual(['A', 'VP']);
    expect(h.emu.callCounts().byRoute[UPSERT_ROUTE]).toBe(1);
  });

  it('refuses more than 200 records before calling: chunking is the caller’s', async () => {
    const err = await thrown(h.sf.upsert('Lead', EXT, Array.from({ length: 201 }, (_, i) => lead(String(i)))));
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toMatchObject({ code: 'SALESFORCE_BATCH_TOO_LARGE' });
  });

  it('marks UNABLE_TO_LOCK_ROW retryable and DUPLICATE_VALUE permanent', async () => {
    h.emu.use(({ route, res }) => {
      if (route !== UPSERT_ROUTE) return false;
      res.status(200).json([
        { success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] },
        { success: false, errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'duplicate value found: Email duplicates value on record with id: 00Q000000000001', fields: [] }] },
      ]);
      return true;
    });
    const results = await h.sf.upsert('Lead', EXT, [lead('401'), lead('402')]);
    expect(results.map((r) => !r.ok && [r.error.code, r.error.retryable])).toEqual([
      ['UNABLE_TO_LOCK_ROW', true],
      ['DUPLICATE_VALUE', false],
    ]);
  });
});

describe('update and create', () => {
  it('update answers by Id; an unknown Id fails alone', async () => {
    const [created] = await h.sf.upsert('Lead', EXT, [lead('501')]);
    const id = (created as { id: string }).id;
    const results = await h.sf.update('Lead', [
      { Id: id, Handoff_Status__c: 'Accepted' },
      { Id: '00Q000000000000AAA', Status: 'Working - Contacted' },
    ]);
    expect(results[0]).toEqual({ key: id, ok: true, id });
    expect(results[1]).toMatchObject({ key: '00Q000000000000AAA', ok: false, error: { retryable: false } });
    expect(h.emu.get('Lead', id)!['Handoff_Status__c']).toBe('Accepted');
  });

  it('create answers by position', async () => {
    const [created] = await h.sf.upsert('Lead', EXT, [lead('601')]);
    const results = await h.sf.create('Task', [
      { WhoId: (created as { id: string }).id, Subject: 'Accept or return by 11:30', Status: 'Not Started', Priority: 'High' },
      { WhoId: (created as { id: string }).id, Subject: 'Bad', Status: 'No Such Status', Priority: 'High' },
    ]);
    expect(results[0]).toMatchObject({ key: '0', ok: true, id: expect.stringMatching(/^00T/) });
    expect(results[1]).toMatchObject({ key: '1', ok: false });
  });
});

describe('whole-call failures', () => {
  it('a 5xx on a write is retryable (jsforce never retries PATCH)', async () => {
    h.emu.use(({ route, res }) => {
      if (route !== UPSERT_ROUTE) return false;
      res.status(503).json([{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
      return true;
    });
    const err = await thrown(h.sf.upsert('Lead', EXT, [lead('701')]));
    expect((err as ApiError).failure).toMatchObject({ system: 'salesforce', kind: 'retryable', code: 'SERVER_UNAVAILABLE', endpoint: 'PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c' });
    expect(h.emu.callCounts().byRoute[UPSERT_ROUTE]).toBe(1);
  });

  it('a connection reset is retryable', async () => {
    h.emu.use(({ route, req }) => {
      if (route !== UPSERT_ROUTE) return false;
      req.socket.destroy();
      return true;
    });
    expect(((await thrown(h.sf.upsert('Lead', EXT, [lead('702')]))) as ApiError).failure).toMatchObject({ kind: 'retryable', code: 'ECONNRESET' });
  });

  it('an answer of the wrong shape is SALESFORCE_UNEXPECTED_RESPONSE naming the endpoint', async () => {
    h.emu.use(({ route, res }) => {
      if (route !== UPSERT_ROUTE) return false;
      res.status(200).json([{ success: true, id: '00Q000000000001AAA', errors: [] }]);
      return true;
    });
    const err = await thrown(h.sf.upsert('Lead', EXT, [lead('801'), lead('802')]));
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect(err).toMatchObject({ code: 'SALESFORCE_UNEXPECTED_RESPONSE' });
    expect((err as Error).message).toBe(
      'Salesforce answered PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c with a response Handoff cannot read: (body): one result per record',
    );
  });
});
