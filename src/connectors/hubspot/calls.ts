/**
 * Every HubSpot call goes through here: the lane limiter of its endpoint class, the rate-limit
 * headers reported back to that limiter, errors classified into ApiFailure (a 429 pauses the
 * limiter, and so do batch inputs a 207 says a rate limit refused; neither is retried here), and
 * the raw JSON body checked with zod before anyone reads it. The SDK's `...WithHttpInfo` variants
 * give us status and headers; the body is re-read as text (the SDK keeps the bytes) so the check
 * sees the wire, not the SDK's half-filled models.
 */
import type { z } from 'zod';
import type { Logger } from '../../observability/logger';
import type { RecordResult } from '../api-failure';
import { ApiError, UnexpectedResponseError } from '../api-failure';
import type { LaneLimiter } from '../lane-limiter';
import type { Lane } from '../rate-policy';
import { parseHubSpotRateHeaders } from '../rate-policy';
import { classifyHubSpotError, isApiException } from './errors';

export type EndpointClass = 'general' | 'search';

export interface HubSpotLimiters {
  general: LaneLimiter;
  search: LaneLimiter;
}

/** The part of the SDK's HttpInfo we use. */
export interface HttpInfoLike {
  httpStatusCode: number;
  headers: Record<string, string>;
  body: { text(): Promise<string> };
}

export interface Call {
  endpoint: string;
  cls?: EndpointClass;
  lane?: Lane;
}

/** The SDK sets no timeout at all; a hung request would hold a limiter slot forever. */
export const DEFAULT_HUBSPOT_TIMEOUT_MS = 60_000;

export class HubSpotCalls {
  private readonly now: () => number;

  constructor(
    private readonly limiters: HubSpotLimiters | undefined,
    private readonly logger: Logger,
    nowMs?: () => number,
    private readonly timeoutMs = DEFAULT_HUBSPOT_TIMEOUT_MS,
  ) {
    this.now = nowMs ?? Date.now;
  }

  /** A call whose 2xx body must match `schema`. */
  async json<S extends z.ZodTypeAny>(call: Call, send: () => Promise<HttpInfoLike>, schema: S): Promise<{ status: number; body: z.output<S> }> {
    return this.limited(call, async () => {
      const info = await this.send(call, send);
      const text = await info.body.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new UnexpectedResponseError('hubspot', call.endpoint, `HTTP ${info.httpStatusCode} with a body that is not JSON`);
      }
      const checked = schema.safeParse(parsed);
      if (!checked.success) throw new UnexpectedResponseError('hubspot', call.endpoint, describeIssues(checked.error));
      return { status: info.httpStatusCode, body: checked.data as z.output<S> };
    });
  }

  /** A call answered with no body we need (204 or an ignored echo). */
  async noBody(call: Call, send: () => Promise<HttpInfoLike>): Promise<number> {
    return this.limited(call, async () => (await this.send(call, send)).httpStatusCode);
  }

  /**
   * Inputs of a batch that a rate limit refused (in a 207) pause the budget as a whole-call 429
   * would: the limit is the portal's, and the next batch would meet it too.
   */
  noteRateLimitedInputs(call: Call, results: readonly RecordResult[]): void {
    const limited = results.flatMap((r) => (!r.ok && r.error.rateLimit ? [r.error.rateLimit] : []));
    if (limited.length === 0) return;
    for (const l of limited) this.pauseFor(call, l.policy, l.waitMs);
    this.logger.warn('hubspot refused batch inputs for a rate limit', { endpoint: call.endpoint, inputs: limited.length, code: limited[0]!.policy });
  }

  private limited<T>(call: Call, fn: () => Promise<T>): Promise<T> {
    const limiter = this.limiters?.[call.cls ?? 'general'];
    return limiter ? limiter.schedule(call.lane ?? 'critical', call.endpoint, fn) : fn();
  }

  private async send(call: Call, send: () => Promise<HttpInfoLike>): Promise<HttpInfoLike> {
    try {
      const info = await withTimeout(send(), this.timeoutMs);
      this.observe(call, info.headers);
      return info;
    } catch (err) {
      if (isApiException(err)) this.observe(call, err.headers);
      const failure = classifyHubSpotError(err, call.endpoint, this.now());
      if (failure) {
        if (failure.kind === 'rate_limited') this.pauseFor(call, failure.code, failure.retryAfterMs ?? 10_000);
        this.logger.warn('hubspot call failed', { endpoint: call.endpoint, kind: failure.kind, status: failure.status, code: failure.code });
        throw new ApiError(failure);
      }
      if (err instanceof SyntaxError || (err instanceof Error && /is not supported by ObjectSerializer|mediaType/i.test(err.message))) {
        throw new UnexpectedResponseError('hubspot', call.endpoint, err.message.split('\n')[0] ?? 'unreadable body');
      }
      throw err;
    }
  }

  private pauseFor(call: Call, policy: string | undefined, ms: number): void {
    // The daily limit is the account's: search stops with everything else.
    if (policy === 'DAILY') {
      this.limiters?.general.pause(ms);
      this.limiters?.search.pause(ms);
    } else {
      this.limiters?.[call.cls ?? 'general'].pause(ms);
    }
  }

  private observe(call: Call, headers: Record<string, string>): void {
    const limiter = this.limiters?.[call.cls ?? 'general'];
    if (!limiter) return;
    const h = parseHubSpotRateHeaders(headers);
    if (h.window) limiter.observeWindow(h.window);
    if (h.daily) {
      this.limiters?.general.observeDaily(h.daily);
      this.limiters?.search.observeDaily(h.daily);
    }
  }
}

export function describeIssues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');
}

/**
 * Rejects with a timeout error after `ms`. The SDK cannot abort its request: it may still land,
 * which is why every write Handoff makes is an idempotent upsert or update.
 */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  p.catch(() => undefined); // a late failure of the abandoned request is not ours to report
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
