/**
 * Query-string reading the way HubSpot does it: array parameters arrive repeated
 * (`?properties=a&properties=b`, what the SDK sends) or comma-separated (`?properties=a,b`, what
 * people type), and both mean the same. Parsed from the raw URL so the result does not depend on
 * the query parser of whatever express app mounts the emulator.
 */
import type { Request } from 'express';
import { validationError } from './wire';

export function searchParams(req: Request): URLSearchParams {
  const url = req.originalUrl || req.url;
  const q = url.indexOf('?');
  return new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
}

/** All values of `name`, split on commas, trimmed, empty ones dropped; undefined when absent. */
export function arrayParam(params: URLSearchParams, name: string): string[] | undefined {
  const raw = params.getAll(name);
  if (raw.length === 0) return undefined;
  return raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function boolParam(params: URLSearchParams, name: string): boolean {
  return (params.get(name) ?? '').toLowerCase() === 'true';
}

export function intParam(params: URLSearchParams, name: string, dflt: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw validationError(`Invalid value for query parameter '${name}': ${raw}`);
  return n;
}
