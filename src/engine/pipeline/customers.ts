/**
 * Existing customers: before readiness and routing decide a contact, Handoff asks Salesforce
 * whether a Contact has its email, and stores the answer on the lead (`data.gov.customer`), where
 * the routing rule `existing_customer_to_owner` (pool `existing_owner`) and the scoring rule
 * `existing_customer` read it. The portfolio RM is the Account's owner when a roster RM owns the
 * Account, else the Contact's owner when a roster RM owns the Contact; any other owner still makes
 * the person a customer, with no portfolio RM.
 *
 * Budget: the first contact that needs a check looks ahead in the inbox and asks for every
 * pending contact's email at once (one query per 200 emails), so 1,000 new contacts cost about 5
 * queries; the answers wait in a short-lived cache for their rows. A stored match is asked again
 * only when it is older than `customerCheckMaxAgeMs` (24 h) or the email changed.
 *
 * A failed check never loses a lead: from the inbox, a retryable failure defers the contact a few
 * times on the inbox's backoff (seconds); after that, or at once for a failure a retry will not
 * cure, the contact is decided without a fresh answer (the last match, if any), and the decision's
 * audit event says so. An existing customer routed to another RM beats a lead nobody calls.
 */
import type { ApiFailure } from '../../connectors/api-failure';
import { toApiFailure } from '../../connectors/api-failure';
import type { Lane } from '../../connectors/rate-policy';
import type { ContactByEmail } from '../../connectors/salesforce';
import { EMAILS_PER_QUERY, emailKey } from '../../connectors/salesforce';
import { inboundFromHubspot } from '../../domain/sync';
import { HandoffError } from '../../errors';
import type { Db } from '../../store/db';
import type { PipelineContext } from './context';
import { QUALIFYING_STATES } from './govern';
import type { CustomerMatch, LeadData } from './lead-record';
import { emailHash } from './view';

export const DEFAULT_CUSTOMER_MAX_AGE_MS = 24 * 3600_000;
/** Inbox rows looked ahead when a contact needs a check: 5 queries' worth. */
export const LOOKAHEAD_ROWS = 5 * EMAILS_PER_QUERY;
/** Handlings of one inbox row before a failed check is given up and the contact decided without it. */
export const CHECK_ATTEMPTS = 4;
/** Answers wait this long for their rows; the lead keeps the durable copy. */
const ANSWER_TTL_MS = 10 * 60_000;
/** A failure is remembered this long, so the rows of one run do not each ask again. */
const FAILURE_TTL_MS = 30_000;
const CACHE_MAX = 20_000;

/** The portfolio RM of one Contact: its Account's owner if a roster RM, else its own owner if one. */
export function ownerRmOf(c: Pick<ContactByEmail, 'accountOwnerId' | 'contactOwnerId'>, rmIdOfUser: (userId: string) => string | undefined): string | null {
  return (c.accountOwnerId ? rmIdOfUser(c.accountOwnerId) : undefined) ?? rmIdOfUser(c.contactOwnerId) ?? null;
}

/**
 * The match for one email from the Contacts found with it: among several, one with a portfolio RM
 * (an Account owner first), then the lowest Contact Id, so the same org always gives the same answer.
 */
export function customerMatch(contacts: readonly ContactByEmail[], rmIdOfUser: (userId: string) => string | undefined, checkedAt: Date, hash: string): CustomerMatch {
  const rank = (c: ContactByEmail): number => (c.accountOwnerId && rmIdOfUser(c.accountOwnerId) ? 2 : rmIdOfUser(c.contactOwnerId) ? 1 : 0);
  const best = [...contacts].sort((a, b) => rank(b) - rank(a) || (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0))[0];
  return {
    contactId: best?.contactId ?? null,
    accountId: best?.accountId ?? null,
    ownerRmId: best ? ownerRmOf(best, rmIdOfUser) : null,
    checkedAt: checkedAt.toISOString(),
    emailHash: hash,
  };
}

/** Whether the stored match must be asked again: none, another email, or older than `maxAgeMs`. */
export function needsCheck(match: CustomerMatch | undefined, hash: string, now: Date, maxAgeMs: number): boolean {
  if (!match || match.emailHash !== hash) return true;
  const at = Date.parse(match.checkedAt);
  return !Number.isFinite(at) || now.getTime() - at >= maxAgeMs || at > now.getTime();
}

type Answer = { kind: 'found'; contacts: ContactByEmail[]; atMs: number } | { kind: 'failed'; failure: ApiFailure; atMs: number };

/** Answers by email, batched; one per pipeline context (so per daemon), shared by every caller. */
export class CustomerLookup {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly ctx: PipelineContext) {}

  answer(email: string): Answer | undefined {
    const key = emailKey(email);
    const a = this.answers.get(key);
    if (!a) return undefined;
    const age = this.ctx.clock.now().getTime() - a.atMs;
    if (age >= 0 && age < (a.kind === 'found' ? ANSWER_TTL_MS : FAILURE_TTL_MS)) return a;
    this.answers.delete(key);
    return undefined;
  }

  /** Asks Salesforce for the emails without an answer, 200 to a call; stops at the first failure. */
  async fetch(emails: readonly (string | null | undefined)[], opts: { lane?: Lane } = {}): Promise<void> {
    const wanted = [...new Set(emails.map((e) => emailKey(e ?? '')))].filter((e) => e !== '' && !this.answer(e));
    for (let i = 0; i < wanted.length; i += EMAILS_PER_QUERY) {
      const group = wanted.slice(i, i + EMAILS_PER_QUERY);
      const atMs = this.ctx.clock.now().getTime();
      try {
        const found = await this.ctx.salesforce.contactsByEmail(group, opts);
        for (const e of group) this.remember(e, { kind: 'found', contacts: found.filter((c) => c.email === e), atMs });
      } catch (err) {
        const failure = toApiFailure(err);
        if (!failure) throw err;
        this.ctx.logger.warn('existing-customer lookup failed', { code: failure.code, kind: failure.kind, emails: wanted.length - i });
        for (const e of wanted.slice(i)) this.remember(e, { kind: 'failed', failure, atMs });
        return;
      }
    }
  }

  private remember(key: string, a: Answer): void {
    this.answers.delete(key);
    this.answers.set(key, a);
    // Oldest first out: Maps iterate in insertion order.
    while (this.answers.size > CACHE_MAX) this.answers.delete(this.answers.keys().next().value as string);
  }
}

const lookups = new WeakMap<PipelineContext, CustomerLookup>();

export function customerLookup(ctx: PipelineContext): CustomerLookup {
  let l = lookups.get(ctx);
  if (!l) lookups.set(ctx, (l = new CustomerLookup(ctx)));
  return l;
}

const maxAgeOf = (ctx: PipelineContext): number => ctx.options.customerCheckMaxAgeMs ?? DEFAULT_CUSTOMER_MAX_AGE_MS;

/**
 * Emails of contacts waiting in the inbox that will be decided and need a check: a new contact
 * marketing qualified, or one whose lead is marketing's (captured, blocked, ready, recycled)
 * without a recent match for its email. Read without locks: a row another worker takes meanwhile
 * costs only its place in the query.
 */
export async function pendingContactEmails(tx: Db, ctx: PipelineContext, limit: number): Promise<string[]> {
  const now = ctx.clock.now();
  const { rows } = await tx.query<{ props: Record<string, string | null> | null; state: string | null; customer: CustomerMatch | null }>(
    `SELECT i.payload->'properties' AS props, l.state, l.data->'gov'->'customer' AS customer
       FROM inbox i LEFT JOIN leads l ON l.hubspot_contact_id = i.payload->>'id'
      WHERE i.processed_at IS NULL AND i.source = 'hubspot' AND i.kind = 'contact' AND i.available_at <= $1
      ORDER BY i.available_at, i.id LIMIT $2`,
    [now.toISOString(), limit],
  );
  const out: string[] = [];
  for (const r of rows) {
    const email = r.props?.['email'];
    const hash = emailHash(email);
    if (!email || !hash || !r.props) continue;
    const wanted = r.state
      ? (QUALIFYING_STATES as readonly string[]).includes(r.state) && needsCheck(r.customer ?? undefined, hash, now, maxAgeOf(ctx))
      : inboundFromHubspot(undefined, r.props, ctx.config).some((e) => e.kind === 'mql');
    if (wanted) out.push(email);
  }
  return out;
}

export interface CheckOptions {
  /** Earlier handlings of the inbox row (InboxRow.attempts); absent outside the inbox: never deferred. */
  attempts?: number;
}

/** What the check did, for the audit event's cause. Ids and codes only: no email. */
export type CustomerCheckNote =
  | { status: 'recent' | 'checked'; existingCustomer: boolean; ownerRmId: string | null; contactId: string | null }
  | { status: 'unavailable'; code: string; decidedWith: 'last match' | 'no match' };

/**
 * The lead's data with a current match for `email`, and a note for the audit trail. Throws
 * CUSTOMER_CHECK_DEFERRED (the inbox retries the row) while a retryable failure has attempts left.
 */
export async function checkCustomer(tx: Db, ctx: PipelineContext, data: LeadData, email: string | null | undefined, opts: CheckOptions = {}): Promise<{ data: LeadData; note?: CustomerCheckNote }> {
  const hash = emailHash(email);
  if (!email || !hash) return { data };
  const now = ctx.clock.now();
  const prior = data.gov.customer;
  const noteOf = (m: CustomerMatch, status: 'recent' | 'checked'): CustomerCheckNote => ({ status, existingCustomer: m.contactId !== null, ownerRmId: m.ownerRmId, contactId: m.contactId });
  if (prior && !needsCheck(prior, hash, now, maxAgeOf(ctx))) return { data, note: noteOf(prior, 'recent') };

  const lookup = customerLookup(ctx);
  let answer = lookup.answer(email);
  if (!answer) {
    await lookup.fetch([email, ...(await pendingContactEmails(tx, ctx, LOOKAHEAD_ROWS))]);
    answer = lookup.answer(email);
  }
  if (answer?.kind === 'found') {
    const match = customerMatch(answer.contacts, (u) => ctx.directory.rmIdOfUser(u), new Date(answer.atMs), hash);
    return { data: { ...data, gov: { ...data.gov, customer: match } }, note: noteOf(match, 'checked') };
  }
  const failure = answer?.failure;
  const code = failure?.code ?? failure?.kind ?? 'UNKNOWN';
  const retryable = failure !== undefined && failure.kind !== 'permanent' && failure.kind !== 'auth';
  if (retryable && opts.attempts !== undefined && opts.attempts + 1 < CHECK_ATTEMPTS) {
    throw new HandoffError('CUSTOMER_CHECK_DEFERRED', `the existing-customer check in Salesforce failed (${code}); the contact is decided on a later try`, { code });
  }
  // A stale match for the same email still names the relationship; one for another email does not.
  const usable = prior && prior.emailHash === hash ? prior : undefined;
  const { customer: _dropped, ...gov } = data.gov;
  return { data: usable ? data : { ...data, gov }, note: { status: 'unavailable', code, decidedWith: usable ? 'last match' : 'no match' } };
}
