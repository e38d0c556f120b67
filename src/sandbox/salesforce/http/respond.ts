import type { Response } from 'express';
import type { SfError } from '../errors';

/**
 * Salesforce answers `Content-Type: application/json;charset=UTF-8` exactly (jsforce parses only
 * bodies matching /^application\/json(;|$)/). Express's res.json would write
 * `application/json; charset=utf-8`, so bodies are written by hand.
 */
export const JSON_TYPE = 'application/json;charset=UTF-8';

export function sendJson(res: Response, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.status(status);
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', String(buf.length));
  res.end(buf);
}

/** REST error body: an array of `{message, errorCode, fields?}`. */
export function sendErrors(res: Response, status: number, errors: SfError[]): void {
  sendJson(
    res,
    status,
    errors.map((e) => (e.fields === undefined ? { message: e.message, errorCode: e.errorCode } : { message: e.message, errorCode: e.errorCode, fields: e.fields })),
  );
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}
