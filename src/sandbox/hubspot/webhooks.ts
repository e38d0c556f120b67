/**
 * Webhook deliveries as HubSpot makes them: contact events batched (up to 100) into JSON-array
 * POSTs, signed v3 (base64 HMAC-SHA256 of method + URI + body + timestamp) and v1, retried with
 * exponential backoff on non-2xx, timeouts and network errors, `attemptNumber` counting up, until
 * `maxAttempts`. Nothing is sent on its own: `flush()` sends what is due by the injected clock, and
 * the optional loop only calls `flush()` on a real timer.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../observability/logger';
import type { ContactEvent } from './contacts/types';

export interface WebhookOptions {
  /** Full target URL, e.g. http://127.0.0.1:8080/webhooks/hubspot. */
  url: string;
  /** Events per request, at most 100 (HubSpot's maximum). */
  batchSize?: number;
  /** Attempts per event in all, the first included (HubSpot: 10). */
  maxAttempts?: number;
  /** How long to wait for the receiver, in real ms (HubSpot: 5 s). */
  timeoutMs?: number;
  /** Delay before the first retry, by the emulator's clock; doubles per attempt. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Subscribed properties for contact.propertyChange; all when absent. */
  properties?: string[];
}

export interface WebhookEvent {
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource: string;
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: 'contact.creation' | 'contact.propertyChange' | 'contact.deletion';
  attemptNumber: number;
  sourceId?: string;
  changeFlag?: string;
  isSensitive?: boolean;
}

export interface DeliveryAttempt {
  /** HTTP status, or 'timeout' / 'network' when there was none. */
  outcome: number | 'timeout' | 'network';
  events: number;
  ok: boolean;
}

export interface DeliveryReport {
  requests: DeliveryAttempt[];
  delivered: number;
  /** Events that failed this time and are scheduled again. */
  retrying: number;
  /** Events that failed their last allowed attempt this time. */
  dropped: number;
  /** Events still queued after this flush (due later). */
  pending: number;
}

interface Queued {
  event: WebhookEvent;
  dueAt: number;
}

const SUBSCRIPTION_IDS = { 'contact.creation': 1, 'contact.deletion': 2 } as const;
const USER_AGENT = 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio-http-client) - WebhooksExecutorDaemon-executor';
// HubSpot decodes these before signing the URI (API-FACTS A7).
const DECODE: [string, string][] = [
  ['%3A', ':'], ['%2F', '/'], ['%3F', '?'], ['%40', '@'], ['%21', '!'], ['%24', '$'], ['%27', "'"],
  ['%28', '('], ['%29', ')'], ['%2A', '*'], ['%2C', ','], ['%3B', ';'],
];

export function uriForSignature(url: string): string {
  let out = url;
  for (const [enc, ch] of DECODE) out = out.split(enc).join(ch).split(enc.toLowerCase()).join(ch);
  return out;
}

export function signV3(secret: string, method: string, url: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${method}${uriForSignature(url)}${body}${timestamp}`, 'utf8').digest('base64');
}

export function signV1(secret: string, body: string): string {
  return createHash('sha256').update(secret + body, 'utf8').digest('hex');
}

export class WebhookDispatcher {
  private opts: Required<Omit<WebhookOptions, 'properties'>> & { properties?: Set<string> } | undefined;
  private queue: Queued[] = [];
  private readonly deadLetters: WebhookEvent[] = [];
  private readonly propertySubscriptions = new Map<string, number>();
  private nextEventId = 100;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly ids: { appId: number; portalId: number },
    private readonly appSecret: string,
    private readonly logger: Logger,
  ) {}

  configure(opts: WebhookOptions | undefined): void {
    if (!opts) {
      this.opts = undefined;
      return;
    }
    this.opts = {
      url: opts.url,
      batchSize: Math.min(100, Math.max(1, opts.batchSize ?? 100)),
      maxAttempts: Math.max(1, opts.maxAttempts ?? 10),
      timeoutMs: opts.timeoutMs ?? 5_000,
      retryBaseMs: opts.retryBaseMs ?? 60_000,
      retryMaxMs: opts.retryMaxMs ?? 8 * 3_600_000,
      ...(opts.properties ? { properties: new Set(opts.properties) } : {}),
    };
  }

  get configured(): boolean {
    return this.opts !== undefined;
  }

  /** Events waiting to be sent (due now or later), in send order. */
  queued(): WebhookEvent[] {
    return this.queue.map((q) => q.event);
  }

  /** Events given up on after `maxAttempts`. */
  dropped(): WebhookEvent[] {
    return [...this.deadLetters];
  }

  enqueue(e: ContactEvent): void {
    if (!this.opts) return;
    if (e.kind === 'propertyChange' && this.opts.properties && !this.opts.properties.has(e.propertyName)) return;
    const subscriptionType = `contact.${e.kind}` as WebhookEvent['subscriptionType'];
    const base = {
      objectId: Number(e.contactId),
      ...(e.kind === 'propertyChange' ? { propertyName: e.propertyName, propertyValue: e.propertyValue } : {}),
      changeSource: e.source.changeSource,
      eventId: this.nextEventId++,
      subscriptionId: e.kind === 'propertyChange' ? this.subscriptionFor(e.propertyName) : SUBSCRIPTION_IDS[subscriptionType as keyof typeof SUBSCRIPTION_IDS],
      portalId: this.ids.portalId,
      appId: this.ids.appId,
      occurredAt: e.at,
      subscriptionType,
      attemptNumber: 0,
      ...(e.source.sourceId !== undefined ? { sourceId: e.source.sourceId } : {}),
      ...(e.kind === 'creation' ? { changeFlag: 'CREATED' } : {}),
      ...(e.kind === 'propertyChange' ? { isSensitive: false } : {}),
    };
    this.queue.push({ event: base, dueAt: e.at });
  }

  /** Sends every event due by the clock now; concurrent calls run one after another. */
  flush(): Promise<DeliveryReport> {
    const run = this.chain.then(() => this.flushOnce());
    this.chain = run.catch(() => undefined);
    return run;
  }

  startLoop(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) => this.logger.warn('hubspot sandbox: webhook flush failed', { error: String(err) }));
    }, intervalMs);
    this.timer.unref();
  }

  stopLoop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private subscriptionFor(property: string): number {
    let id = this.propertySubscriptions.get(property);
    if (id === undefined) {
      id = 100 + this.propertySubscriptions.size;
      this.propertySubscriptions.set(property, id);
    }
    return id;
  }

  private async flushOnce(): Promise<DeliveryReport> {
    const report: DeliveryReport = { requests: [], delivered: 0, retrying: 0, dropped: 0, pending: 0 };
    const opts = this.opts;
    if (!opts) return { ...report, pending: this.queue.length };
    const now = this.clock.now().getTime();
    const due = this.queue.filter((q) => q.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || a.event.eventId - b.event.eventId);
    this.queue = this.queue.filter((q) => q.dueAt > now);
    for (let i = 0; i < due.length; i += opts.batchSize) {
      const chunk = due.slice(i, i + opts.batchSize);
      const attempt = await this.post(opts, chunk.map((q) => q.event));
      report.requests.push(attempt);
      if (attempt.ok) {
        report.delivered += chunk.length;
        continue;
      }
      const at = this.clock.now().getTime();
      for (const q of chunk) {
        const next = q.event.attemptNumber + 1;
        if (next >= opts.maxAttempts) {
          this.deadLetters.push(q.event);
          report.dropped++;
        } else {
          const delay = Math.min(opts.retryMaxMs, opts.retryBaseMs * 2 ** (next - 1));
          this.queue.push({ event: { ...q.event, attemptNumber: next }, dueAt: at + delay });
          report.retrying++;
        }
      }
    }
    report.pending = this.queue.length;
    return report;
  }

  private async post(opts: { url: string; timeoutMs: number }, events: WebhookEvent[]): Promise<DeliveryAttempt> {
    const body = JSON.stringify(events);
    const timestamp = this.clock.now().getTime();
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'X-HubSpot-Signature': signV1(this.appSecret, body),
          'X-HubSpot-Signature-Version': 'v1',
          'X-HubSpot-Signature-v3': signV3(this.appSecret, 'POST', opts.url, body, timestamp),
          'X-HubSpot-Request-Timestamp': String(timestamp),
        },
      });
      await res.arrayBuffer().catch(() => undefined); // drain, so the socket is reused
      return { outcome: res.status, events: events.length, ok: res.status >= 200 && res.status < 300 };
    } catch (err) {
      // Duck-typed: the DOMException fetch throws may come from another realm (jest's vm).
      const name = (err as { name?: unknown } | null)?.name;
      const timeout = name === 'TimeoutError' || name === 'AbortError';
      this.logger.debug('hubspot sandbox: webhook delivery failed', { timeout, events: events.length });
      return { outcome: timeout ? 'timeout' : 'network', events: events.length, ok: false };
    }
  }
}
