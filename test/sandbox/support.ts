/** Shared set-up for the sandbox tests: a sandbox on a ManualClock, and SDK clients for it. */
import http from 'node:http';
import type { Socket } from 'node:net';
import { Client } from '@hubspot/api-client';
import { Connection } from 'jsforce';
import { ManualClock } from '../../src/domain/clock';
import { startSandbox } from '../../src/sandbox';
import type { Sandbox, SandboxOptions } from '../../src/sandbox';

/** Monday 2 March 2026, 10:00 in New York: every branch in the default roster is open or about to open. */
export const MONDAY_10_NY = '2026-03-02T15:00:00.000Z';

export async function sandbox(opts: SandboxOptions = {}, start: string = MONDAY_10_NY): Promise<Sandbox & { manual: ManualClock }> {
  const manual = new ManualClock(start);
  const sb = await startSandbox({ webhookUrl: null, clock: manual, ...opts });
  return Object.assign(sb, { manual });
}

/**
 * A HubSpot SDK client for the sandbox. The SDK installs its decorators process-wide when an API
 * object is first touched (API-FACTS H-3), so touch contacts at once.
 */
export function hubspotClient(sb: Sandbox, extra: Record<string, unknown> = {}): Client {
  const client = new Client({ accessToken: sb.env.HUBSPOT_ACCESS_TOKEN, basePath: sb.env.HUBSPOT_BASE_URL, numberOfApiCallRetries: 1, ...extra });
  void client.crm.contacts;
  return client;
}

export function integrationConnection(sb: Sandbox): Connection {
  return new Connection({ instanceUrl: sb.env.SALESFORCE_INSTANCE_URL, accessToken: sb.env.SALESFORCE_ACCESS_TOKEN, version: '62.0' });
}

/** An agent whose sockets give up after `ms` without traffic: the HubSpot SDK has no timeout option of its own. */
export function timingOutAgent(ms: number): http.Agent {
  // The agent's `timeout` makes idle sockets emit 'timeout'; destroying them there fails the request.
  class TimeoutAgent extends http.Agent {
    override createConnection(...args: Parameters<http.Agent['createConnection']>): Socket {
      const socket = super.createConnection(...args) as Socket;
      socket.on('timeout', () => socket.destroy(Object.assign(new Error(`socket idle for ${ms} ms`), { code: 'ETIMEDOUT' })));
      return socket;
    }
  }
  return new TimeoutAgent({ timeout: ms });
}

/**
 * Per-call SDK options that make a call use `agent`. @hubspot/api-client 13.5 applies the Client's
 * own middleware (its `httpAgent`, `defaultHeaders`) only when a call brings middleware of its own
 * with the 'append' strategy; the `httpAgent` config option alone is ignored.
 */
export function viaAgent(agent: http.Agent): { middleware: { pre(ctx: any): Promise<any>; post(rsp: any): Promise<any> }[]; middlewareMergeStrategy: 'append' } { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    middleware: [{ pre: async (ctx: { setAgent(a: http.Agent): void }) => (ctx.setAgent(agent), ctx), post: async (rsp: unknown) => rsp }],
    middlewareMergeStrategy: 'append',
  };
}

/** The rejection of a promise that must fail. */
export async function rejection(p: Promise<unknown>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; json: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}
