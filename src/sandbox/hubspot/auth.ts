/**
 * Private-app bearer tokens and their scopes. A token from `accessTokens` may do everything; one
 * listed in `tokenScopes` only what its scopes allow (403 MISSING_SCOPES otherwise).
 */
import type { ErrorExtras } from './wire';

export const SCOPES = {
  contactsRead: 'crm.objects.contacts.read',
  contactsWrite: 'crm.objects.contacts.write',
  schemasRead: 'crm.schemas.contacts.read',
  schemasWrite: 'crm.schemas.contacts.write',
  listsRead: 'crm.lists.read',
  listsWrite: 'crm.lists.write',
  communicationPreferencesRead: 'communication_preferences.read',
  communicationPreferencesWrite: 'communication_preferences.write',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const UNAUTHENTICATED_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export type AuthDecision =
  | { ok: true; token: string }
  | { ok: false; status: 401 | 403; message: string; extras: ErrorExtras };

export class TokenRegistry {
  private readonly full: Set<string>;
  private readonly scoped: Map<string, Set<string>>;

  constructor(accessTokens: string[], tokenScopes: Record<string, string[]> = {}) {
    this.full = new Set(accessTokens);
    this.scoped = new Map(Object.entries(tokenScopes).map(([t, s]) => [t, new Set(s)]));
  }

  addToken(token: string, scopes?: string[]): void {
    if (scopes) this.scoped.set(token, new Set(scopes));
    else this.full.add(token);
  }

  check(authorization: string | undefined, scope: Scope): AuthDecision {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = m?.[1];
    if (!token || (!this.full.has(token) && !this.scoped.has(token))) {
      return { ok: false, status: 401, message: UNAUTHENTICATED_MESSAGE, extras: { category: 'INVALID_AUTHENTICATION' } };
    }
    const scopes = this.scoped.get(token);
    if (!this.full.has(token) && scopes && !scopes.has(scope)) {
      return {
        ok: false,
        status: 403,
        message:
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        extras: {
          errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
          links: { scopes: 'https://developers.hubspot.com/scopes' },
          category: 'MISSING_SCOPES',
        },
      };
    }
    return { ok: true, token };
  }
}
