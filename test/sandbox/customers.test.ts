/**
 * Existing customers in the sandbox: chosen emails made customers of an RM (API and admin route),
 * and the share of generated prospects who already bank with us, the same for the same seed.
 */
import type { Sandbox } from '../../src/sandbox';
import { getJson, sandbox } from './support';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ seed: 5 });
});
afterAll(async () => sb?.stop());

const post = (url: string, body: unknown) => getJson(url, { method: 'POST', body: JSON.stringify(body) });

test('seedCustomers: an Account and a Contact per email, both owned by the RM’s User', () => {
  const [c] = sb.seedCustomers([{ email: 'pat.known@mail.example.com', rmId: 'yuki_tanaka', firstname: 'Pat', lastname: 'Known' }]);
  const yuki = sb.roster.byRmId.get('yuki_tanaka')!;
  expect(sb.salesforce.get('Contact', c!.contactId)).toMatchObject({ Email: 'pat.known@mail.example.com', OwnerId: yuki.userId, AccountId: c!.accountId, LastName: 'Known' });
  expect(sb.salesforce.get('Account', c!.accountId)).toMatchObject({ OwnerId: yuki.userId, Type: 'Customer' });
  expect(() => sb.seedCustomers([{ email: 'x@mail.example.com', rmId: 'nobody' }])).toThrow(expect.objectContaining({ code: 'SANDBOX_UNKNOWN_RM' }));
});

test('POST /customers makes emails customers; an unknown RM or a bad email is a 400 and creates nothing', async () => {
  const before = sb.salesforce.records('Contact').length;
  const r = await post(`${sb.adminUrl}/customers`, { customers: [{ email: 'a.known@mail.example.com', rm: 'sofia_alvarez' }, { email: 'b.known@mail.example.com', rm: 'kevin_obrien' }] });
  expect(r.status).toBe(201);
  expect(r.json.customers).toEqual([
    { rmId: 'sofia_alvarez', accountId: expect.any(String), contactId: expect.any(String) },
    { rmId: 'kevin_obrien', accountId: expect.any(String), contactId: expect.any(String) },
  ]);
  expect(await post(`${sb.adminUrl}/customers`, { customers: [{ email: 'c.known@mail.example.com', rm: 'nobody' }] })).toMatchObject({ status: 400, json: { error: { code: 'UNKNOWN_RM' } } });
  expect(await post(`${sb.adminUrl}/customers`, { customers: [{ email: 'not-an-email', rm: 'sofia_alvarez' }] })).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
  expect(sb.salesforce.records('Contact')).toHaveLength(before + 2);
});

test('the share of existing customers among prospects is set per batch, and the same seed picks the same people', async () => {
  const none = sb.seedProspects(50, { existingCustomerShare: 0 });
  expect(none.existingCustomers).toBe(0);
  const all = sb.seedProspects(50, { existingCustomerShare: 1 });
  expect(all.existingCustomers).toBe(all.prospects.filter((p) => p.flaws.length === 0).length);
  const r = await post(`${sb.adminUrl}/prospects`, { count: 20, existingCustomerShare: 1 });
  expect(r).toMatchObject({ status: 201, json: { existingCustomers: expect.any(Number) } });
  expect(r.json.existingCustomers).toBeGreaterThan(15);

  const pick = async () => {
    const other = await sandbox({ seed: 7 });
    try {
      return other.seedProspects(200).prospects.filter((p) => p.existingCustomer).map((p) => [p.email, p.existingCustomer!.rmId]);
    } finally {
      await other.stop();
    }
  };
  const first = await pick();
  expect(first.length).toBeGreaterThan(0);
  expect(await pick()).toEqual(first);
});
