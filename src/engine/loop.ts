/**
 * The one shape every daemon loop has (STYLE 11): a name, an interval, an abort signal and an
 * error handler. A tick that reports more work waiting (a full batch) is followed at once by the
 * next; otherwise the loop waits the interval. An error is reported and waited out, never
 * retried hot. The loop ends when the signal aborts, after the tick in progress finishes.
 */
export interface LoopOptions {
  name: string;
  intervalMs: number;
  signal: AbortSignal;
  onError: (err: unknown, name: string) => void;
  /** One unit of work; true when more is waiting and the next tick should not wait. */
  tick: () => Promise<boolean | void>;
  /** How to wait; the default is a timer the signal cuts short. Tests inject their own. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Lets timers, I/O and other jobs run. Embedded PGlite answers in microtasks, so a loop of
 * queries on it never gives the event loop a turn on its own: without this, one long run holds
 * up the HTTP server, the other jobs and node-cron's own timers until it ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function runLoop(opts: LoopOptions): Promise<void> {
  const wait = opts.wait ?? abortableDelay;
  while (!opts.signal.aborted) {
    let more = false;
    try {
      more = (await opts.tick()) === true;
    } catch (err) {
      opts.onError(err, opts.name);
    }
    if (!more && !opts.signal.aborted) await wait(opts.intervalMs, opts.signal);
  }
}
