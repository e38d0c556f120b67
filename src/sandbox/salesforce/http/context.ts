import type { KeyObject } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Org } from '../org';
import type { QueryCursors } from '../query-cursors';
import type { Sessions } from '../sessions';
import type { ToolingOrg } from '../tooling';
import type { ApiUsage } from '../usage';

/** What route handlers share: the org and the emulator's session, budget and cursor state. */
export interface Core {
  org: Org;
  sessions: Sessions;
  usage: ApiUsage;
  cursors: QueryCursors;
  tooling: ToolingOrg;
  oauth: OAuthConfig;
  integrationUserId: string;
  /** Users whose calls are not charged to the daily API allowance (UI users simulated over REST). */
  uncharged: Set<string>;
  /** The instance URL token responses report: the configured one, else this server's own. */
  instanceUrl(req: Request): string;
}

export interface OAuthConfig {
  /** When set, JWT `iss` and client_credentials `client_id` must equal it. */
  clientId?: string;
  /** client_credentials needs it; also keys the token response `signature`. */
  clientSecret?: string;
  /** When set, JWT assertions must carry a valid RS256 signature for this key. */
  jwtPublicKey?: KeyObject | string;
  /** Accepted JWT `aud` values; default: https://login.salesforce.com, https://test.salesforce.com and the instance URL. */
  audiences?: string[];
}

export interface RouteCtx {
  core: Core;
  req: Request;
  res: Response;
  params: Record<string, string>;
  /** The User whose token made the call (undefined on unauthenticated routes). */
  userId: string;
  /** The parsed JSON body (undefined when none was sent). */
  body: unknown;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: Method;
  /** Under the version base (`/sobjects/:sobject`) for scope 'data'; absolute otherwise. */
  pattern: string;
  scope: 'data' | 'root';
  auth: boolean;
  handler(ctx: RouteCtx): void | Promise<void>;
}

/** A hook ahead of every matched route (fault injection): return true when it has answered. */
export interface CallInfo {
  method: string;
  /** The call-count key: `METHOD /route-pattern`. */
  route: string;
  userId?: string;
  req: Request;
  res: Response;
}
export type Interceptor = (call: CallInfo) => boolean | Promise<boolean>;
