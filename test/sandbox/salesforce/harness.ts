import { Connection } from 'jsforce';
import { ManualClock } from '../../../src/domain/clock';
import {
  createSalesforceEmulator,
  type ListeningEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '../../../src/sandbox/salesforce';

/** An emulator on a real socket, a jsforce Connection as the integration user, and the clock behind both. */
export interface Harness {
  emu: SalesforceEmulator;
  server: ListeningEmulator;
  conn: Connection;
  clock: ManualClock;
  connect(token?: string): Connection;
  close(): Promise<void>;
}

export const START = '2026-01-05T14:00:00Z';

export async function startHarness(opts: Partial<SalesforceEmulatorOptions> = {}): Promise<Harness> {
  const clock = new ManualClock(START);
  const emu = createSalesforceEmulator({ clock, ...opts });
  const server = await emu.listen();
  const connect = (token = emu.integrationToken) => new Connection({ instanceUrl: server.url, accessToken: token, version: '62.0' });
  return { emu, server, conn: connect(), clock, connect, close: () => server.close() };
}

/** Raw HTTP against the emulator, for wire-level assertions. */
export async function raw(
  h: Harness,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? h.emu.integrationToken : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(h.server.url + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
