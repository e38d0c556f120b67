/**
 * HubSpot's wire conventions in one place: the JSON content type it answers with, the error body
 * shape (`{status, message, correlationId, category, ...}`), and an exception routes throw to answer
 * with such a body. Connectors parse these bodies, so their spelling is part of the contract.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

export interface ErrorDetailBody {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
  subCategory?: string;
}

export interface ErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  errors?: ErrorDetailBody[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
  // Rate-limit bodies carry these instead of (or beside) `category`.
  errorType?: string;
  policyName?: string;
  groupName?: string;
  requestId?: string;
}

export type ErrorExtras = Omit<ErrorBody, 'status' | 'message' | 'correlationId'>;

/** Thrown inside a route to answer with HubSpot's error body; the pipeline fills `correlationId`. */
export class HubSpotHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = 'HubSpotHttpError';
  }
}

export const validationError = (message: string, extras: ErrorExtras = {}): HubSpotHttpError =>
  new HubSpotHttpError(400, message, { category: 'VALIDATION_ERROR', ...extras });

export const notFound = (message: string, extras: ErrorExtras = {}): HubSpotHttpError =>
  new HubSpotHttpError(404, message, { category: 'OBJECT_NOT_FOUND', ...extras });

export function newCorrelationId(): string {
  return randomUUID();
}

/** The correlation id given to this response (set by the pipeline before any route runs). */
export function correlationIdOf(res: Response): string {
  const v = res.locals['correlationId'];
  return typeof v === 'string' ? v : newCorrelationId();
}

export function errorBody(correlationId: string, message: string, extras: ErrorExtras = {}): ErrorBody {
  // Key order follows real bodies: status, message, correlationId, then the rest.
  return { status: 'error', message, correlationId, ...extras };
}

/** Writes JSON with HubSpot's exact content type (express would insert a space before charset). */
export function sendJson(res: Response, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.status(status);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', String(buf.length));
  res.end(buf);
}

export function sendError(res: Response, status: number, message: string, extras: ErrorExtras = {}): void {
  sendJson(res, status, errorBody(correlationIdOf(res), message, extras));
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}
