/** Shared set-up for the HubSpot emulator tests: a listening emulator on a ManualClock, and SDK clients. */
import { Client } from '@hubspot/api-client';
import { ManualClock } from '../../../src/domain/clock';
import { createHubSpotEmulator } from '../../../src/sandbox/hubspot';
import type { HubSpotEmulator, HubSpotEmulatorOptions, ListeningEmulator } from '../../../src/sandbox/hubspot';

export const TOKEN = 'pat-test-token';
export const T0 = '2026-03-02T14:00:00.000Z';

export interface Harness {
  emu: HubSpotEmulator;
  clock: ManualClock;
  server: ListeningEmulator;
  url: string;
  close(): Promise<void>;
}

export async function startEmulator(opts: Partial<HubSpotEmulatorOptions> = {}, start: string | number = T0): Promise<Harness> {
  const clock = opts.clock instanceof ManualClock ? opts.clock : new ManualClock(start);
  const emu = createHubSpotEmulator({ accessTokens: [TOKEN], ...opts, clock });
  const server = await emu.listen(0);
  return {
    emu,
    clock,
    server,
    url: server.url,
    close: async () => {
      emu.stopWebhookLoop();
      await server.close();
    },
  };
}

/**
 * An SDK client for the emulator. The SDK patches API objects with its process-wide decorator list
 * when they are first touched (gotcha H-3), so touch the ones the tests use right away.
 */
export function sdkClient(url: string, extra: Record<string, unknown> = {}): Client {
  const client = new Client({ accessToken: TOKEN, basePath: url, ...extra });
  void client.crm.contacts;
  void client.crm.properties;
  void client.crm.lists;
  return client;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A plain HTTP call, to assert the wire itself. */
export async function raw(url: string, method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<RawResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The thrown ApiException of an SDK call, or a failure if it did not throw. */
export async function sdkError(p: Promise<unknown>): Promise<{ code: number; body: any; headers: Record<string, string> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    await p;
  } catch (e) {
    return e as { code: number; body: any; headers: Record<string, string> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  throw new Error('expected the SDK call to throw');
}
