import { HandoffError } from '../../../src/errors';
import { parseTarget, redactUrl, translatePgError } from '../../../src/store/pg-errors';
import { checksumOf, locate } from '../../../src/store/migration-files';
import { sqlState } from '../../../src/store/db';

/** The messages a person reads when the database is out of reach: named, actionable, no secrets. */
describe('PostgreSQL connection errors', () => {
  const target = parseTarget('postgres://handoff:hunter2@db.bank.internal:6432/leads');
  const translate = (err: unknown): HandoffError => translatePgError(err, target) as HandoffError;
  const sql = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

  it('reads user, host, port and database from the URL, never keeping the password', () => {
    expect(target).toEqual({ user: 'handoff', host: 'db.bank.internal', port: 6432, database: 'leads' });
    expect(redactUrl('postgres://handoff:hunter2@db:5432/leads')).toBe('postgres://handoff:***@db:5432/leads');
  });

  it.each([
    ['ECONNREFUSED', 'STORE_UNREACHABLE', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'cannot connect to PostgreSQL at handoff@db.bank.internal:6432/leads: connection refused (is the server running and listening there?)'],
    ['AggregateError of ECONNREFUSED', 'STORE_UNREACHABLE', new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], ''), 'cannot connect to PostgreSQL at handoff@db.bank.internal:6432/leads: connection refused (is the server running and listening there?)'],
    ['ENOTFOUND', 'STORE_UNREACHABLE', Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), 'cannot connect to PostgreSQL at handoff@db.bank.internal:6432/leads: host db.bank.internal not found'],
    ['connect timeout', 'STORE_UNREACHABLE', new Error('timeout expired'), 'cannot connect to PostgreSQL at handoff@db.bank.internal:6432/leads: timed out'],
    ['28P01', 'STORE_AUTH_FAILED', sql('28P01', 'password authentication failed for user "handoff"'), 'PostgreSQL at handoff@db.bank.internal:6432/leads refused the credentials in DATABASE_URL (wrong password)'],
    ['3D000', 'STORE_DATABASE_MISSING', sql('3D000'), 'database "leads" does not exist on db.bank.internal:6432; create it or fix DATABASE_URL'],
    ['57P01', 'STORE_CONNECTION_LOST', sql('57P01'), 'lost the connection to PostgreSQL at handoff@db.bank.internal:6432/leads'],
    ['Connection terminated', 'STORE_CONNECTION_LOST', new Error('Connection terminated unexpectedly'), 'lost the connection to PostgreSQL at handoff@db.bank.internal:6432/leads'],
  ])('%s → %s', (_label, code, err, message) => {
    const out = translate(err);
    expect(out).toBeInstanceOf(HandoffError);
    expect({ code: out.code, message: out.message }).toEqual({ code, message });
    expect(JSON.stringify(out.details)).not.toContain('hunter2');
  });

  it('leaves SQL errors for the caller to branch on', () => {
    const unique = sql('23505', 'duplicate key');
    expect(translate(unique)).toBe(unique);
    expect(sqlState(unique)).toBe('23505');
    expect(sqlState(new Error('plain'))).toBeUndefined();
  });

  it('refuses a URL it cannot read, without echoing its password', () => {
    expect(() => parseTarget('postgres://handoff:hunter2@[bad')).toThrow(/^DATABASE_URL is not a valid URL .*postgres:\/\/handoff:\*\*\*@\[bad$/);
    expect(() => parseTarget('mysql://x@y/z')).toThrow('DATABASE_URL must start with postgres:// or postgresql://, got mysql://');
  });
});

describe('migration files', () => {
  it('checksums content, not line endings', () => {
    expect(checksumOf('a\r\nb\n')).toBe(checksumOf('a\nb\n'));
    expect(checksumOf('a\nb\n')).not.toBe(checksumOf('a\nc\n'));
  });

  it('turns an error position into line and column', () => {
    const sqlText = 'SELECT 1;\n\nINSERT INTO nowhere VALUES (1);';
    expect(locate(sqlText, sqlText.indexOf('nowhere') + 1)).toEqual({ line: 3, col: 13 });
    expect(locate(sqlText, 1)).toEqual({ line: 1, col: 1 });
  });
});
