/**
 * One API budget (a system and an endpoint class) with two lanes. Both lanes run through one
 * bottleneck limiter — the budget — where critical jobs have priority 0 and bulk jobs 9, so a hot
 * lead never waits behind a backfill's queue. Bulk jobs first pass a gate that caps them to a share
 * of each window (or of the concurrency slots, or of the token bucket), so a backfill can never
 * take the whole budget either.
 *
 * Pauses (a 429, headers saying the window is nearly used up, a daily allowance running low) are
 * published through bottleneck's message channel: with Redis, every replica sharing the budget
 * pauses too. A pause shorter than `maxQueueWaitMs` holds jobs; a longer one refuses them at once
 * with a rate_limited ApiError, so the dispatcher reschedules rows instead of holding them in memory.
 *
 * Nor is a job held for long in the queue, critical ones included: the dispatcher's claim on the
 * rows a job writes is a lease (5 minutes), and a write sent after its lease passed can land on
 * top of a newer one another worker sent meanwhile. So a job the token bucket could not start
 * within `maxQueueWaitMs` (the jobs ahead of it and the tokens left say so) is refused when it
 * arrives, with that wait as its retry-after; and one still not started after `maxStartDelayMs`
 * anyway (other replicas drew on a shared bucket, requests ran long) is refused when its turn
 * comes instead of being sent late.
 * bottleneck runs on real timers, so pauses are real milliseconds (`nowMs`), not the domain Clock.
 */
import { createHash } from 'node:crypto';
import Bottleneck from 'bottleneck';
import type { Logger } from '../observability/logger';
import { ApiError, type ApiSystem } from './api-failure';
import type { DailyPacing, DailyThresholds, Lane, WindowBudget, WindowObservation } from './rate-policy';
import { DEFAULT_DAILY_THRESHOLDS, dailyLanes, windowSlowdownMs } from './rate-policy';

export interface LimiterStore {
  /** bottleneck's clustering connection (ioredis); every limiter built with it shares state by id. */
  readonly connection: Bottleneck.IORedisConnection;
  close(): Promise<void>;
}

export interface LaneLimiterOptions {
  system: ApiSystem;
  /** Names the budget. Replicas on one Redis with the same id (and settings) share it. */
  id: string;
  maxConcurrent?: number;
  /** Minimum spacing between job starts. */
  minTimeMs?: number;
  /** A reservoir of `max` refilled every `windowMs`. */
  window?: WindowBudget;
  /** A token bucket that makes a daily budget last the day. */
  pacing?: DailyPacing;
  /** Share of each window (or of the concurrency slots, or of the bucket) bulk jobs may take, 0–1. */
  bulkShare: number;
  /** Requests left in the API's own window at which we slow down (what we leave to other apps). */
  reserve?: number;
  dailyThresholds?: DailyThresholds;
  /** How long a lane stays stopped after a low daily reading before it is re-checked. Default 10 min. */
  dailyRecheckMs?: number;
  /** Pauses, and waits the token bucket foresees, longer than this refuse jobs instead of holding them. Default 30 s. */
  maxQueueWaitMs?: number;
  /**
   * A job not started this long after it was queued is refused rather than sent. Default 2 min:
   * with a request's own timeout (60 s) that stays inside the outbox lease (5 min).
   */
  maxStartDelayMs?: number;
  /** bottleneck's heartbeat (reservoir refresh granularity). Default 250 ms. */
  heartbeatMs?: number;
  store?: LimiterStore;
  logger?: Logger;
  nowMs?: () => number;
}

export interface LimiterState {
  id: string;
  pausedForMs: number;
  lanesStopped: Lane[];
  queued: number;
  running: number;
}

type Message = { t: 'pause'; until: number } | { t: 'lane'; lane: Lane; until: number };

const PRIORITY: Record<Lane, number> = { critical: 0, bulk: 9 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class LaneLimiter {
  readonly id: string;
  private readonly main: Bottleneck;
  private readonly bulkGate: Bottleneck;
  private readonly now: () => number;
  private pausedUntil = 0;
  private readonly laneStoppedUntil: Record<Lane, number> = { critical: 0, bulk: 0 };
  /** Jobs of each lane handed to the budget and not started yet (this process's). */
  private readonly waiting: Record<Lane, number> = { critical: 0, bulk: 0 };

  constructor(private readonly opts: LaneLimiterOptions) {
    this.now = opts.nowMs ?? Date.now;
    // The settings are part of the shared id: replicas with another config (a tier upgrade) start
    // a fresh budget instead of inheriting the old one from Redis.
    const digest = createHash('sha256').update(JSON.stringify(settingsOf(opts))).digest('hex').slice(0, 8);
    this.id = `${opts.id}:${digest}`;
    const clustering: Bottleneck.ConstructorOptions = opts.store
      ? { datastore: 'ioredis', connection: opts.store.connection, clearDatastore: false, timeout: opts.pacing ? 2 * 86_400_000 : 3_600_000 }
      : {};
    const heartbeatInterval = opts.heartbeatMs ?? 250;
    this.main = new Bottleneck({
      id: this.id,
      maxConcurrent: opts.maxConcurrent ?? null,
      minTime: opts.minTimeMs ?? 0,
      heartbeatInterval,
      ...reservoirOf(opts.window, opts.pacing, 1),
      ...clustering,
    });
    const b = Math.min(1, Math.max(0, opts.bulkShare));
    this.bulkGate = new Bottleneck({
      id: `${this.id}:bulk`,
      heartbeatInterval,
      // Without a window, bulk takes at most its share of the concurrency slots.
      maxConcurrent: opts.window || !opts.maxConcurrent ? null : Math.max(1, Math.floor(opts.maxConcurrent * b)),
      ...reservoirOf(opts.window, undefined, b),
      ...clustering,
    });
    this.main.on('message', (m: string) => this.onMessage(m));
    const warn = (e: unknown): void => {
      opts.logger?.warn('rate limiter: datastore error', { limiter: opts.id, error: String(e) });
    };
    this.main.on('error', warn);
    this.bulkGate.on('error', warn);
  }

  /** Runs `fn` when the budget allows; throws a rate_limited ApiError when the lane is stopped or paused for long. */
  async schedule<T>(lane: Lane, endpoint: string, fn: () => Promise<T>): Promise<T> {
    this.refuseIfStopped(lane, endpoint);
    const queuedAt = this.now();
    if (lane === 'critical') return this.inMain(lane, endpoint, fn, queuedAt);
    return this.bulkGate.schedule(async () => {
      await this.refuseIfBucketLow(endpoint);
      return this.inMain(lane, endpoint, fn, queuedAt);
    });
  }

  /** A 429 or a slowdown: nothing starts on this budget (any replica) for `ms`. */
  pause(ms: number): void {
    if (ms <= 0) return;
    const until = this.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.publish({ t: 'pause', until });
  }

  /** Rate-limit headers of a response: slow down before the API's window runs out. */
  observeWindow(o: WindowObservation): void {
    this.pause(windowSlowdownMs(o, this.opts.reserve ?? 0));
  }

  /** A daily counter's reading: stops bulk first, then everything, as the allowance runs low. */
  observeDaily(o: { max: number; remaining: number }): void {
    const lanes = dailyLanes(o, this.opts.dailyThresholds ?? DEFAULT_DAILY_THRESHOLDS);
    const now = this.now();
    for (const lane of ['critical', 'bulk'] as const) {
      const stop = !lanes[lane];
      const wasStopped = this.laneStoppedUntil[lane] > now;
      // Without a newer reading, a stopped lane opens again after the recheck delay.
      this.laneStoppedUntil[lane] = stop ? now + (this.opts.dailyRecheckMs ?? 600_000) : 0;
      if (stop !== wasStopped) this.publish({ t: 'lane', lane, until: this.laneStoppedUntil[lane] });
    }
  }

  /** Changes the token bucket (the org's daily max or the admin's share changed). */
  async updatePacing(p: DailyPacing): Promise<void> {
    await this.main.updateSettings({ reservoirIncreaseInterval: p.intervalMs, reservoirIncreaseAmount: 1, reservoirIncreaseMaximum: p.burst });
  }

  async currentReservoir(): Promise<number | null> {
    return this.main.currentReservoir();
  }

  async state(): Promise<LimiterState> {
    const now = this.now();
    const counts = this.main.counts();
    return {
      id: this.id,
      pausedForMs: Math.max(0, this.pausedUntil - now),
      lanesStopped: (['critical', 'bulk'] as const).filter((l) => this.laneStoppedUntil[l] > now),
      queued: counts.QUEUED + this.bulkGate.counts().QUEUED,
      running: await this.main.running(),
    };
  }

  /** Stops the heartbeats (the Redis connection is the store's to close). Queued jobs are dropped. */
  async close(): Promise<void> {
    await Promise.all([this.main.disconnect(false), this.bulkGate.disconnect(false)]);
  }

  private refuseIfStopped(lane: Lane, endpoint: string): void {
    const now = this.now();
    // A stopped critical lane stops bulk too: bulk is never ahead of critical.
    const stopped = Math.max(this.laneStoppedUntil[lane], lane === 'bulk' ? this.laneStoppedUntil.critical : 0);
    if (stopped > now) throw this.refusal(endpoint, stopped - now, 'daily allowance reserved');
    const paused = this.pausedUntil - now;
    if (paused > this.maxQueueWaitMs()) throw this.refusal(endpoint, paused, 'paused by the rate limiter');
  }

  private async refuseIfBucketLow(endpoint: string): Promise<void> {
    const p = this.opts.pacing;
    if (!p) return;
    // Bulk may take its share of the bucket; the rest is kept for critical work.
    const keep = Math.ceil(p.burst * (1 - this.opts.bulkShare));
    const left = (await this.main.currentReservoir()) ?? Infinity;
    if (left <= keep) throw this.refusal(endpoint, (keep - left + 1) * p.intervalMs, 'daily budget kept for critical work');
  }

  /** Hands the job to the budget, unless the token bucket could not start it within maxQueueWaitMs. */
  private async inMain<T>(lane: Lane, endpoint: string, fn: () => Promise<T>, queuedAt: number): Promise<T> {
    // Critical jobs start before bulk ones: a critical job waits for the critical jobs ahead, a bulk one for all.
    const ahead = this.waiting.critical + (lane === 'bulk' ? this.waiting.bulk : 0);
    this.waiting[lane]++;
    let started = false;
    const start = (): void => {
      if (started) return;
      started = true;
      this.waiting[lane]--;
    };
    try {
      const expected = await this.bucketWaitMs(ahead);
      if (expected > this.maxQueueWaitMs()) throw this.refusal(endpoint, expected, 'the API budget could not start it in time');
      return await this.main.schedule({ priority: PRIORITY[lane] }, () => {
        start();
        return this.afterPause(lane, endpoint, fn, queuedAt);
      });
    } finally {
      start();
    }
  }

  /** How long the token bucket would hold a job with `ahead` jobs before it; 0 without a bucket. */
  private async bucketWaitMs(ahead: number): Promise<number> {
    const p = this.opts.pacing;
    if (!p) return 0;
    const tokens = (await this.main.currentReservoir()) ?? Infinity;
    return Math.max(0, ahead + 1 - tokens) * p.intervalMs;
  }

  private maxQueueWaitMs(): number {
    return this.opts.maxQueueWaitMs ?? 30_000;
  }

  private async afterPause<T>(lane: Lane, endpoint: string, fn: () => Promise<T>, queuedAt: number): Promise<T> {
    // A pause can start while a job waits in the queue; it must not start before the pause ends.
    const wait = this.pausedUntil - this.now();
    if (wait > this.maxQueueWaitMs()) throw this.refusal(endpoint, wait, 'paused by the rate limiter');
    // Sent this late, the write could land after its claim's lease passed: the rows go back instead,
    // for as long again as the queue held this one (the queue it met is still there).
    const waited = this.now() - queuedAt;
    if (waited + Math.max(0, wait) > (this.opts.maxStartDelayMs ?? 120_000)) throw this.refusal(endpoint, Math.max(wait, waited), 'waited too long for the API budget');
    if (wait > 0) await sleep(wait);
    this.refuseIfStopped(lane, endpoint);
    return fn();
  }

  private refusal(endpoint: string, waitMs: number, why: string): ApiError {
    return new ApiError({
      system: this.opts.system,
      endpoint,
      kind: 'rate_limited',
      code: 'HANDOFF_LIMITER',
      message: `not sent: ${why}`,
      retryAfterMs: Math.ceil(waitMs),
    });
  }

  private publish(m: Message): void {
    // Local state is already set; the message reaches other replicas (and echoes back harmlessly).
    this.main.publish(JSON.stringify(m)).catch((e: unknown) => {
      this.opts.logger?.warn('rate limiter: publish failed', { limiter: this.opts.id, error: String(e) });
    });
  }

  private onMessage(raw: string): void {
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (m.t === 'pause' && typeof m.until === 'number') this.pausedUntil = Math.max(this.pausedUntil, m.until);
    if (m.t === 'lane' && (m.lane === 'critical' || m.lane === 'bulk') && typeof m.until === 'number') this.laneStoppedUntil[m.lane] = m.until;
  }
}

function reservoirOf(window: WindowBudget | undefined, pacing: DailyPacing | undefined, share: number): Bottleneck.ConstructorOptions {
  if (window) {
    const amount = Math.max(1, Math.floor(window.max * share));
    return { reservoir: amount, reservoirRefreshAmount: amount, reservoirRefreshInterval: window.windowMs };
  }
  if (pacing) {
    return { reservoir: pacing.burst, reservoirIncreaseAmount: 1, reservoirIncreaseInterval: pacing.intervalMs, reservoirIncreaseMaximum: pacing.burst };
  }
  return {};
}

function settingsOf(o: LaneLimiterOptions): unknown {
  return [o.maxConcurrent, o.minTimeMs, o.window, o.pacing, o.bulkShare];
}
