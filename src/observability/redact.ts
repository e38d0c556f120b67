/**
 * Personal data and secrets are removed before anything is written to a log. Two nets: by key
 * name (a field called `email` is redacted whatever it holds) and by pattern (an email inside a
 * free-text message is redacted wherever it is).
 */
export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY =
  /(e-?mail|phone|mobile|fax|ssn|social.?security|tax.?id|tin$|ein$|dob|birth|account.?(number|no|num)|acct|card|iban|routing|password|passwd|secret|token|authorization|cookie|signature|api.?key|private.?key|session|first.?name|last.?name|full.?name|street|address)/i;

/** Keys that look sensitive by name but hold ids or counts we need to debug. */
const SAFE_KEY = /^(leadId|contactId|lead_id|contact_id|accountId|account_id|ownerId|owner_id|tokenExpiresAt|requestId)$/;

interface Pattern {
  name: string;
  re: RegExp;
  keep?: (match: string) => boolean;
}

const PATTERNS: Pattern[] = [
  { name: 'bearer', re: /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=!-]{8,}/gi },
  { name: 'hubspot-token', re: /\bpat-[a-z0-9]{2,4}-[0-9a-f-]{8,}\b/gi },
  { name: 'salesforce-session', re: /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]+/g },
  { name: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { name: 'ssn', re: /\b\d{3}-\d{2}-\d{4}\b/g },
  // 13–19 digits, optionally grouped, that pass the Luhn check: card numbers.
  { name: 'card', re: /\b\d(?:[ -]?\d){12,18}\b/g, keep: (m) => !luhn(m.replace(/\D/g, '')) },
  // North American and international phone numbers. A bare 10-digit run only when it cannot be an
  // epoch-seconds timestamp (area codes never start with 0 or 1).
  {
    name: 'phone',
    re: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{8,15}\b|\b[2-9]\d{9}\b|\b1[2-9]\d{9}\b/g,
  },
];

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function redactString(text: string): string {
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (m) => (p.keep?.(m) ? m : REDACTED));
  }
  return out;
}

export function isSensitiveKey(key: string): boolean {
  return !SAFE_KEY.test(key) && SENSITIVE_KEY.test(key);
}

/** Deep copy of `value` with sensitive keys and patterns redacted. Cycles are cut. */
export function redact<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]' as T;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen)) as T;
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), code: (value as { code?: unknown }).code } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSensitiveKey(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redact(v, seen);
  }
  return out as T;
}
