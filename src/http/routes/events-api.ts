import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { Metrics } from '../../observability/metrics';
import type { InboxPort } from '../inbound';

/**
 * Events from the bank's other channels (branch systems, the contact center, partner portals):
 * referrals, calls, appointments, applications, decisions and fundings that happened outside
 * Salesforce. Each names the lead by one of its ids or its email, and carries its own id so a
 * resend is recognised.
 */
export const EVENT_TYPES = [
  'referral',
  'call_logged',
  'appointment_set',
  'appointment_kept',
  'appointment_no_show',
  'application_started',
  'approved',
  'declined',
  'funded',
] as const;

const leadRef = z
  .object({
    email: z.string().email().optional(),
    hubspot_contact_id: z.string().min(1).optional(),
    salesforce_lead_id: z.string().regex(/^00Q[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$/, 'must be a Salesforce Lead id (00Q…)').optional(),
  })
  .strict()
  .refine((r) => r.email ?? r.hubspot_contact_id ?? r.salesforce_lead_id, { message: 'name the lead by email, hubspot_contact_id or salesforce_lead_id' });

export const bankEvent = z
  .object({
    id: z.string().min(1).max(200),
    type: z.enum(EVENT_TYPES),
    occurred_at: z.string().datetime({ offset: true }),
    source: z.string().min(1).max(100),
    lead: leadRef,
    details: z
      .object({
        branch_id: z.string().optional(),
        product: z.string().optional(),
        amount: z.number().nonnegative().optional(),
        appointment_at: z.string().datetime({ offset: true }).optional(),
        note: z.string().max(2000).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type BankEvent = z.infer<typeof bankEvent>;

const batch = z.array(bankEvent).min(1).max(500);

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function eventsApiRouter(opts: { token: string | undefined; inbox: InboxPort; metrics: Metrics }): express.Router {
  const router = express.Router();
  router.post('/api/events', express.json({ limit: '512kb' }), async (req, res, next) => {
    try {
      if (!opts.token || !tokenMatches(req.get('authorization'), opts.token)) {
        res.status(401).json({ error: { code: 'UNAUTHORIZED', message: opts.token ? 'a valid bearer token is required' : 'the events API is off: set EVENTS_API_TOKEN' } });
        return;
      }
      const parsed = Array.isArray(req.body) ? batch.safeParse(req.body) : bankEvent.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({
          error: {
            code: 'INVALID_EVENT',
            message: 'the event was refused; nothing was stored',
            issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        });
        return;
      }
      const events = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
      const result = await opts.inbox.store(events.map((e) => ({ source: 'events' as const, sourceId: `${e.source}:${e.id}`, kind: e.type, payload: e })));
      opts.metrics.inboxReceived.inc({ source: 'events', result: 'stored' }, result.stored);
      opts.metrics.inboxReceived.inc({ source: 'events', result: 'duplicate' }, result.duplicates);
      res.status(202).json(result);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
