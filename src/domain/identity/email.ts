/**
 * A practical email check for lead data: one @, a plausible local part, a domain with a dot and
 * a real-looking top-level label. Not the full RFC 5322 grammar (quoted local parts and IP
 * literals are refused): those never come from a bank's web forms and most CRMs refuse them too.
 */
import { domainToASCII } from 'node:url';
import type { IdentityFailure } from './types';

export type EmailCheck = { ok: true; email: string } | IdentityFailure<'EMAIL_INVALID'>;

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LABEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const fail = (message: string): EmailCheck => ({ ok: false, error: 'EMAIL_INVALID', message });

/**
 * On success `email` is trimmed and lower-cased (HubSpot stores addresses lower-cased, and
 * matching a contact to a Lead must not depend on how someone typed their name); an
 * internationalised domain comes back in its ASCII (punycode) form.
 */
export function checkEmail(raw: string): EmailCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return fail('email address is empty');
  const value = raw.trim();
  if (value.length > 254) return fail('email address is longer than 254 characters');
  const at = value.lastIndexOf('@');
  if (at < 0) return fail('email address has no @');
  const local = value.slice(0, at);
  const domainRaw = value.slice(at + 1);
  if (local.includes('@')) return fail('email address has more than one @');
  if (local.length === 0 || local.length > 64) return fail('the part before @ must be 1 to 64 characters');
  if (!LOCAL_PART.test(local)) return fail('the part before @ has characters or dots that are not allowed');

  const domain = domainToASCII(domainRaw.toLowerCase());
  if (domain === '' || domain.length > 253) return fail('the domain after @ is not a valid domain name');
  const labels = domain.split('.');
  const top = labels[labels.length - 1] ?? '';
  if (labels.length < 2) return fail('the domain after @ has no dot');
  if (!labels.every((l) => LABEL.test(l)) || !TOP_LABEL.test(top)) {
    return fail('the domain after @ is not a valid domain name');
  }
  return { ok: true, email: `${local.toLowerCase()}@${domain}` };
}
