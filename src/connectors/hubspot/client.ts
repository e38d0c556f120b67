/**
 * The process's HubSpot SDK Client. Gotcha H-3: the SDK's decorator list (retry, limiter) is a
 * process-wide singleton that every `new Client()` replaces, and API objects pick it up when first
 * touched. So every Client Handoff builds has the same settings — one attempt per call (our
 * dispatcher owns retries; the SDK would otherwise sleep 10 s inside a call on a 429) and no SDK
 * limiter (ours wraps every call) — is built once per portal and touched at once.
 *
 * `KEEP_BODY` is passed to every call: a response middleware that keeps the body's bytes, so the
 * connector can check the raw JSON with zod after the SDK has read it (node-fetch bodies can be
 * read only once). It must be per call: in 13.5.0 the codegen applies configured middleware only
 * when call options carry middleware too ('append' keeps the SDK's own header middleware).
 */
import { Client } from '@hubspot/api-client';

export interface HubSpotClientOptions {
  accessToken: string;
  /** e.g. https://api.hubapi.com, or the sandbox's URL. No trailing slash is kept. */
  basePath: string;
}

const clients = new Map<string, Client>();

export function hubSpotClient(o: HubSpotClientOptions): Client {
  const basePath = o.basePath.replace(/\/+$/, '');
  const key = `${basePath}\u0000${o.accessToken}`;
  const existing = clients.get(key);
  if (existing) return existing;
  // numberOfApiCallRetries: 1 means one attempt in all (API-FACTS A6): the retry decorator never waits.
  const client = new Client({ accessToken: o.accessToken, basePath, numberOfApiCallRetries: 1 });
  // Bind the APIs to this (fixed) decorator list now, before anything else builds a Client.
  void client.crm.contacts;
  void client.crm.properties;
  void client.crm.lists;
  void client.communicationPreferences;
  clients.set(key, client);
  return client;
}

interface BodyLike {
  text(): Promise<string>;
  binary(): Promise<Buffer>;
}

const keepBody = {
  pre: <T>(ctx: T): Promise<T> => Promise.resolve(ctx),
  post: <T>(ctx: T): Promise<T> => {
    const c = ctx as { body?: BodyLike };
    const original = c.body;
    if (original) {
      let bytes: Promise<Buffer> | undefined;
      const binary = (): Promise<Buffer> => (bytes ??= original.binary());
      c.body = { binary, text: async () => (await binary()).toString('utf8') };
    }
    return Promise.resolve(ctx);
  },
};

export const KEEP_BODY = { middleware: [keepBody], middlewareMergeStrategy: 'append' as const };
