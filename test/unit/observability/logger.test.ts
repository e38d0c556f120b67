import { PassThrough } from 'node:stream';
import { createLogger } from '../../../src/observability/logger';
import { luhn, redact, redactString, REDACTED } from '../../../src/observability/redact';

function capture(format: 'json' | 'pretty') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const logger = createLogger({ level: 'debug', format, stream });
  return { logger, text: () => chunks.join('') };
}

describe('logger redaction', () => {
  const secrets = {
    email: 'maria.lopez@example.com',
    phone: '(415) 555-0134',
    ssn: '123-45-6789',
    token: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
  };

  it.each(['json', 'pretty'] as const)('writes no email, phone, SSN or bearer token (%s)', async (format) => {
    const { logger, text } = capture(format);
    logger.info(
      `contact ${secrets.email} called from ${secrets.phone}, ssn ${secrets.ssn}, auth ${secrets.token}`,
      { leadId: '00Q000000000001', contact: { email: secrets.email, mobile: '+14155550134' }, headers: { authorization: secrets.token } },
    );
    await new Promise((r) => setImmediate(r));
    const out = text();
    expect(out).toContain('00Q000000000001');
    for (const s of [...Object.values(secrets), '+14155550134', 'eyJhbGciOiJIUzI1NiJ9', '555-0134', '6789']) {
      expect(out).not.toContain(s);
    }
    expect(out).toContain(REDACTED);
  });

  it('redacts by key name whatever the value looks like', () => {
    expect(redact({ ssn: '123456789', firstName: 'Ana', leadId: 'x', count: 3 })).toEqual({
      ssn: REDACTED,
      firstName: REDACTED,
      leadId: 'x',
      count: 3,
    });
  });

  it.each([
    ['card number', 'card 4111 1111 1111 1111 declined', 'card [REDACTED] declined'],
    ['not a card (fails Luhn)', 'cursor 1700000000001', 'cursor 1700000000001'],
    ['epoch seconds kept', 'at 1733239200', 'at 1733239200'],
    ['bare US phone', 'call 4155550134', 'call [REDACTED]'],
    ['HubSpot private app token', 'token pat-na1-11111111-2222-3333-4444-555555555555', 'token [REDACTED]'],
    ['Salesforce session id', 'sid 00D5g000004XyZaEAK!AQ4AQHx.abc', 'sid [REDACTED]'],
    ['ISO timestamp kept', '2026-12-03T16:10:48.000Z', '2026-12-03T16:10:48.000Z'],
    ['Salesforce id kept', 'lead 00Q5g00000AbCdEEAV', 'lead 00Q5g00000AbCdEEAV'],
  ])('pattern: %s', (_name, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it('luhn', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
  });

  it('survives cycles and errors', () => {
    const a: Record<string, unknown> = { name: 'x' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'x', self: '[Circular]' });
    expect(redact({ err: new Error('bad a@b.co') })).toEqual({ err: { name: 'Error', message: 'bad [REDACTED]', code: undefined } });
  });
});
