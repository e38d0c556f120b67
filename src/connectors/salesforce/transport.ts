/**
 * jsforce's transport re-sends GET, PUT, HEAD, OPTIONS and DELETE up to five times on
 * 420/429/500/502/503/504 and on dropped connections, 0.5 to 8 s apart, ignoring Retry-After
 * (API-FACTS B1 "Transport retry"). Each re-send is a real API call the limiter never counted and
 * the daily budget never saw, and it retries a 429 almost at once. So every request of a Handoff
 * connection goes out once (`maxRetries: 0`), and Handoff's retry policy decides what happens next.
 *
 * jsforce's errors carry neither the HTTP status nor the headers, so the transport also notes the
 * last response of each connector call (its status and Retry-After) for the error classifier. The
 * note belongs to the call that is running: concurrent calls each see their own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from 'jsforce';

/** What the transport saw of a call's last response. */
export interface ResponseNote {
  status?: number;
  retryAfter?: string;
}

const notes = new AsyncLocalStorage<ResponseNote>();

/** Turns off jsforce's transport retries on `conn` (every API, Tooling included) and notes responses. */
export function sendEachRequestOnce(conn: Connection): void {
  const transport = conn._transport;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options) => {
    const note = notes.getStore();
    const p = send(req, { ...options, retry: { ...options?.retry, maxRetries: 0 } });
    if (note) {
      p.then(
        (res) => {
          note.status = res.statusCode;
          const ra = res.headers?.['retry-after'];
          if (ra === undefined) delete note.retryAfter;
          else note.retryAfter = Array.isArray(ra) ? String(ra[0]) : ra;
        },
        () => undefined,
      );
    }
    return p;
  };
}

/** Runs one connector call with a note of its responses, which `note` holds afterwards. */
export function withResponseNote<T>(note: ResponseNote, call: () => Promise<T>): Promise<T> {
  return notes.run(note, call);
}
