/**
 * The bank's own pre-qualification service, called over HTTP. It gets a POST with the lead id,
 * product, segment, kind and only the fields readiness.yaml lists, and answers
 * `{"result":"pass"}` or `{"result":"fail","reason":"<CODE>"}`. Anything else — a timeout, a
 * refused connection, a 5xx, a redirect, a body that is not that JSON — comes back as an error
 * value, which readiness treats as a failure (fail closed). Nothing here throws for the
 * service's behaviour, and nothing here logs: the body is personal data.
 */
import { z } from 'zod';
import type { PrequalOutcome, PrequalRequest } from '../domain/readiness/prequal';

export interface PrequalCallOptions {
  /** Bearer token, read by the daemon from the variable the gate names (token_env). */
  token?: string;
  /** Shutdown: aborting it ends the call as `aborted`. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** A code the bank's service gave as a decline reason, as it may be written to HubSpot. */
const REASON = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_BODY = 64 * 1024;

const answer = z.union([
  z.object({ result: z.literal('pass') }).passthrough(),
  z.object({ result: z.literal('fail'), reason: z.string().optional() }).passthrough(),
]);

const error = (kind: Extract<PrequalOutcome, { status: 'error' }>['error'], message: string): PrequalOutcome => ({ status: 'error', error: kind, message });

async function readCapped(res: Response): Promise<string | null> {
  const text = await res.text();
  return text.length > MAX_BODY ? null : text;
}

export async function callPrequal(req: PrequalRequest, opts: PrequalCallOptions = {}): Promise<PrequalOutcome> {
  const host = (() => {
    try {
      return new URL(req.url).host;
    } catch {
      return 'an invalid URL';
    }
  })();
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const doFetch = opts.fetch ?? fetch;
  try {
    const res = await doFetch(req.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify(req.body),
      signal,
      // A redirect could take the lead's data somewhere the config never named.
      redirect: 'error',
    });
    if (!res.ok) {
      await res.body?.cancel();
      return error('http_status', `pre-qualification service at ${host} answered HTTP ${res.status}`);
    }
    const text = await readCapped(res);
    if (text === null) return error('bad_response', `pre-qualification service at ${host} sent more than ${MAX_BODY} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return error('bad_response', `pre-qualification service at ${host} did not answer JSON`);
    }
    const parsed = answer.safeParse(json);
    if (!parsed.success) return error('bad_response', `pre-qualification service at ${host} answered without "result": "pass" or "fail"`);
    if (parsed.data.result === 'pass') return { status: 'pass' };
    const reason = parsed.data.reason;
    return { status: 'fail', reason: reason && REASON.test(reason) ? reason : 'declined' };
  } catch (e) {
    if (timeout.aborted) return error('timeout', `pre-qualification service at ${host} did not answer within ${req.timeoutMs} ms`);
    if (opts.signal?.aborted) return error('aborted', 'pre-qualification call aborted (shutting down)');
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    return error('network', `pre-qualification service at ${host} could not be reached: ${cause}`);
  }
}
