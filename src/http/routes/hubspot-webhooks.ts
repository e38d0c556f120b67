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
            url: `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`,
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
