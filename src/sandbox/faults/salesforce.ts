/**
 * Fault injection on the Salesforce emulator, through its `use` hook (after auth and the API
 * budget, before the body is parsed). Salesforce never answers 429: its storms are 403
 * REQUEST_LIMIT_EXCEEDED (concurrent long requests, or the daily total) and 503
 * SERVER_UNAVAILABLE. Collections fail per record inside a 200, in input order.
 */
import type { Request, Response } from 'express';
import type { SalesforceEmulator } from '../salesforce';
import type { Actor } from './rules';
import type { FaultDecision, FaultInjector } from './injector';
import { pickFailedRecords } from './injector';
import { applyTransportFault, rewriteJsonAnswer, setRetryAfter } from './transport';

const PARTIAL_ROUTES = new Set(['POST /composite/sobjects', 'PATCH /composite/sobjects', 'PATCH /composite/sobjects/:sobject/:extIdField']);
const JSON_TYPE = 'application/json;charset=UTF-8';

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

interface CollectionBody {
  allOrNone?: unknown;
  records: unknown[];
}

function sendJson(res: Response, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.status(status);
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', String(buf.length));
  res.end(buf);
}

const sendErrors = (res: Response, status: number, errorCode: string, message: string): void =>
  sendJson(res, status, [{ message, errorCode }]);

/** The collection body, read from the raw bytes the emulator has not parsed yet. */
function collectionOf(req: Request): CollectionBody | undefined {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) return undefined;
  try {
    const b = JSON.parse(req.body.toString('utf8')) as { records?: unknown };
    return b && typeof b === 'object' && Array.isArray(b.records) ? (b as CollectionBody) : undefined;
  } catch {
    return undefined;
  }
}

export function installSalesforceFaults(salesforce: SalesforceEmulator, injector: FaultInjector, actorOf: (userId: string | undefined) => Actor): () => void {
  return salesforce.use(async ({ route, userId, req, res }) => {
    const body = PARTIAL_ROUTES.has(route) ? collectionOf(req) : undefined;
    const d = injector.decide({ system: 'salesforce', route, actor: actorOf(userId), batchSize: body?.records.length ?? 0 });
    if (!d) return false;
    return apply(d, req, res, body);
  });
}

async function apply(d: FaultDecision, req: Request, res: Response, body: CollectionBody | undefined): Promise<boolean> {
  const transport = await applyTransportFault(d, req);
  if (transport) return transport === 'answered';
  const p = d.rule.params;
  switch (d.rule.kind) {
    case 'error': {
      const status = p.status ?? 503;
      const [code, message] =
        status === 503
          ? ['SERVER_UNAVAILABLE', 'Server is temporarily unavailable']
          : ['UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1908237465-31337 (-1424891742)'];
      sendErrors(res, status, p.code ?? code, p.message ?? message);
      return true;
    }
    case 'rate_limit': {
      setRetryAfter(res, p.retryAfterSeconds);
      const variant = p.variant ?? 'concurrent';
      if (variant === 'unavailable') sendErrors(res, 503, 'SERVER_UNAVAILABLE', 'Server is temporarily unavailable');
      else sendErrors(res, 403, 'REQUEST_LIMIT_EXCEEDED', variant === 'total' ? 'TotalRequests Limit exceeded.' : 'ConcurrentPerOrgLongTxn Limit exceeded.');
      return true;
    }
    case 'latency':
    case 'reset':
    case 'timeout':
      return false; // answered by applyTransportFault above
    case 'partial':
      return failSomeRecords(d, req, res, body);
  }
}

function recordError(d: FaultDecision, record: unknown): { success: false; errors: { statusCode: string; message: string; fields: string[] }[] } {
  const p = d.rule.params;
  const r = (record ?? {}) as Record<string, unknown>;
  const id = typeof r['id'] === 'string' ? r['id'] : typeof r['Id'] === 'string' ? r['Id'] : undefined;
  const message = p.message ?? `unable to obtain exclusive access to this record${id ? ` or 1 records: ${id}` : ''}`;
  return { success: false, errors: [{ statusCode: p.code ?? 'UNABLE_TO_LOCK_ROW', message, fields: [] }] };
}

/**
 * allOrNone: nothing is written; the picked records carry the error and the rest
 * ALL_OR_NONE_OPERATION_ROLLED_BACK. Otherwise the picked records are taken out of the request
 * and their errors put back in their places in the 200 answer.
 */
function failSomeRecords(d: FaultDecision, req: Request, res: Response, body: CollectionBody | undefined): boolean {
  const records = body?.records ?? [];
  const failed = pickFailedRecords(d.rng, records.length, d.rule.params);
  d.event.records = failed;
  if (!body || failed.length === 0) return false;
  const failedSet = new Set(failed);
  if (body.allOrNone === true || body.allOrNone === 'true') {
    sendJson(res, 200, records.map((r, i) => (failedSet.has(i) ? recordError(d, r) : { success: false, errors: [ROLLED_BACK] })));
    return true;
  }
  req.body = Buffer.from(JSON.stringify({ ...body, records: records.filter((_, i) => !failedSet.has(i)) }), 'utf8');
  rewriteJsonAnswer(res, (status, answer) => {
    if (status !== 200 || !Array.isArray(answer) || answer.length !== records.length - failed.length) return undefined;
    const kept = [...(answer as unknown[])];
    return { status, body: records.map((r, i) => (failedSet.has(i) ? recordError(d, r) : kept.shift())) };
  });
  return false;
}
