/**
 * Fault injection on the HubSpot emulator, through its `intercept` hook (which runs before auth and
 * the rate limiter). 429s carry the exact bodies and X-HubSpot-RateLimit-* headers the real API
 * sends, so the SDK's retry decorator treats them as it would in production; partial failures
 * turn a batch write into a 207 with per-input errors.
 */
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { HubSpotEmulator } from '../hubspot';
import { sendError } from '../hubspot';
import type { FaultDecision, FaultInjector } from './injector';
import { pickFailedRecords } from './injector';
import { applyTransportFault, rewriteJsonAnswer, setRetryAfter } from './transport';

/** The batch writes that can answer 207 with some inputs failed. */
const PARTIAL_ROUTES = new Set([
  'POST /crm/v3/objects/contacts/batch/create',
  'POST /crm/v3/objects/contacts/batch/update',
  'POST /crm/v3/objects/contacts/batch/upsert',
]);

const ERROR_CATEGORY: Record<number, string> = {
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};


type Input = Record<string, unknown>;

function inputsOf(req: Request): Input[] | undefined {
  const inputs = (req.body as { inputs?: unknown } | undefined)?.inputs;
  return Array.isArray(inputs) ? (inputs as Input[]) : undefined;
}

export function installHubSpotFaults(hubspot: HubSpotEmulator, injector: FaultInjector): () => void {
  return hubspot.intercept(async (req, res, routeKey) => {
    const batchSize = PARTIAL_ROUTES.has(routeKey) ? (inputsOf(req)?.length ?? 0) : 0;
    const d = injector.decide({ system: 'hubspot', route: routeKey, actor: 'integration', batchSize });
    if (!d) return false;
    return apply(hubspot, d, req, res);
  });
}

async function apply(hubspot: HubSpotEmulator, d: FaultDecision, req: Request, res: Response): Promise<boolean> {
  const transport = await applyTransportFault(d, req);
  if (transport) return transport === 'answered';
  const p = d.rule.params;
  switch (d.rule.kind) {
    case 'error': {
      const status = p.status ?? 500;
      sendError(res, status, p.message ?? 'internal error', { category: p.code ?? ERROR_CATEGORY[status] ?? 'INTERNAL_ERROR' });
      return true;
    }
    case 'rate_limit':
      sendRateLimited(hubspot, res, p.policy ?? 'TEN_SECONDLY_ROLLING', p.retryAfterSeconds);
      return true;
    case 'latency':
    case 'reset':
    case 'timeout':
      return false; // answered by applyTransportFault above
    case 'partial':
      failSomeInputs(d, req, res);
      return false;
  }
}

/** The 429 of each policy, as HubSpot sends it (API-FACTS A6): search's secondly limit has no headers. */
function sendRateLimited(hubspot: HubSpotEmulator, res: Response, policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY', retryAfter: number | undefined): void {
  const limits = hubspot.rateLimiter.current;
  if (policy !== 'SECONDLY') {
    const dailyRemaining = policy === 'DAILY' ? 0 : Math.max(0, limits.daily - hubspot.rateLimiter.dailyUsed());
    res.setHeader('X-HubSpot-RateLimit-Daily', String(limits.daily));
    res.setHeader('X-HubSpot-RateLimit-Daily-Remaining', String(dailyRemaining));
    res.setHeader('X-HubSpot-RateLimit-Interval-Milliseconds', '10000');
    res.setHeader('X-HubSpot-RateLimit-Max', String(limits.tenSecondly));
    res.setHeader('X-HubSpot-RateLimit-Remaining', '0');
    res.setHeader('X-HubSpot-RateLimit-Secondly', String(Math.floor(limits.tenSecondly / 10)));
    res.setHeader('X-HubSpot-RateLimit-Secondly-Remaining', '0');
  }
  setRetryAfter(res, retryAfter);
  if (policy === 'TEN_SECONDLY_ROLLING') {
    sendError(res, 429, 'You have reached your ten_secondly_rolling limit.', {
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: `publicapi:private_app-api-calls-ten-secondly:${hubspot.appId}:${hubspot.portalId}`,
    });
  } else if (policy === 'DAILY') {
    sendError(res, 429, 'You have reached your daily limit.', { errorType: 'RATE_LIMIT', policyName: 'DAILY', requestId: randomUUID() });
  } else {
    sendError(res, 429, 'You have reached your secondly limit.', { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
  }
}

/**
 * Takes the failing inputs out of the request before the route sees it, then adds one error per
 * failed input to the answer and makes it a 207, as HubSpot does for a batch that partly failed.
 */
function failSomeInputs(d: FaultDecision, req: Request, res: Response): void {
  const inputs = inputsOf(req) ?? [];
  const failed = pickFailedRecords(d.rng, inputs.length, d.rule.params);
  d.event.records = failed;
  if (failed.length === 0) return;
  const failedSet = new Set(failed);
  req.body = { ...(req.body as object), inputs: inputs.filter((_, i) => !failedSet.has(i)) };
  const p = d.rule.params;
  const errors = failed.map((i) => {
    const input = inputs[i] ?? {};
    const context: Record<string, string[]> = {};
    if (typeof input['objectWriteTraceId'] === 'string') context['objectWriteTraceId'] = [input['objectWriteTraceId']];
    if (typeof input['id'] === 'string' || typeof input['id'] === 'number') context['ids'] = [String(input['id'])];
    return {
      status: 'error',
      category: p.code ?? 'INTERNAL_ERROR',
      message: p.message ?? 'An internal error occurred while writing this record; it was not saved.',
      context,
      errors: [],
      links: {},
    };
  });
  rewriteJsonAnswer(res, (status, body) => {
    if (status < 200 || status > 299 || !body || typeof body !== 'object' || !Array.isArray((body as { results?: unknown }).results)) return undefined;
    const b = body as Record<string, unknown> & { errors?: unknown[] };
    const allErrors = [...(Array.isArray(b.errors) ? b.errors : []), ...errors];
    const { startedAt, completedAt, ...rest } = b;
    return { status: 207, body: { ...rest, numErrors: allErrors.length, errors: allErrors, startedAt, completedAt } };
  });
}
