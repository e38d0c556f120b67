/**
 * Sessions and the token endpoint, driven by jsforce's own OAuth2 and refresh machinery.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Connection } from 'jsforce';
import { raw, startHarness, type Harness } from './harness';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function jwt(claims: Record<string, unknown>, key: KeyObject = privateKey): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'RS256' })}.${part(claims)}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ oauth: { clientId: 'handoff-app', clientSecret: 's3cret', jwtPublicKey: publicKey } });
});
afterEach(() => h.close());

const claims = (over: Record<string, unknown> = {}) => ({
  iss: 'handoff-app',
  sub: 'handoff.integration@bank.sandbox',
  aud: 'https://login.salesforce.com',
  exp: Math.floor(h.clock.now().getTime() / 1000) + 180,
  ...over,
});

function jwtConnection(refreshed: string[]): Connection {
  return new Connection({
    oauth2: { loginUrl: h.server.url, clientId: 'handoff-app' },
    instanceUrl: h.server.url,
    accessToken: 'stale-token',
    version: '62.0',
    refreshFn: (c, cb) => {
      c.authorize({ grant_type: JWT_BEARER, assertion: jwt(claims()) }).then(
        () => {
          refreshed.push(c.accessToken!);
          cb(null, c.accessToken!);
        },
        (e: Error) => cb(e),
      );
    },
  });
}

describe('JWT bearer grant', () => {
  it('issues a token jsforce accepts, with id, instance_url and signature', async () => {
    const conn = new Connection({ oauth2: { loginUrl: h.server.url, clientId: 'handoff-app' }, version: '62.0' });
    const info = await conn.authorize({ grant_type: JWT_BEARER, assertion: jwt(claims()) });
    expect(info).toEqual({ id: h.emu.integrationUserId, organizationId: h.emu.orgId, url: `${h.server.url}/id/${h.emu.orgId}/${h.emu.integrationUserId}` });
    expect(conn.instanceUrl).toBe(h.server.url);
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    expect(await conn.identity()).toMatchObject({ user_id: h.emu.integrationUserId, username: 'handoff.integration@bank.sandbox' });

    const token = await raw(h, 'POST', '/services/oauth2/token', {
      token: null,
      body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: jwt(claims()) }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(token.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(token.json).toEqual({
      access_token: expect.stringMatching(new RegExp(`^${h.emu.orgId.slice(0, 15)}!`)),
      signature: expect.any(String),
      scope: 'api',
      instance_url: h.server.url,
      id: `${h.server.url}/id/${h.emu.orgId}/${h.emu.integrationUserId}`,
      token_type: 'Bearer',
      issued_at: String(h.clock.now().getTime()),
    });
  });

  it.each([
    ['a bad signature', () => jwt(claims(), other.privateKey), 'invalid_grant', 'invalid assertion'],
    ['a malformed assertion', () => 'not.a.jwt', 'invalid_grant', 'invalid assertion'],
    ['a missing sub', () => jwt(claims({ sub: undefined })), 'invalid_grant', 'invalid assertion'],
    ['another client', () => jwt(claims({ iss: 'someone-else' })), 'invalid_client_id', 'client identifier invalid'],
    ['another audience', () => jwt(claims({ aud: 'https://evil.example' })), 'invalid_grant', 'audience is invalid'],
    ['an expired assertion', () => jwt(claims({ exp: Math.floor(h.clock.now().getTime() / 1000) - 1 })), 'invalid_grant', 'expired authorization code'],
    ['an unknown user', () => jwt(claims({ sub: 'nobody@bank.sandbox' })), 'invalid_grant', "user hasn't approved this consumer"],
  ])('refuses %s', async (_what, make, error, description) => {
    const conn = new Connection({ oauth2: { loginUrl: h.server.url, clientId: 'handoff-app' }, version: '62.0' });
    await expect(conn.authorize({ grant_type: JWT_BEARER, assertion: make() })).rejects.toMatchObject({ name: error, message: description });
  });
});

describe('401 and refresh', () => {
  it('answers INVALID_SESSION_ID; jsforce calls refreshFn once and the retry succeeds', async () => {
    const refreshed: string[] = [];
    const conn = jwtConnection(refreshed);
    const res = await Promise.all([conn.query('SELECT Id FROM Lead'), conn.query('SELECT Id FROM User')]);
    expect(res.map((r) => r.totalSize)).toEqual([0, 1]);
    expect(refreshed).toHaveLength(1); // one refresh per burst
    expect(h.emu.callCounts().byRouteStatus).toMatchObject({ 'GET /query 401': 2, 'GET /query 200': 2, 'POST /services/oauth2/token 200': 1 });

    h.emu.expireToken(conn.accessToken!);
    await conn.query('SELECT Id FROM Lead');
    expect(refreshed).toHaveLength(2);
  });

  it('without a refresh delegate the 401 surfaces as INVALID_SESSION_ID', async () => {
    const token = h.emu.issueToken(h.emu.integrationUserId);
    h.emu.expireToken(token);
    await expect(h.connect(token).query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
  });

  it('refreshes with a refresh token through jsforce’s OAuth2 flow', async () => {
    const conn = new Connection({
      oauth2: { loginUrl: h.server.url, clientId: 'handoff-app', clientSecret: 's3cret' },
      instanceUrl: h.server.url,
      accessToken: 'expired',
      refreshToken: h.emu.issueRefreshToken(h.emu.integrationUserId),
      version: '62.0',
    });
    const events: string[] = [];
    conn.on('refresh', (t: string) => events.push(t));
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    expect(events).toHaveLength(1);

    const bad = new Connection({
      oauth2: { loginUrl: h.server.url, clientId: 'handoff-app' },
      instanceUrl: h.server.url,
      accessToken: 'expired',
      refreshToken: 'not-a-refresh-token',
      version: '62.0',
    });
    await expect(bad.query('SELECT Id FROM User')).rejects.toThrow('expired access/refresh token');
  });

  it('runs client credentials as the integration user', async () => {
    const conn = new Connection({ oauth2: { loginUrl: h.server.url, clientId: 'handoff-app', clientSecret: 's3cret' }, version: '62.0' });
    const info = await conn.authorize({ grant_type: 'client_credentials' });
    expect(info.id).toBe(h.emu.integrationUserId);
    const wrong = new Connection({ oauth2: { loginUrl: h.server.url, clientId: 'handoff-app', clientSecret: 'nope' }, version: '62.0' });
    await expect(wrong.authorize({ grant_type: 'client_credentials' })).rejects.toMatchObject({ name: 'invalid_client' });
  });

  it('accepts `OAuth <token>` and refuses tokens of deactivated users', async () => {
    const rm = h.emu.addUser({ FirstName: 'Rita', LastName: 'Mendes' });
    const token = h.emu.issueToken(String(rm.Id));
    expect((await raw(h, 'GET', '/services/data/v62.0/limits', { token: null, headers: { Authorization: `OAuth ${token}` } })).status).toBe(200);
    h.emu.setUserActive(String(rm.Id), false);
    const res = await raw(h, 'GET', '/services/data/v62.0/limits', { token });
    expect(res.status).toBe(401);
    expect(res.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('expires idle sessions when a timeout is set', async () => {
    const timed = await startHarness({ sessionIdleTimeoutMs: 2 * 3600_000 });
    try {
      await timed.conn.query('SELECT Id FROM Lead');
      timed.clock.advance(2 * 3600_000 + 1000);
      await expect(timed.conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    } finally {
      await timed.close();
    }
  });
});
