/**
 * The token endpoint tells us where to send every later request (`instance_url`): an attacker
 * who can answer that request could point the daemon, with its bearer token, anywhere (SSRF).
 * Only Salesforce's own domains over https are accepted, plus origins the admin configured
 * (the login URL's own origin, and the sandbox).
 */
import { HandoffError } from '../../errors';

const SALESFORCE_DOMAINS = ['salesforce.com', 'force.com'];

export function isAllowedInstanceUrl(raw: string, allowedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (allowedOrigins.some((o) => sameOrigin(o, url))) return true;
  const host = url.hostname.toLowerCase();
  return url.protocol === 'https:' && SALESFORCE_DOMAINS.some((d) => host.endsWith(`.${d}`));
}

function sameOrigin(origin: string, url: URL): boolean {
  try {
    return new URL(origin).origin === url.origin;
  } catch {
    return false;
  }
}

/** The instance URL as an origin, or a HandoffError naming only its host (never a token). */
export function checkInstanceUrl(raw: string, allowedOrigins: readonly string[]): string {
  if (isAllowedInstanceUrl(raw, allowedOrigins)) return new URL(raw).origin;
  let host = 'an unreadable URL';
  try {
    host = new URL(raw).host;
  } catch {
    // keep the generic wording
  }
  throw new HandoffError(
    'SALESFORCE_INSTANCE_NOT_ALLOWED',
    `Salesforce's token endpoint named ${host} as the instance to use; Handoff only talks to *.salesforce.com and *.force.com over https, or to an origin you configured`,
    { host },
  );
}
