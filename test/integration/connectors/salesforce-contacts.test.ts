/**
 * Contacts by email through jsforce against the emulator: Account owner through the relationship
 * field, case-insensitive match, quotes in an address, one query per chunk of 200, and failures
 * that never carry an email.
 */
import type { ApiError } from '../../../src/connectors/api-failure';
import type { SalesforceHarness } from './salesforce-harness';
import { startSalesforce } from './salesforce-harness';

let h: SalesforceHarness;
let alice: string;
let bob: string;
beforeAll(async () => {
  h = await startSalesforce();
  alice = String(h.emu.addUser({ FirstName: 'Alice', LastName: 'Banker' }).Id);
  bob = String(h.emu.addUser({ FirstName: 'Bob', LastName: 'Banker' }).Id);
});
afterAll(async () => h?.close());
afterEach(() => h.emu.resetCounts());

const thrown = async (p: Promise<unknown>): Promise<unknown> => p.then(() => new Error('expected a failure'), (e: unknown) => e);

function customer(email: string, contactOwner: string, accountOwner: string | null): { contactId: string; accountId: string | null } {
  const account = accountOwner ? h.emu.insert('Account', { Name: `${email} household`, OwnerId: accountOwner }) : null;
  const contact = h.emu.insert('Contact', { LastName: 'Customer', Email: email, OwnerId: contactOwner, AccountId: account?.Id ?? null });
  return { contactId: String(contact.Id), accountId: account ? String(account.Id) : null };
}

it('finds Contacts by email with their owner and their Account owner, in one query', async () => {
  const withAccount = customer('jo.smith@example.com', bob, alice);
  const alone = customer("o'brien@example.com", bob, null);
  const found = await h.sf.contactsByEmail(['JO.Smith@Example.com', "O'Brien@example.com", 'nobody@example.com']);
  expect(found).toEqual(
    expect.arrayContaining([
      { contactId: withAccount.contactId, email: 'jo.smith@example.com', accountId: withAccount.accountId, contactOwnerId: bob, accountOwnerId: alice },
      { contactId: alone.contactId, email: "o'brien@example.com", accountId: null, contactOwnerId: bob, accountOwnerId: null },
    ]),
  );
  expect(found).toHaveLength(2);
  expect(h.emu.callCounts().byRoute['GET /query']).toBe(1);
});

it('asks in chunks: 450 emails are 3 queries, and every match comes back', async () => {
  const emails = Array.from({ length: 450 }, (_, i) => `bulk${i}@mail.example.com`);
  for (const e of emails.filter((_, i) => i % 50 === 0)) customer(e, alice, alice);
  const found = await h.sf.contactsByEmail(emails);
  expect(found.map((c) => c.email).sort()).toEqual(emails.filter((_, i) => i % 50 === 0).sort());
  expect(h.emu.callCounts().byRoute['GET /query']).toBe(3);
});

it('makes no call for no emails', async () => {
  expect(await h.sf.contactsByEmail([])).toEqual([]);
  expect(h.emu.callCounts().total).toBe(0);
});

it('a refused query fails with a code and a message that quotes no email', async () => {
  const off = h.emu.use(({ route, req, res }) => {
    if (route !== 'GET /query') return false;
    // Salesforce quotes the query back in MALFORMED_QUERY messages.
    res.status(400).json([{ message: `\n${String(req.query['q']).slice(0, 120)}\n ^\nERROR at Row:1:Column:60`, errorCode: 'MALFORMED_QUERY' }]);
    return true;
  });
  try {
    const err = (await thrown(h.sf.contactsByEmail(['secret.person@example.com', 'sec'.concat('ret2@x.io')]))) as ApiError;
    expect(err.failure).toMatchObject({ system: 'salesforce', kind: 'permanent', code: 'MALFORMED_QUERY', endpoint: 'GET /query (Contact by email)' });
    expect(`${err.message} ${JSON.stringify(err.failure)}`).not.toMatch(/secret|ret2/);
  } finally {
    off();
  }
});

it('a query timeout is retryable, for the caller to decide on', async () => {
  const off = h.emu.use(({ route, res }) => {
    if (route !== 'GET /query') return false;
    res.status(400).json([{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }]);
    return true;
  });
  try {
    const err = (await thrown(h.sf.contactsByEmail(['a@example.com']))) as ApiError;
    expect(err.failure).toMatchObject({ kind: 'retryable', code: 'QUERY_TIMEOUT' });
  } finally {
    off();
  }
});
