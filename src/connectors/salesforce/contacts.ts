/**
 * Salesforce Contacts by email: who already banks with us. One SOQL per chunk of emails
 * (`WHERE Email IN (...)`), each with the Contact's and its Account's owner (`Account.OwnerId`, a
 * relationship field, so no second query). jsforce sends SOQL in the URL of a GET, so a chunk is
 * bounded by the encoded length as well as by count: Salesforce refuses URIs past about 16 KB
 * (and SOQL past 100,000 characters), Node servers headers past 16 KB.
 */
import { z } from 'zod';
import { soqlString } from './soql';

/** Emails per query at most: 1,000 contacts cost 5 queries. */
export const EMAILS_PER_QUERY = 200;
/** The encoded query (what goes after `?q=`) stays under this, well below the URI limits. */
export const MAX_ENCODED_QUERY = 10_000;
/** Salesforce's Email field holds at most 80 characters: a longer value cannot match. */
const EMAIL_MAX = 80;

const SELECT = 'SELECT Id, Email, AccountId, OwnerId, Account.OwnerId FROM Contact WHERE Email IN ';
const ORDER = ' ORDER BY Id';

/** A Contact as the lookup needs it, checked at the edge. */
export const contactByEmailRow = z
  .object({
    Id: z.string().min(15),
    Email: z.string().nullish(),
    AccountId: z.string().nullish(),
    OwnerId: z.string().min(15),
    Account: z.object({ OwnerId: z.string().nullish() }).passthrough().nullish(),
  })
  .passthrough();

export interface ContactByEmail {
  contactId: string;
  /** Lower-cased: the key the caller looked it up by. */
  email: string;
  accountId: string | null;
  contactOwnerId: string;
  accountOwnerId: string | null;
}

/** The form an email is compared in (Salesforce compares Email case-insensitively). */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** Whether an email could be on a Contact at all; others are answered "no match" without a query. */
export function lookableEmail(email: string): boolean {
  // eslint-disable-next-line no-control-regex
  return email.length > 2 && email.length <= EMAIL_MAX && email.includes('@') && !/[\u0000-\u001F\u007F]/.test(email);
}

/**
 * The SOQL for the emails, chunked: at most EMAILS_PER_QUERY each and MAX_ENCODED_QUERY encoded
 * characters each. Emails are de-duplicated case-insensitively; ones that cannot match are left out.
 */
export function contactsByEmailQueries(emails: readonly string[]): { soql: string; emails: string[] }[] {
  const keys = [...new Set(emails.map(emailKey))].filter(lookableEmail).sort();
  const out: { soql: string; emails: string[] }[] = [];
  const fixed = encodeURIComponent(SELECT + '()' + ORDER).length;
  let chunk: string[] = [];
  let literals: string[] = [];
  let size = fixed;
  const flush = (): void => {
    if (chunk.length === 0) return;
    out.push({ soql: `${SELECT}(${literals.join(', ')})${ORDER}`, emails: chunk });
    chunk = [];
    literals = [];
    size = fixed;
  };
  for (const e of keys) {
    const literal = soqlString(e);
    const cost = (first: boolean): number => encodeURIComponent(first ? literal : `, ${literal}`).length;
    if (chunk.length >= EMAILS_PER_QUERY || (chunk.length > 0 && size + cost(false) > MAX_ENCODED_QUERY)) flush();
    size += cost(chunk.length === 0);
    chunk.push(e);
    literals.push(literal);
  }
  flush();
  return out;
}

export function toContactByEmail(row: z.output<typeof contactByEmailRow>): ContactByEmail | null {
  if (!row.Email) return null;
  return {
    contactId: row.Id,
    email: emailKey(row.Email),
    accountId: row.AccountId ?? null,
    contactOwnerId: row.OwnerId,
    accountOwnerId: row.AccountId ? (row.Account?.OwnerId ?? null) : null,
  };
}
