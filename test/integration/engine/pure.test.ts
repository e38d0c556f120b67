/** The engine's pure parts: value comparison, retry decisions, coalescing, batching, the loop shape. */
import { changedFields, isNoop, normaliseValue, sameValue } from '../../../src/engine/values';
import { createRetryPolicy, fullJitterDelay } from '../../../src/engine/retry-policy';
import { canCoalesce } from '../../../src/engine/outbox';
import { canMoveOutbox } from '../../../src/engine/outbox-status';
import { toBatches } from '../../../src/engine/dispatcher';
import type { ClaimedGroup } from '../../../src/engine/outbox';
import { runLoop } from '../../../src/engine/loop';
import { canonicalJson } from '../../../src/engine/canonical';

describe('values', () => {
  it.each([
    ['5000', 5000],
    ['5000.0', 5000],
    [' Lovelace ', 'Lovelace'],
    ['true', true],
    ['', null],
    [undefined, ''],
    ['cards;loans', ['loans', 'cards']],
    ['2025-03-03T09:00:00.000Z', new Date('2025-03-03T09:00:00Z')],
  ])('%j and %j are the same value', (a, b) => {
    expect(sameValue(a, b)).toBe(true);
  });

  it.each([
    ['02139', 2139],
    ['12345678901234567890', 12345678901234567000],
    ['Working', 'working'],
    ['true', 'yes'],
  ])('%j and %j differ', (a, b) => {
    expect(sameValue(a, b)).toBe(false);
  });

  it('finds the fields worth writing, and a write that changes nothing', () => {
    const current = { Status: 'Working', Phone: '+15550001', Score: '42' };
    expect(changedFields(current, { Status: 'Working', Score: 42, Rating: 'Hot' })).toEqual({ Rating: 'Hot' });
    expect(isNoop(current, { Status: 'Working', Score: 42 })).toBe(true);
    expect(isNoop(current, { Status: 'Closed' })).toBe(false);
    expect(isNoop(current, {})).toBe(true);
  });

  it('canonical JSON sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"e":2,"f":1}]},"b":1}');
    expect(normaliseValue({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

describe('retry policy', () => {
  const policy = createRetryPolicy({ maxAttempts: 4, baseMs: 1000, capMs: 10_000, random: () => 0.5 });

  it('backs off exponentially with full jitter, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => fullJitterDelay(n, { baseMs: 1000, capMs: 10_000, random: () => 1 }))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(fullJitterDelay(3, { baseMs: 1000, capMs: 10_000, random: () => 0 })).toBe(0);
  });

  it('decides per failure kind', () => {
    expect(policy({ kind: 'permanent', message: 'bad' }, 1)).toEqual({ action: 'dead' });
    expect(policy({ kind: 'retryable', message: '503' }, 2)).toEqual({ action: 'retry', delayMs: 1000, countsAsAttempt: true });
    expect(policy({ kind: 'retryable', message: '503', retryAfterMs: 7000 }, 2)).toEqual({ action: 'retry', delayMs: 7000, countsAsAttempt: true });
    expect(policy({ kind: 'retryable', message: '503' }, 4)).toEqual({ action: 'dead' });
    // Rate limits never come back at once, even when the jitter draws zero, and never run out.
    const zero = createRetryPolicy({ random: () => 0 });
    expect(zero({ kind: 'rate_limited', message: '429' }, 50)).toEqual({ action: 'retry', delayMs: 1000, countsAsAttempt: false });
    expect(zero({ kind: 'rate_limited', message: '429', retryAfterMs: 10_000 }, 1)).toEqual({ action: 'retry', delayMs: 10_000, countsAsAttempt: false });
    expect(zero({ kind: 'auth', message: 'INVALID_SESSION_ID' }, 1)).toEqual({ action: 'retry', delayMs: 60_000, countsAsAttempt: false });
  });

  it('backs off further for each rate-limited failure in a row, though none uses up an attempt', () => {
    const top = createRetryPolicy({ baseMs: 1000, capMs: 10_000, random: () => 1 });
    // The attempt stays 1 (each is handed back); the streak is what grows.
    expect([1, 2, 3, 4, 5].map((streak) => top({ kind: 'rate_limited', message: '429' }, 1, streak))).toEqual(
      [1000, 2000, 4000, 8000, 10_000].map((delayMs) => ({ action: 'retry', delayMs, countsAsAttempt: false })),
    );
    // Retry-After still sets the floor.
    expect(top({ kind: 'rate_limited', message: '429', retryAfterMs: 60_000 }, 1, 3)).toEqual({ action: 'retry', delayMs: 60_000, countsAsAttempt: false });
  });
});

describe('outbox rules', () => {
  it('lets only updates, or the same operation, ride along with a head', () => {
    expect(canCoalesce('create', 'update')).toBe(true);
    expect(canCoalesce('upsert', 'upsert')).toBe(true);
    expect(canCoalesce('update', 'upsert')).toBe(false);
    expect(canCoalesce('upsert', 'create')).toBe(false);
  });

  it('keeps finished rows finished', () => {
    expect(canMoveOutbox('done', 'pending')).toBe(false);
    expect(canMoveOutbox('discarded', 'pending')).toBe(false);
    expect(canMoveOutbox('dead', 'pending')).toBe(true);
    expect(canMoveOutbox('held', 'claimed')).toBe(false);
  });

  it('puts critical batches first and chunks per system batch size', () => {
    const g = (recordKey: string, system: 'hubspot' | 'salesforce', lane: 'critical' | 'bulk'): ClaimedGroup => ({
      system, object: 'o', operation: 'upsert', recordKey, leadId: null, lane, rows: [], rowIds: [], payload: {}, attempts: 1, rateLimitedStreak: 0,
    });
    const batches = toBatches([g('a', 'hubspot', 'bulk'), g('b', 'hubspot', 'bulk'), g('c', 'hubspot', 'bulk'), g('d', 'salesforce', 'critical')], { hubspot: 2, salesforce: 200 });
    expect(batches.map((b) => [b.system, b.lane, b.groups.map((x) => x.recordKey)])).toEqual([
      ['salesforce', 'critical', ['d']],
      ['hubspot', 'bulk', ['a', 'b']],
      ['hubspot', 'bulk', ['c']],
    ]);
  });
});

describe('runLoop', () => {
  it('runs again at once while there is more, waits otherwise, reports errors and stops on abort', async () => {
    const ac = new AbortController();
    const log: string[] = [];
    const answers: (boolean | Error)[] = [true, true, false, new Error('db down'), false];
    await runLoop({
      name: 'dispatch',
      intervalMs: 500,
      signal: ac.signal,
      onError: (err, name) => log.push(`error ${name}: ${(err as Error).message}`),
      tick: async () => {
        const a = answers.shift();
        log.push('tick');
        if (a instanceof Error) throw a;
        if (answers.length === 0) ac.abort();
        return a;
      },
      wait: async (ms) => {
        log.push(`wait ${ms}`);
      },
    });
    expect(log).toEqual(['tick', 'tick', 'tick', 'wait 500', 'tick', 'error dispatch: db down', 'wait 500', 'tick']);
  });
});
