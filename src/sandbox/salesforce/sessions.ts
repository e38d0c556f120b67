import { randomBytes } from 'node:crypto';
import type { Clock } from '../../domain/clock';

/**
 * Access and refresh tokens, each bound to one User. Tokens look like Salesforce's
 * (`<orgId>!<opaque>`). A token stops working when expired by hand, when its user is
 * deactivated (checked by the caller) or, if a session timeout is set, after that long unused.
 */
interface Session {
  userId: string;
  lastUsedMs: number;
}

export class Sessions {
  private access = new Map<string, Session>();
  private refresh = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly orgId: string,
    private readonly idleTimeoutMs?: number,
  ) {}

  private token(): string {
    return `${this.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
  }

  issue(userId: string): string {
    const t = this.token();
    this.access.set(t, { userId, lastUsedMs: this.clock.now().getTime() });
    return t;
  }

  issueRefresh(userId: string): string {
    const t = `5Aep${randomBytes(40).toString('base64url')}`;
    this.refresh.set(t, userId);
    return t;
  }

  expire(token: string): void {
    this.access.delete(token);
  }

  expireAllFor(userId: string): void {
    for (const [t, s] of this.access) if (s.userId === userId) this.access.delete(t);
  }

  /** The user a live token belongs to; touches the session. */
  resolve(token: string): string | undefined {
    const s = this.access.get(token);
    if (!s) return undefined;
    const now = this.clock.now().getTime();
    if (this.idleTimeoutMs !== undefined && now - s.lastUsedMs > this.idleTimeoutMs) {
      this.access.delete(token);
      return undefined;
    }
    s.lastUsedMs = Math.max(s.lastUsedMs, now);
    return s.userId;
  }

  userForRefresh(token: string): string | undefined {
    return this.refresh.get(token);
  }
}
