/**
 * A jsforce Connection for Handoff's integration user, by either configured flow:
 * (a) the OAuth 2.0 JWT bearer flow (production): sign an assertion, exchange it at
 *     `${loginUrl}/services/oauth2/token` with jsforce's OAuth2, and re-run the flow whenever
 *     jsforce meets a 401 (its `refreshFn`); or
 * (b) a configured instance URL and access token (no refresh: a 401 is an auth failure).
 * The token endpoint's `instance_url` is checked against the allowlist before any request goes
 * there, on the first exchange and on every refresh.
 *
 * jsforce re-sends a request after each refresh and refreshes again on the next 401, so a server
 * that rejects every fresh token would loop forever; the guard refuses a second refresh while no
 * call has succeeded since the first (`noteSuccess`), for a few minutes.
 *
 * Either way the connection sends each request once (transport.ts): jsforce's own retries of GETs
 * on 429 and 5xx would bypass the limiter and the retry policy.
 */
import { readFileSync } from 'node:fs';
import { Connection, OAuth2 } from 'jsforce';
import { z } from 'zod';
import type { SalesforceAuth } from '../../config/env';
import type { Clock } from '../../domain/clock';
import { HandoffError } from '../../errors';
import type { Logger } from '../../observability/logger';
import { silentLogger } from '../../observability/logger';
import { ApiError, UnexpectedResponseError } from '../api-failure';
import { classifySalesforceError } from './errors';
import { checkInstanceUrl } from './instance-url';
import { signJwtAssertion } from './jwt';
import { sendEachRequestOnce } from './transport';

export const DEFAULT_API_VERSION = '62.0';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const REFRESH_GUARD_MS = 5 * 60_000;

export interface ConnectSalesforceOptions {
  auth: SalesforceAuth;
  clock: Clock;
  /** REST API version; jsforce's own default (50.0) is too old for collections upsert. */
  version?: string;
  /** Origins besides Salesforce's domains the token endpoint may name (the sandbox's). */
  allowedInstanceOrigins?: readonly string[];
  /** Sent as Sforce-Call-Options, so Handoff's own writes can be told apart (CDC changeOrigin). */
  callOptions?: Record<string, string>;
  logger?: Logger;
}

export interface SalesforceSession {
  readonly conn: Connection;
  readonly version: string;
  /** The connector calls this after every successful call: it re-arms the refresh guard. */
  noteSuccess(): void;
  /** Token exchanges since connecting (the first one excluded). */
  refreshCount(): number;
}

const tokenResponse = z
  .object({ access_token: z.string().min(1), instance_url: z.string().min(1), id: z.string().min(1) })
  .passthrough();

type JwtAuth = Extract<SalesforceAuth, { flow: 'jwt' }>;

export async function connectSalesforce(o: ConnectSalesforceOptions): Promise<SalesforceSession> {
  const version = o.version ?? DEFAULT_API_VERSION;
  const callOptions = o.callOptions ?? { client: 'handoff' };
  const logger = o.logger ?? silentLogger();
  if (o.auth.flow === 'token') {
    const conn = new Connection({ instanceUrl: new URL(o.auth.instanceUrl).origin, accessToken: o.auth.accessToken, version, callOptions });
    sendEachRequestOnce(conn);
    return { conn, version, noteSuccess: () => undefined, refreshCount: () => 0 };
  }
  const auth = o.auth;
  const key = auth.privateKey ?? (auth.privateKeyFile !== undefined ? readFileSync(auth.privateKeyFile, 'utf8') : undefined);
  if (!key) throw new HandoffError('SALESFORCE_NO_PRIVATE_KEY', 'The JWT bearer flow needs SALESFORCE_PRIVATE_KEY or SALESFORCE_PRIVATE_KEY_FILE');
  const loginUrl = auth.loginUrl.replace(/\/+$/, '');
  // The login URL is the admin's own configuration; the sandbox answers on it.
  const allowed = [new URL(loginUrl).origin, ...(o.allowedInstanceOrigins ?? [])];
  const oauth2 = new OAuth2({ loginUrl });
  const exchange = () => exchangeJwt(oauth2, auth, loginUrl, key, o.clock, allowed);

  const first = await exchange();
  let refreshes = 0;
  let lastRefreshAt: number | undefined;
  let succeededSinceRefresh = true;
  const conn = new Connection({
    instanceUrl: first.instanceUrl,
    accessToken: first.accessToken,
    version,
    callOptions,
    refreshFn: (c, done) => {
      const now = o.clock.now().getTime();
      if (!succeededSinceRefresh && lastRefreshAt !== undefined && now - lastRefreshAt < REFRESH_GUARD_MS) {
        done(new Error('INVALID_SESSION_ID: Salesforce rejected a session issued moments ago; not refreshing again'));
        return;
      }
      exchange().then(
        (t) => {
          refreshes++;
          lastRefreshAt = now;
          succeededSinceRefresh = false;
          if (t.instanceUrl !== c.instanceUrl) c.instanceUrl = t.instanceUrl;
          logger.info('salesforce session refreshed', { refreshes });
          done(null, t.accessToken);
        },
        (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
      );
    },
  });
  sendEachRequestOnce(conn);
  return {
    conn,
    version,
    noteSuccess: () => {
      succeededSinceRefresh = true;
    },
    refreshCount: () => refreshes,
  };
}

async function exchangeJwt(
  oauth2: OAuth2,
  auth: JwtAuth,
  loginUrl: string,
  key: string,
  clock: Clock,
  allowed: readonly string[],
): Promise<{ accessToken: string; instanceUrl: string }> {
  const endpoint = 'POST /services/oauth2/token';
  const assertion = signJwtAssertion({ clientId: auth.clientId, username: auth.username, audience: loginUrl, privateKey: key, clock });
  let raw: unknown;
  try {
    raw = await oauth2.requestToken({ grant_type: JWT_BEARER, assertion });
  } catch (err) {
    const failure = classifySalesforceError(err, endpoint);
    if (failure) throw new ApiError(failure);
    throw err;
  }
  const parsed = tokenResponse.safeParse(raw);
  if (!parsed.success) throw new UnexpectedResponseError('salesforce', endpoint, 'no access_token, instance_url and id');
  return { accessToken: parsed.data.access_token, instanceUrl: checkInstanceUrl(parsed.data.instance_url, allowed) };
}
