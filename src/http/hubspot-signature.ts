import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot rejects deliveries older than this; so do we, and the same the other way for skew. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

// HubSpot signs the URI with these characters decoded (its docs list them).
const DECODED: ReadonlyArray<[RegExp, string]> = [
  ['%3A', ':'], ['%2F', '/'], ['%3F', '?'], ['%40', '@'], ['%21', '!'], ['%24', '$'], ['%27', "'"],
  ['%28', '('], ['%29', ')'], ['%2A', '*'], ['%2C', ','], ['%3B', ';'],
].map(([enc, ch]) => [new RegExp(enc as string, 'gi'), ch as string]);

export type SignatureVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'stale_timestamp' | 'bad_signature' };

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called: protocol, host, path and query. */
  url: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * Webhook signature v3: base64(HMAC-SHA256(app secret, method + uri + raw body + timestamp)),
 * timestamp in epoch milliseconds and within five minutes of now, compared in constant time.
 */
export function verifyHubSpotSignatureV3(req: SignedRequest, appSecret: string, now: Date): SignatureVerdict {
  if (!req.signature) return { ok: false, reason: 'missing_signature' };
  if (!req.timestamp || !/^\d{10,16}$/.test(req.timestamp)) return { ok: false, reason: 'missing_timestamp' };
  if (Math.abs(now.getTime() - Number(req.timestamp)) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'stale_timestamp' };
  let uri = req.url;
  for (const [re, ch] of DECODED) uri = uri.replace(re, ch);
  const expected = createHmac('sha256', appSecret)
    .update(Buffer.concat([Buffer.from(`${req.method.toUpperCase()}${uri}`, 'utf8'), req.rawBody, Buffer.from(req.timestamp, 'utf8')]))
    .digest();
  const given = Buffer.from(req.signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
