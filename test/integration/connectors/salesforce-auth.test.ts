/**
 * Connecting to the Salesforce emulator with jsforce: the JWT bearer flow (RS256 assertion signed
 * here, checked there against the connected app's certificate), refresh on 401, no refresh loop
 * when fresh sessions are rejected too, the instance_url allowlist, and a configured token.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { ApiError } from '../../../src/connectors/api-failure';
import { SalesforceConnector, connectSalesforce, isAllowedInstanceUrl, signJwtAssertion } from '../../../src/connectors/salesforce';
import { ManualClock } from '../../../src/domain/clock';
import { HandoffError } from '../../../src/errors';
import { createSalesforceEmulator } from '../../../src/sandbox/salesforce';
import type { SalesforceHarness } from './salesforce-harness';
import { CLIENT_ID, START, USERNAME, keys, startSalesforce } from './salesforce-harness';

let h: SalesforceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('JWT bearer flow', () => {
  it('signs iss/sub/aud/exp (now + 3 min by the injected clock) with RS256', () => {
    const clock = new ManualClock(START);
    const jwt = signJwtAssertion({ clientId: CLIENT_ID, username: USERNAME, audience: 'https://login.salesforce.com/', privateKey: keys.privateKey, clock });
    const [header, claims] = jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(claims).toEqual({ iss: CLIENT_ID, sub: USERNAME, aud: 'https://login.salesforce.com', exp: Date.parse(START) / 1000 + 180 });
  });

  it('exchanges the assertion for a session on the instance the token endpoint names', async () => {
    h = await startSalesforce();
    expect(h.session.conn.instanceUrl).toBe(h.server.url);
    expect(h.session.version).toBe('62.0');
    const { records } = await h.sf.query('SELECT Id, Username FROM User');
    expect(records.map((r) => r['Username'])).toContain(USERNAME);
  });

  it('is refused with an auth failure when signed with another key', async () => {
    const clock = new ManualClock(START);
    const emu = createSalesforceEmulator({ clock, oauth: { clientId: CLIENT_ID, jwtPublicKey: keys.publicKey } });
    const server = await emu.listen();
    try {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const err = await thrown(connectSalesforce({ auth: { flow: 'jwt', loginUrl: server.url, clientId: CLIENT_ID, username: USERNAME, privateKey: other.privateKey }, clock }));
      expect((err as ApiError).failure).toMatchObject({ kind: 'auth', code: 'invalid_grant', endpoint: 'POST /services/oauth2/token' });
    } finally {
      await server.close();
    }
  });

  it('re-runs the flow on a 401 after the session expires, and the call goes through', async () => {
    h = await startSalesforce();
    const before = h.session.conn.accessToken!;
    h.emu.expireToken(before);
    const { records } = await h.sf.query('SELECT Id FROM User');
    expect(records.length).toBeGreaterThan(0);
    expect(h.session.refreshCount()).toBe(1);
    expect(h.session.conn.accessToken).not.toBe(before);
    // Later expiries refresh again: the guard only stops a refresh that did not help.
    h.emu.expireToken(h.session.conn.accessToken!);
    await h.sf.query('SELECT Id FROM User');
    expect(h.session.refreshCount()).toBe(2);
  });

  it('gives up with an auth failure when the fresh session is rejected too (no refresh loop)', async () => {
    h = await startSalesforce();
    h.emu.use(({ route, res }) => {
      if (!route.includes('/query')) return false;
      res.status(401).json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      return true;
    });
    const err = await thrown(h.sf.query('SELECT Id FROM User'));
    expect((err as ApiError).failure).toMatchObject({ system: 'salesforce', kind: 'auth', code: 'INVALID_SESSION_ID', endpoint: 'GET /query' });
    expect(h.session.refreshCount()).toBe(1);
    // The first exchange and one refresh; the query went out twice (old token, new token).
    expect(h.emu.callCounts().byRoute).toMatchObject({ 'POST /services/oauth2/token': 2, 'GET /query': 2 });
  });

  it('refuses a token answer whose instance_url is not Salesforce’s or configured (SSRF)', async () => {
    for (const instanceUrl of ['http://169.254.169.254', 'https://evil.example.com', 'https://login.salesforce.com.evil.example.com']) {
      const clock = new ManualClock(START);
      const oauth: { jwtPublicKey: string; audiences?: string[] } = { jwtPublicKey: keys.publicKey };
      const emu = createSalesforceEmulator({ clock, oauth, instanceUrl });
      const server = await emu.listen();
      oauth.audiences = [server.url]; // the assertion's aud is the login URL: this server
      try {
        const err = await thrown(connectSalesforce({ auth: { flow: 'jwt', loginUrl: server.url, clientId: CLIENT_ID, username: USERNAME, privateKey: keys.privateKey }, clock }));
        expect(err).toBeInstanceOf(HandoffError);
        expect(err).toMatchObject({ code: 'SALESFORCE_INSTANCE_NOT_ALLOWED', details: { host: new URL(instanceUrl).host } });
        expect(emu.callCounts().total).toBe(1); // the token call only: nothing went to the named host
      } finally {
        await server.close();
      }
    }
  });

  it('refuses a refresh that names another host, keeping the session where it was', async () => {
    h = await startSalesforce();
    h.emu.use(({ route, res }) => {
      if (route !== 'POST /services/oauth2/token') return false;
      res.status(200).json({ access_token: 'x', instance_url: 'https://attacker.example.net', id: 'https://login/id/00D/005', token_type: 'Bearer', issued_at: '1', signature: 's' });
      return true;
    });
    h.emu.expireToken(h.session.conn.accessToken!);
    const err = await thrown(h.sf.query('SELECT Id FROM User'));
    expect((err as ApiError).failure).toMatchObject({ kind: 'auth' });
    expect(h.session.conn.instanceUrl).toBe(h.server.url);
  });
});

describe('the allowlist', () => {
  it.each([
    ['https://acme.my.salesforce.com', true],
    ['https://na12.salesforce.com', true],
    ['https://acme--uat.sandbox.my.salesforce.com', true],
    ['https://acme.lightning.force.com', true],
    ['http://acme.my.salesforce.com', false],
    ['https://salesforce.com.evil.net', false],
    ['https://user:pw@acme.my.salesforce.com', false],
    ['http://127.0.0.1:4020', false],
  ])('%s → %s', (url, ok) => {
    expect(isAllowedInstanceUrl(url, [])).toBe(ok);
  });

  it('accepts configured sandbox origins exactly (port included)', () => {
    expect(isAllowedInstanceUrl('http://127.0.0.1:4020/', ['http://127.0.0.1:4020'])).toBe(true);
    expect(isAllowedInstanceUrl('http://127.0.0.1:4021', ['http://127.0.0.1:4020'])).toBe(false);
  });
});

describe('a configured instance URL and access token', () => {
  it('works until the token expires, then fails as auth (nothing to refresh with)', async () => {
    const clock = new ManualClock(START);
    const emu = createSalesforceEmulator({ clock });
    const server = await emu.listen();
    try {
      const session = await connectSalesforce({ auth: { flow: 'token', instanceUrl: server.url, accessToken: emu.integrationToken }, clock });
      const sf = new SalesforceConnector({ session });
      expect((await sf.query('SELECT Id FROM User')).records.length).toBeGreaterThan(0);
      emu.expireToken(emu.integrationToken);
      const err = await thrown(sf.query('SELECT Id FROM User'));
      expect((err as ApiError).failure).toMatchObject({ kind: 'auth', status: 401, code: 'INVALID_SESSION_ID' });
    } finally {
      await server.close();
    }
  });
});
