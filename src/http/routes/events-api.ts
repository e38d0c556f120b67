import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { didYouMean, didYouMeanSuffix } from '../../config/suggest';
import type { Metrics } from '../../observability/metrics';
import type { InboxPort } from '../inbound';

/**
 * Events from the bank's other channels (branch systems, the contact center, partner portals):
 * referrals, calls, appointments, applications, decisions and fundings that happened outside
 * Salesforce, and engagement signals for scoring (a branch visit, a callback request, a life
 * event the banker heard of: `signal` with details.signal, a name scoring.yaml scores). A
 * `referral` of someone who has a lead is a new inquiry on it (details.product, a products.yaml
 * id, says what for). Each names the lead by one of its ids or its email, and carries its own id
 * so a resend is recognised.
 */
export const EVENT_TYPES = [
  'signal',
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
        /** type signal: a behaviour or intent signal or a life event named in scoring.yaml. */
        signal: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a signal name from scoring.yaml, such as branch_visit').optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === 'signal' && e.details.signal === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['details', 'signal'], message: 'a signal event names its signal (details.signal)' });
    if (e.type !== 'signal' && e.details.signal !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['details', 'signal'], message: 'details.signal applies to type signal' });
  });

export type BankEvent = z.infer<typeof bankEvent>;

const batch = z.array(bankEvent).min(1).max(500);

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface EventsApiOptions {
  token: string | undefined;
  inbox: InboxPort;
  metrics: Metrics;
  /** The signal and life event names scoring.yaml scores (read per request, so a reload counts). */
  signalNames: () => readonly string[];
  /** The product ids of products.yaml, which a referral's details.product must be one of. */
  productIds?: () => readonly string[];
}

/** A signal event naming something scoring.yaml does not score would be stored and never count: refuse it. */
function unknownSignals(events: readonly BankEvent[], batched: boolean, known: readonly string[]): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  events.forEach((e, i) => {
    const name = e.details.signal;
    if (e.type !== 'signal' || name === undefined || known.includes(name)) return;
    issues.push({
      path: `${batched ? `${i}.` : ''}details.signal`,
      message: `event ${i}: unknown signal "${name}"; expected a behaviour or intent signal or a life event from scoring.yaml${didYouMeanSuffix(didYouMean(name, known))}`,
    });
  });
  return issues;
}

/** A referral for a product products.yaml does not list could not be routed by it: refuse it. */
function unknownProducts(events: readonly BankEvent[], batched: boolean, known: readonly string[]): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  events.forEach((e, i) => {
    const id = e.details.product;
    if (e.type !== 'referral' || id === undefined || known.includes(id)) return;
    issues.push({
      path: `${batched ? `${i}.` : ''}details.product`,
      message: `event ${i}: unknown product "${id}"; expected a product id from products.yaml${didYouMeanSuffix(didYouMean(id, known))}`,
    });
  });
  return issues;
}

export function eventsApiRouter(opts: EventsApiOptions): express.Router {
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
      const batched = Array.isArray(parsed.data);
      const unknown = [...unknownSignals(events, batched, opts.signalNames()), ...(opts.productIds ? unknownProducts(events, batched, opts.productIds()) : [])];
      if (unknown.length > 0) {
        res.status(400).json({ error: { code: 'INVALID_EVENT', message: 'the event was refused; nothing was stored', issues: unknown } });
        return;
      }
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
