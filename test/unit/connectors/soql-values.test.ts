/**
 * Values in SOQL Handoff builds: a string literal can never end early or change the query, and
 * email lookups are chunked by count and by the length of the URL jsforce sends.
 */
import fc from 'fast-check';
import { EMAILS_PER_QUERY, MAX_ENCODED_QUERY, contactsByEmailQueries, salesforceTime, soqlString } from '../../../src/connectors/salesforce';
import { tokenize } from '../../../src/sandbox/salesforce/soql/lexer';

describe('soqlString', () => {
  it.each([
    ['plain', 'pat@example.com', "'pat@example.com'"],
    ['a quote', "o'brien@example.com", "'o\\'brien@example.com'"],
    ['a backslash', 'a\\b@example.com', "'a\\\\b@example.com'"],
    ['a double quote', 'a"b@example.com', "'a\\\"b@example.com'"],
    ['newline and tab', 'a\nb\tc', "'a\\nb\\tc'"],
    ['LIKE wildcards stay literal', 'a_b%c@example.com', "'a_b%c@example.com'"],
    ['an injection attempt', "x' OR Email != '", "'x\\' OR Email != \\''"],
  ])('%s', (_name, value, literal) => {
    expect(soqlString(value)).toBe(literal);
  });

  it('refuses control characters SOQL has no escape for, without repeating the value', () => {
    expect(() => soqlString('secret\u0000@example.com')).toThrow(expect.objectContaining({ code: 'SALESFORCE_BAD_VALUE' }));
    expect(() => soqlString('secret\u0001@example.com')).toThrow(expect.not.objectContaining({ message: expect.stringContaining('secret') }));
  });

  it('reads back as one string token with the same value (any text without bare control characters)', () => {
    // eslint-disable-next-line no-control-regex
    const text = fc.string({ unit: 'binary' }).filter((s) => !/[\u0000-\u0007\u000B\u000E-\u001F\u007F]/.test(s));
    fc.assert(
      fc.property(text, (value) => {
        const tokens = tokenize(`SELECT Id FROM Contact WHERE Email = ${soqlString(value)}`);
        const strings = tokens.filter((t) => t.kind === 'string');
        expect(strings).toHaveLength(1);
        expect(strings[0]).toMatchObject({ value });
        expect(tokens.at(-1)!.kind).toBe('eof');
        expect(tokens.at(-2)).toBe(strings[0]);
      }),
    );
  });
});

describe('contactsByEmailQueries', () => {
  it('asks for the Contact, its owner and its Account owner, emails lower-cased and de-duplicated', () => {
    expect(contactsByEmailQueries(['B@Example.com', 'a@example.com', 'b@example.com '])).toEqual([
      {
        soql: "SELECT Id, Email, AccountId, OwnerId, Account.OwnerId FROM Contact WHERE Email IN ('a@example.com', 'b@example.com') ORDER BY Id",
        emails: ['a@example.com', 'b@example.com'],
      },
    ]);
  });

  it('leaves out what cannot be an email on a Contact, and asks nothing for nothing', () => {
    expect(contactsByEmailQueries([])).toEqual([]);
    expect(contactsByEmailQueries(['', 'no-at-sign', `${'x'.repeat(80)}@example.com`])).toEqual([]);
  });

  it('makes 5 queries of 200 for 1,000 ordinary emails', () => {
    const emails = Array.from({ length: 1000 }, (_, i) => `prospect${i}@mail.example.com`);
    const qs = contactsByEmailQueries(emails);
    expect(qs.map((q) => q.emails.length)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(qs.flatMap((q) => q.emails)).size).toBe(1000);
  });

  it('keeps every encoded query under the limit, and every email in exactly one query', () => {
    const email = fc
      .tuple(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.constantFrom('example.com', 'bank.co.uk', 'x.io'))
      // eslint-disable-next-line no-control-regex
      .map(([local, domain]) => `${local.replace(/[\u0000-\u001F\u007F@]/g, 'x')}@${domain}`)
      .filter((e) => e.trim() === e && e.length <= 80);
    fc.assert(
      fc.property(fc.array(email, { maxLength: 700 }), (emails) => {
        const qs = contactsByEmailQueries(emails);
        for (const q of qs) {
          expect(q.emails.length).toBeLessThanOrEqual(EMAILS_PER_QUERY);
          expect(encodeURIComponent(q.soql).length).toBeLessThanOrEqual(MAX_ENCODED_QUERY);
        }
        const asked = qs.flatMap((q) => q.emails);
        expect(asked.length).toBe(new Set(asked).size);
        expect(new Set(asked)).toEqual(new Set(emails.map((e) => e.toLowerCase())));
      }),
      { numRuns: 30 },
    );
  });
});

describe('salesforceTime', () => {
  it.each([
    ["Salesforce's form", '2026-01-05T14:00:31.000+0000', '2026-01-05T14:00:31.000Z'],
    ['another offset', '2026-01-05T09:00:31.000-0500', '2026-01-05T14:00:31.000Z'],
    ['ISO with Z', '2026-01-05T14:00:31Z', '2026-01-05T14:00:31.000Z'],
    ['ISO with a colon offset', '2026-01-05T15:00:31+01:00', '2026-01-05T14:00:31.000Z'],
  ])('reads %s', (_name, value, iso) => {
    expect(salesforceTime(value)?.toISOString()).toBe(iso);
  });

  it.each([['null', null], ['undefined', undefined], ['a number', 1_767_621_631_000], ['blank', ''], ['not a time', 'soon']])('is null for %s', (_name, value) => {
    expect(salesforceTime(value)).toBeNull();
  });
});
