import express from 'express';
import { z } from 'zod';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { verifyHubSpotSignatureV3 } from '../hubspot-signature';
import type { InboxPort } from '../inbound';

const id = z.union([z.number(), z.string()]).transform(String);

/** One event of a delivery. Docs call the type `eventType`, real deliveries `subscriptionType`. */
const webhookEvent = z
  .object({
    eventId: id,
    subscriptionId: id,
    occurredAt: z.number(),
    objectId: id,
    subscriptionType: z.string().optional(),
    eventType: z.string().optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().nullable().optional(),
    changeSource: z.string().optional(),
    sourceId: z.string().optional(),
    portalId: z.number().optional(),
    appId: z.number().optional(),
    attemptNumber: z.number().optional(),
  })
  .passthrough()
  .refine((e) => e.subscriptionType ?? e.eventType, { message: 'subscriptionType is required' });

const delivery = z.array(webhookEvent).min(1).max(1000);

export interface HubSpotWebhookOptions {
  appSecret: string;
  clock: Clock;
  inbox: InboxPort;
  logger: Logger;
  metrics: Metrics;
  /** Deliveries hold at most 100 small events; anything far larger is not HubSpot. */
  maxBodyBytes?: number;
  /**
   * The origin (and path prefix) HubSpot calls, e.g. https://handoff.bank.example: the signature
   * covers the URL HubSpot called, which a daemon behind a TLS-terminating proxy never sees.
   * Without it the URL is rebuilt from the request, through X-Forwarded-Proto/Host only when the
   * app trusts the proxy (TRUST_PROXY).
   */
  publicBaseUrl?: string;
}

/** The full URL the signature covers: what HubSpot called, as far as this request can tell. */
export function signedUrl(req: express.Request, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl) return `${publicBaseUrl.replace(/\/+$/, '')}${req.originalUrl}`;
  // With `trust proxy` set, req.protocol and X-Forwarded-Host come from the proxy; without it, from the socket and Host.
  const forwardedHost = req.app.get('trust proxy fn')(req.socket.remoteAddress ?? '', 0) ? req.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return `${req.protocol}://${forwardedHost || req.get('host') || ''}${req.originalUrl}`;
}

/**
 * POST /webhooks/hubspot. The signature is checked over the raw bytes before anything is parsed
 * or stored; a bad one leaves no trace. Valid events go to the inbox (deduplicated by
 * subscription, event id and time: HubSpot says event ids alone are not unique) and the answer
 * comes as soon as they are stored: the work happens later.
 */
export function hubspotWebhookRouter(opts: HubSpotWebhookOptions): express.Router {
  const router = express.Router();
  router.post(
    '/webhooks/hubspot',
    express.raw({ type: () => true, limit: opts.maxBodyBytes ?? 1024 * 1024 }),
    async (req, res, next) => {
      try {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verdict = verifyHubSpotSignatureV3(
          {
            method: req.method,
            url: signedUrl(req, opts.publicBaseUrl),
            rawBody,
            signature: req.get('x-hubspot-signature-v3'),
            timestamp: req.get('x-hubspot-request-timestamp'),
          },
          opts.appSecret,
          opts.clock.now(),
        );
        if (!verdict.ok) {
          opts.metrics.inboxReceived.inc({ source: 'hubspot', result: `rejected_${verdict.reason}` });
          opts.logger.warn('webhook refused', { reason: verdict.reason, ip: req.ip });
          res.status(401).json({ error: { code: 'INVALID_SIGNATURE', message: `webhook signature refused: ${verdict.reason.replace(/_/g, ' ')}` } });
          return;
        }
        let parsed: z.infer<typeof delivery>;
        try {
          const result = delivery.safeParse(JSON.parse(rawBody.toString('utf8')));
          if (!result.success) {
            const issue = result.error.issues[0];
            res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: `webhook body: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` } });
            return;
          }
          parsed = result.data;
        } catch {
          res.status(400).json({ error: { code: 'INVALID_JSON', message: 'webhook body is not JSON' } });
          return;
        }
        const { stored, duplicates } = await opts.inbox.store(
          parsed.map((e) => ({
            source: 'hubspot' as const,
            sourceId: `${e.subscriptionId}:${e.eventId}:${e.occurredAt}`,
            kind: (e.subscriptionType ?? e.eventType) as string,
            payload: e,
          })),
        );
        opts.metrics.inboxReceived.inc({ source: 'hubspot', result: 'stored' }, stored);
        opts.metrics.inboxReceived.inc({ source: 'hubspot', result: 'duplicate' }, duplicates);
        res.status(200).json({ stored, duplicates });
      } catch (err) {
        next(err);
      }
    },
  );
  return router;
}
