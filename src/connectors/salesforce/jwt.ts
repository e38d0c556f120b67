/**
 * The OAuth 2.0 JWT bearer assertion Salesforce's server-to-server flow takes: RS256 over
 * {iss: connected app client id, sub: integration username, aud: login URL, exp: now + 3 min},
 * signed with node:crypto. jsforce 3 has no JWT helper (its JwtOAuth2 class was removed).
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../../domain/clock';

export interface JwtClaimsInput {
  clientId: string;
  username: string;
  /** The login URL (https://login.salesforce.com, https://test.salesforce.com, or a My Domain). */
  audience: string;
  privateKey: string | KeyObject;
  clock: Clock;
  /** Salesforce accepts up to 3 minutes. */
  lifetimeSeconds?: number;
}

const b64url = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJwtAssertion(i: JwtClaimsInput): string {
  const key = typeof i.privateKey === 'string' ? createPrivateKey(i.privateKey) : i.privateKey;
  const exp = Math.floor(i.clock.now().getTime() / 1000) + (i.lifetimeSeconds ?? 180);
  const body = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ iss: i.clientId, sub: i.username, aud: i.audience.replace(/\/+$/, ''), exp })}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}
