/**
 * The transport-level faults both emulators share: a delay before the route runs, a connection
 * reset, a request that is never answered, and rewriting a JSON answer on its way out (partial
 * batch failures). Delays are real milliseconds: the client waits in real time, whatever the
 * sandbox clock's speed.
 */
import type { Request, Response } from 'express';
import type { FaultDecision } from './injector';

const DEFAULT_HOLD_MS = 120_000;

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}

/** Drops the TCP connection without an answer: the client sees ECONNRESET / "socket hang up". */
export function resetConnection(req: Request): void {
  req.socket.resetAndDestroy?.();
  if (!req.socket.destroyed) req.socket.destroy();
}

/**
 * Never answers: the client's own timeout has to fire. The socket is dropped after `holdMs` so a
 * client without a timeout is not stuck forever, and at once if the server closes.
 */
export function holdRequest(req: Request, holdMs: number): void {
  const socket = req.socket;
  const t = setTimeout(() => socket.destroy(), holdMs);
  t.unref?.();
  socket.once('close', () => clearTimeout(t));
}

export type JsonRewrite = (status: number, body: unknown) => { status: number; body: unknown } | undefined;

/**
 * Lets the route answer as usual, then rewrites its JSON body and status before anything is sent.
 * Both emulators write JSON with one `res.end(buffer)` after setting the headers, so this only
 * has to catch that call. Bodies that are not JSON, or that `fn` declines, go out unchanged.
 */
export function rewriteJsonAnswer(res: Response, fn: JsonRewrite): void {
  const original = res.end.bind(res) as (...args: unknown[]) => Response;
  const replacement = (...args: unknown[]): Response => {
    (res as unknown as { end: unknown }).end = original;
    const chunk = args[0];
    if (res.headersSent || !(Buffer.isBuffer(chunk) || typeof chunk === 'string')) return original(...args);
    let body: unknown;
    try {
      body = JSON.parse(chunk.toString());
    } catch {
      return original(...args);
    }
    const out = fn(res.statusCode, body);
    if (!out) return original(...args);
    const buf = Buffer.from(JSON.stringify(out.body), 'utf8');
    res.statusCode = out.status;
    res.setHeader('Content-Length', String(buf.length));
    const callback = args.find((a): a is () => void => typeof a === 'function');
    return callback ? original(buf, callback) : original(buf);
  };
  (res as unknown as { end: unknown }).end = replacement;
}

/** Retry-After, when a rule asks for it. */
export function setRetryAfter(res: Response, seconds: number | undefined): void {
  if (seconds !== undefined) res.setHeader('Retry-After', String(seconds));
}

/**
 * Applies a latency, reset or timeout fault the same way on either emulator: `'pass'` when the
 * route should still run (after the delay), `'answered'` when the fault took the request, and
 * `undefined` for the kinds each system answers in its own words.
 */
export async function applyTransportFault(d: FaultDecision, req: Request): Promise<'pass' | 'answered' | undefined> {
  const p = d.rule.params;
  switch (d.rule.kind) {
    case 'latency': {
      const ms = (p.ms ?? 0) + (p.jitterMs ? d.rng.int(0, p.jitterMs) : 0);
      d.event.delayMs = ms;
      await delay(ms);
      return 'pass';
    }
    case 'reset':
      resetConnection(req);
      return 'answered';
    case 'timeout':
      holdRequest(req, p.ms ?? DEFAULT_HOLD_MS);
      return 'answered';
    default:
      return undefined;
  }
}
