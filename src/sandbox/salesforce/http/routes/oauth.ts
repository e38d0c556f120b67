import { createHmac, createPublicKey, verify } from 'node:crypto';
import type { Core, RouteCtx, RouteDef } from '../context';
import { bearerToken } from '../app';
import { sendJson } from '../respond';

/**
 * `POST /services/oauth2/token`: the JWT bearer grant (what Handoff uses in production), refresh
 * tokens, and client credentials (run as the integration user). Errors are OAuth's
 * `{error, error_description}` with status 400, which jsforce turns into an Error named after `error`.
 */

type OAuthFailure = { error: string; error_description: string };
type Grant = { userId: string; scope: string; refresh?: boolean } | OAuthFailure;

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const failure = (error: string, error_description: string): OAuthFailure => ({ error, error_description });

function formParams(ctx: RouteCtx): URLSearchParams {
  const raw = Buffer.isBuffer(ctx.req.body) ? ctx.req.body.toString('utf8') : '';
  const params = new URLSearchParams(raw);
  for (const [k, v] of Object.entries(ctx.req.query)) if (typeof v === 'string' && !params.has(k)) params.set(k, v);
  return params;
}

function b64json(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function userByUsername(core: Core, username: string) {
  return core.org.store.findBy('User', 'Username', username)[0];
}

function jwtGrant(core: Core, ctx: RouteCtx, assertion: string | null): Grant {
  const invalid = failure('invalid_grant', 'invalid assertion');
  const parts = (assertion ?? '').split('.');
  if (parts.length !== 3) return invalid;
  const [h, p, s] = parts as [string, string, string];
  const header = b64json(h);
  const claims = b64json(p);
  if (!header || !claims || header.alg !== 'RS256') return invalid;
  const { iss, sub, aud, exp } = claims;
  if (typeof iss !== 'string' || typeof sub !== 'string' || typeof exp !== 'number' || (typeof aud !== 'string' && !Array.isArray(aud))) {
    return invalid;
  }
  const { oauth } = core;
  if (oauth.clientId !== undefined && iss !== oauth.clientId) return failure('invalid_client_id', 'client identifier invalid');
  const audiences = oauth.audiences ?? ['https://login.salesforce.com', 'https://test.salesforce.com', core.instanceUrl(ctx.req)];
  const auds = Array.isArray(aud) ? aud : [aud];
  if (!auds.some((a) => typeof a === 'string' && audiences.includes(a.replace(/\/$/, '')))) {
    return failure('invalid_grant', 'audience is invalid');
  }
  if (exp * 1000 <= core.org.now().getTime()) return failure('invalid_grant', 'expired authorization code');
  if (oauth.jwtPublicKey !== undefined) {
    const key = typeof oauth.jwtPublicKey === 'string' ? createPublicKey(oauth.jwtPublicKey) : oauth.jwtPublicKey;
    let ok = false;
    try {
      ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
    } catch {
      ok = false;
    }
    if (!ok) return invalid;
  }
  const user = userByUsername(core, sub);
  if (!user || user.IsActive !== true) return failure('invalid_grant', "user hasn't approved this consumer");
  return { userId: String(user.Id), scope: 'api' };
}

function clientMatches(core: Core, params: URLSearchParams, needSecret: boolean): OAuthFailure | undefined {
  const { clientId, clientSecret } = core.oauth;
  if (clientId !== undefined && params.get('client_id') !== clientId) return failure('invalid_client_id', 'client identifier invalid');
  const sent = params.get('client_secret');
  const secretWrong = clientSecret === undefined ? needSecret : (needSecret || sent !== null) && sent !== clientSecret;
  return secretWrong ? failure('invalid_client', 'invalid client credentials') : undefined;
}

function grant(core: Core, ctx: RouteCtx, params: URLSearchParams): Grant {
  switch (params.get('grant_type')) {
    case JWT_BEARER:
      return jwtGrant(core, ctx, params.get('assertion'));
    case 'refresh_token': {
      const bad = clientMatches(core, params, false);
      if (bad) return bad;
      const userId = core.sessions.userForRefresh(params.get('refresh_token') ?? '');
      const user = userId ? core.org.store.get('User', userId) : undefined;
      if (!userId || !user || user.IsActive !== true) return failure('invalid_grant', 'expired access/refresh token');
      return { userId, scope: 'api refresh_token' };
    }
    case 'client_credentials': {
      const bad = clientMatches(core, params, true);
      return bad ?? { userId: core.integrationUserId, scope: 'api' };
    }
    default:
      return failure('unsupported_grant_type', 'grant type not supported');
  }
}

export const oauthRoutes: RouteDef[] = [
  {
    method: 'POST', pattern: '/services/oauth2/token', scope: 'root', auth: false,
    handler: (ctx) => {
      const { core } = ctx;
      const g = grant(core, ctx, formParams(ctx));
      if ('error' in g) {
        sendJson(ctx.res, 400, g);
        return;
      }
      const instance = core.instanceUrl(ctx.req);
      const id = `${instance}/id/${core.org.orgId}/${g.userId}`;
      const issuedAt = String(core.org.now().getTime());
      const signature = createHmac('sha256', core.oauth.clientSecret ?? core.org.orgId).update(id + issuedAt).digest('base64');
      sendJson(ctx.res, 200, {
        access_token: core.sessions.issue(g.userId),
        ...(g.refresh ? { refresh_token: core.sessions.issueRefresh(g.userId) } : {}),
        signature,
        scope: g.scope,
        instance_url: instance,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      });
    },
  },
  {
    method: 'POST', pattern: '/services/oauth2/revoke', scope: 'root', auth: false,
    handler: (ctx) => {
      const token = formParams(ctx).get('token') ?? bearerToken(ctx.req);
      if (token) ctx.core.sessions.expire(token);
      ctx.res.status(200).end();
    },
  },
];
