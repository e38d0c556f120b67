import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ENV_VARIABLES, hasRealCredentials, loadEnv, mappingsDirFrom } from '../../../src/config/env';
import { defaultMappingsDir } from '../../../src/paths';

const PEM = '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----';

describe('loadEnv', () => {
  it('fills every default from an empty environment (demo mode)', () => {
    const { env, errors, warnings } = loadEnv({}, { stdoutIsTTY: false });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(env).toEqual({
      HANDOFF_DATA_DIR: './.handoff',
      HUBSPOT_BASE_URL: 'https://api.hubapi.com',
      HUBSPOT_TIER: 'starter',
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      SALESFORCE_API_VERSION: '62.0',
      SALESFORCE_API_SHARE: 0.25,
      SALESFORCE_MAX_CONCURRENCY: 10,
      PORT: 8080,
      TRUST_PROXY: false,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      MAPPINGS_DIR: defaultMappingsDir(),
      credentials: 'none',
    });
    expect(hasRealCredentials(env!)).toBe(false);
  });

  it('logs pretty on a terminal unless LOG_FORMAT says otherwise', () => {
    expect(loadEnv({}, { stdoutIsTTY: true }).env?.LOG_FORMAT).toBe('pretty');
    expect(loadEnv({ LOG_FORMAT: 'json' }, { stdoutIsTTY: true }).env?.LOG_FORMAT).toBe('json');
  });

  it('treats VAR= as unset', () => {
    const { env, errors } = loadEnv({ REDIS_URL: '', PORT: ' ', HUBSPOT_ACCESS_TOKEN: '' });
    expect(errors).toEqual([]);
    expect(env?.PORT).toBe(8080);
    expect(env?.credentials).toBe('none');
  });

  it('collects every problem at once, naming variables and never their values', () => {
    const source = {
      DATABASE_URL: 'mysql://handoff:pa55-w0rd-x@db.internal/handoff',
      REDIS_URL: 'http://cache:6379',
      HUBSPOT_TIER: 'gold',
      SALESFORCE_API_SHARE: '1.5',
      SALESFORCE_API_VERSION: 'v62',
      EVENTS_API_TOKEN: 'tok-123',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      HUBSPOT_APP_SECRET: 'app-secret-value-1',
    };
    const { env, errors } = loadEnv(source);
    expect(env).toBeUndefined();
    expect(errors).toEqual([
      'DATABASE_URL: must be a postgres:// URL',
      'REDIS_URL: must be a redis:// or rediss:// URL',
      'HUBSPOT_TIER: must be one of starter, professional, enterprise, api_add_on',
      'SALESFORCE_API_VERSION: must be an API version such as 62.0',
      'SALESFORCE_API_SHARE: must be a fraction greater than 0 and at most 1, such as 0.25',
      'EVENTS_API_TOKEN: must be at least 16 characters (a bearer token that is hard to guess)',
      'PORT: must be a port number 0-65535',
      'LOG_LEVEL: must be one of error, warn, info, http, verbose, debug, silly',
      'HUBSPOT_ACCESS_TOKEN: missing; HUBSPOT_APP_SECRET is set, which only makes sense with a HubSpot token',
    ]);
    for (const value of Object.values(source)) for (const e of errors) expect(e).not.toContain(value);
  });

  it('takes SALESFORCE_MAX_CONCURRENCY as a whole number from 1 to 25', () => {
    expect(loadEnv({ SALESFORCE_MAX_CONCURRENCY: '4' }).env?.SALESFORCE_MAX_CONCURRENCY).toBe(4);
    expect(loadEnv({ SALESFORCE_MAX_CONCURRENCY: '25' }).env?.SALESFORCE_MAX_CONCURRENCY).toBe(25);
    for (const bad of ['0', '26', '2.5', 'ten', '-1']) {
      expect(loadEnv({ SALESFORCE_MAX_CONCURRENCY: bad }).errors).toEqual([
        'SALESFORCE_MAX_CONCURRENCY: must be a whole number from 1 to 25 (Salesforce allows 25 long-running requests at once per org, shared with its other apps)',
      ]);
    }
  });

  it('reports half-configured credentials by what is missing', () => {
    const { errors } = loadEnv({
      SALESFORCE_CLIENT_ID: '3MVG9-client-id',
      SALESFORCE_ACCESS_TOKEN: '00D-secret-session-token',
      HUBSPOT_APP_SECRET: 'app-secret-value',
    });
    expect(errors).toEqual([
      'SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY or SALESFORCE_PRIVATE_KEY_FILE: missing; the JWT bearer flow needs SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and a private key',
      'SALESFORCE_INSTANCE_URL: missing; SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN go together',
      'HUBSPOT_ACCESS_TOKEN: missing; HUBSPOT_APP_SECRET is set, which only makes sense with a HubSpot token',
    ]);
  });

  it('derives the Salesforce flow and which systems are real', () => {
    const token = loadEnv({ SALESFORCE_INSTANCE_URL: 'https://bank.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: 'x', HUBSPOT_ACCESS_TOKEN: 'pat-na1-x' });
    expect(token.env?.salesforceAuth).toEqual({ flow: 'token', instanceUrl: 'https://bank.my.salesforce.com', accessToken: 'x' });
    expect(token.env?.credentials).toBe('both');
    expect(hasRealCredentials(token.env!)).toBe(true);

    const jwt = loadEnv({ SALESFORCE_CLIENT_ID: 'cid', SALESFORCE_USERNAME: 'integration@bank.example', SALESFORCE_PRIVATE_KEY: PEM });
    expect(jwt.errors).toEqual([]);
    expect(jwt.env?.credentials).toBe('salesforce-only');
    expect(jwt.env?.salesforceAuth).toMatchObject({ flow: 'jwt', loginUrl: 'https://login.salesforce.com', clientId: 'cid', username: 'integration@bank.example' });
    // Keys pasted into one-line env files keep their line breaks as \n.
    expect(jwt.env?.salesforceAuth?.flow === 'jwt' && jwt.env.salesforceAuth.privateKey?.split('\n')).toHaveLength(3);

    expect(loadEnv({ HUBSPOT_ACCESS_TOKEN: 'pat' }).env?.credentials).toBe('hubspot-only');
  });

  it('checks the private key file exists, and that only one key source is given', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-env-'));
    const keyFile = path.join(dir, 'server.key');
    writeFileSync(keyFile, PEM);
    const base = { SALESFORCE_CLIENT_ID: 'cid', SALESFORCE_USERNAME: 'integration@bank.example' };
    expect(loadEnv({ ...base, SALESFORCE_PRIVATE_KEY_FILE: keyFile }).env?.salesforceAuth).toMatchObject({ flow: 'jwt', privateKeyFile: keyFile });
    expect(loadEnv({ ...base, SALESFORCE_PRIVATE_KEY_FILE: path.join(dir, 'missing.key') }).errors).toEqual([
      'SALESFORCE_PRIVATE_KEY_FILE: names a file that does not exist',
    ]);
    expect(loadEnv({ ...base, SALESFORCE_PRIVATE_KEY_FILE: keyFile, SALESFORCE_PRIVATE_KEY: PEM }).errors).toEqual([
      'SALESFORCE_PRIVATE_KEY, SALESFORCE_PRIVATE_KEY_FILE: set one of them, not both',
    ]);
  });

  it('warns about misspelt Handoff variables instead of ignoring them silently', () => {
    const { warnings, errors } = loadEnv({ SALESFORCE_CLIENTID: 'x', HUBSPOT_TEIR: 'enterprise', PATH: '/usr/bin' });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'HUBSPOT_TEIR: not a Handoff variable, ignored (did you mean "HUBSPOT_TIER"?)',
      'SALESFORCE_CLIENTID: not a Handoff variable, ignored (did you mean "SALESFORCE_CLIENT_ID"?)',
    ]);
  });

  it('never echoes a secret, whatever it is (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9+/_-]{12,40}$/);
    fc.assert(
      fc.property(secret, secret, secret, (a, b, c) => {
        const { errors } = loadEnv({
          DATABASE_URL: `mysql://svc:${a}@db/handoff`,
          SALESFORCE_PRIVATE_KEY: b,
          SALESFORCE_ACCESS_TOKEN: c,
          EVENTS_API_TOKEN: a.slice(0, 10),
          HUBSPOT_APP_SECRET: b,
        });
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) for (const s of [a, b, c, a.slice(0, 10)]) expect(e).not.toContain(s);
      }),
    );
  });

  it.each([
    ['false', false],
    ['TRUE', true],
    ['1', 1],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8,fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
    ['203.0.113.7', ['203.0.113.7']],
  ] as const)('TRUST_PROXY=%s is express\'s trust proxy %j', (raw, value) => {
    expect(loadEnv({ TRUST_PROXY: raw }).env?.TRUST_PROXY).toEqual(value);
  });

  it('refuses a TRUST_PROXY or PUBLIC_BASE_URL it cannot use, and keeps the base URL without a trailing slash', () => {
    for (const raw of ['yes', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/8']) {
      expect(loadEnv({ TRUST_PROXY: raw }).errors).toEqual([
        'TRUST_PROXY: must be true, false, a number of proxy hops, or addresses and subnets (loopback, uniquelocal, 10.0.0.0/8), comma-separated',
      ]);
    }
    for (const raw of ['handoff.bank.example', 'ftp://handoff.bank.example', 'https://handoff.bank.example/?x=1']) {
      expect(loadEnv({ PUBLIC_BASE_URL: raw }).errors).toEqual(['PUBLIC_BASE_URL: must be an http(s) URL such as https://handoff.bank.example (no query)']);
    }
    expect(loadEnv({ PUBLIC_BASE_URL: 'https://handoff.bank.example/' }).env?.PUBLIC_BASE_URL).toBe('https://handoff.bank.example');
  });

  it('mappingsDirFrom reads MAPPINGS_DIR alone', () => {
    expect(mappingsDirFrom({ MAPPINGS_DIR: '/etc/handoff/mappings', PORT: 'not-a-port' })).toBe('/etc/handoff/mappings');
    expect(mappingsDirFrom({})).toBe(defaultMappingsDir());
  });

  it('.env.example documents every variable, each with a comment, and parses clean as it is', () => {
    const lines = readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8').split('\n');
    const vars = lines.map((l, i) => ({ m: /^([A-Z0-9_]+)=(.*)$/.exec(l), comment: lines[i - 1] ?? '' })).filter((x) => x.m);
    expect(vars.map((v) => v.m?.[1]).sort()).toEqual([...ENV_VARIABLES].sort());
    for (const v of vars) expect(v.comment).toMatch(/^# \S/);
    const { errors, warnings } = loadEnv(Object.fromEntries(vars.map((v) => [v.m?.[1], v.m?.[2]])));
    expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
  });
});
