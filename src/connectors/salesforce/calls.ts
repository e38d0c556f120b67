/**
 * Every Salesforce call goes through here: the limiter, errors classified into ApiFailure (a
 * REQUEST_LIMIT_EXCEEDED or a 429 pauses the limiter and is never retried here, nor by jsforce:
 * transport.ts), the answer checked with
 * zod, and the org's usage from Sforce-Limit-Info (jsforce keeps the last one in
 * `conn.limitInfo`) reported to the limiter, which stops bulk work first as the day runs out and
 * re-paces itself when the org's daily maximum changes.
 */
import type { z } from 'zod';
import type { Logger } from '../../observability/logger';
import { ApiError, UnexpectedResponseError } from '../api-failure';
import type { LaneLimiter } from '../lane-limiter';
import type { Lane } from '../rate-policy';
import { dailyPacing } from '../rate-policy';
import type { SalesforceSession } from './connect';
import { classifySalesforceError } from './errors';
import type { ResponseNote } from './transport';
import { withResponseNote } from './transport';

export interface ApiUsage {
  used: number;
  max: number;
}

export class SalesforceCalls {
  private usage: ApiUsage | undefined;
  private pacedFor: number | undefined;

  constructor(
    private readonly session: SalesforceSession,
    private readonly limiter: LaneLimiter | undefined,
    private readonly apiShare: number | undefined,
    private readonly logger: Logger,
  ) {}

  lastUsage(): ApiUsage | undefined {
    return this.usage;
  }

  async run<S extends z.ZodTypeAny>(endpoint: string, lane: Lane, send: () => Promise<unknown>, schema: S): Promise<z.output<S>> {
    const go = async (): Promise<z.output<S>> => {
      let raw: unknown;
      const response: ResponseNote = {};
      try {
        raw = await withResponseNote(response, send);
      } catch (err) {
        this.observeUsage();
        const failure = classifySalesforceError(err, endpoint, response);
        if (!failure) throw err;
        if (failure.kind === 'rate_limited') this.limiter?.pause(failure.retryAfterMs ?? 10_000);
        this.logger.warn('salesforce call failed', { endpoint, kind: failure.kind, code: failure.code });
        throw new ApiError(failure);
      }
      this.session.noteSuccess();
      this.observeUsage();
      const checked = schema.safeParse(raw);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new UnexpectedResponseError('salesforce', endpoint, issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'unreadable');
      }
      return checked.data as z.output<S>;
    };
    return this.limiter ? this.limiter.schedule(lane, endpoint, go) : go();
  }

  /** A reading of the daily allowance from GET /limits (the start of the day's budget). */
  observeDaily(max: number, remaining: number): void {
    this.usage = { used: max - remaining, max };
    this.report();
  }

  private observeUsage(): void {
    const u = this.session.conn.limitInfo?.apiUsage;
    if (!u) return;
    this.usage = { used: u.used, max: u.limit };
    this.report();
  }

  private report(): void {
    const u = this.usage;
    if (!u || !this.limiter) return;
    this.limiter.observeDaily({ max: u.max, remaining: u.max - u.used });
    if (this.apiShare !== undefined && u.max > 0 && u.max !== this.pacedFor) {
      this.pacedFor = u.max;
      this.limiter.updatePacing(dailyPacing(u.max, this.apiShare)).catch((e: unknown) => {
        this.logger.warn('salesforce limiter: could not re-pace', { error: String(e) });
      });
    }
  }
}
