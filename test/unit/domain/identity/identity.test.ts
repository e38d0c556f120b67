import { checkEmail, checkUsZip, normalisePhone } from '../../../../src/domain/identity';

describe('checkEmail', () => {
  it.each([
    ['jane.doe@example.com', 'jane.doe@example.com'],
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['j+newsletter@mail.bank.co.uk', 'j+newsletter@mail.bank.co.uk'],
    ["o'brien@example.org", "o'brien@example.org"],
    ['x@bücher.de', 'x@xn--bcher-kva.de'],
    ['a@xn--bcher-kva.de', 'a@xn--bcher-kva.de'],
  ])('accepts %j as %j', (raw, email) => {
    expect(checkEmail(raw)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'email address is empty'],
    ['   ', 'email address is empty'],
    ['jane.example.com', 'email address has no @'],
    ['jane@doe@example.com', 'email address has more than one @'],
    ['@example.com', 'the part before @ must be 1 to 64 characters'],
    [`${'a'.repeat(65)}@example.com`, 'the part before @ must be 1 to 64 characters'],
    ['jane..doe@example.com', 'the part before @ has characters or dots that are not allowed'],
    ['.jane@example.com', 'the part before @ has characters or dots that are not allowed'],
    ['jane doe@example.com', 'the part before @ has characters or dots that are not allowed'],
    ['jane@localhost', 'the domain after @ has no dot'],
    ['jane@', 'the domain after @ is not a valid domain name'],
    ['jane@example..com', 'the domain after @ is not a valid domain name'],
    ['jane@-example.com', 'the domain after @ is not a valid domain name'],
    ['jane@exa_mple.com', 'the domain after @ is not a valid domain name'],
    ['jane@example.c', 'the domain after @ is not a valid domain name'],
    ['jane@example.123', 'the domain after @ is not a valid domain name'],
    ['jane@[10.0.0.1]', 'the domain after @ is not a valid domain name'],
    [`j@${'a'.repeat(250)}.com`, 'email address is longer than 254 characters'],
  ])('refuses %j: %s', (raw, message) => {
    expect(checkEmail(raw)).toEqual({ ok: false, error: 'EMAIL_INVALID', message });
  });
});

describe('normalisePhone', () => {
  it.each([
    ['(212) 555-0123', 'US', '+12125550123', 'US'],
    ['212.555.0123', 'US', '+12125550123', 'US'],
    ['1-415-555-2671', 'US', '+14155552671', 'US'],
    ['+1 800 555 0199', 'US', '+18005550199', 'US'],
    ['+44 20 7946 0958', 'US', '+442079460958', 'GB'],
    ['020 7946 0958', 'GB', '+442079460958', 'GB'],
    ['+33 1 23 45 67 89', 'US', '+33123456789', 'FR'],
  ] as const)('normalises %j (default %s) to %s', (raw, country, e164, numberCountry) => {
    expect(normalisePhone(raw, country)).toMatchObject({ ok: true, e164, country: numberCountry });
  });

  it('uses US as the default country and keeps an extension apart', () => {
    expect(normalisePhone('212-555-1234 ext. 12')).toEqual({
      ok: true, e164: '+12125551234', country: 'US', extension: '12', kind: 'FIXED_LINE_OR_MOBILE',
    });
    expect(normalisePhone('+1 800 555 0199')).toMatchObject({ kind: 'TOLL_FREE' });
  });

  it.each([
    ['', 'phone number is empty'],
    ['not a phone', 'phone number could not be read as a phone number'],
    ['(123) 456-7890', 'phone number is not a valid number for its country'],
    ['(212) 055-1234', 'phone number is not a valid number for its country'],
    ['555-1234', 'phone number is not a valid number for its country'],
    ['12345', 'phone number is not a valid number for its country'],
    ['+1 (212) 555-01234', 'phone number is not a valid number for its country'],
  ])('refuses %j: %s', (raw, message) => {
    expect(normalisePhone(raw)).toEqual({ ok: false, error: 'PHONE_INVALID', message });
  });
});

describe('checkUsZip', () => {
  it.each([
    ['10001', { zip5: '10001', plus4: null, state: 'NY' }],
    ['60601-1234', { zip5: '60601', plus4: '1234', state: 'IL' }],
    [' 85004 ', { zip5: '85004', plus4: null, state: 'AZ' }],
    ['34001', { zip5: '34001', plus4: null, state: 'AA' }], // military: real, even without coordinates
  ])('accepts %j', (raw, expected) => {
    expect(checkUsZip(raw)).toEqual({ ok: true, ...expected });
  });

  it.each([
    ['', 'ZIP_INVALID'],
    ['1000', 'ZIP_INVALID'],
    ['100010', 'ZIP_INVALID'],
    ['10001-', 'ZIP_INVALID'],
    ['K1A 0B1', 'ZIP_INVALID'],
    ['00000', 'ZIP_UNKNOWN'],
    ['99999', 'ZIP_UNKNOWN'],
  ])('refuses %j as %s, without echoing it', (raw, error) => {
    const r = checkUsZip(raw);
    expect(r).toMatchObject({ ok: false, error });
    if (!r.ok && raw.trim() !== '') expect(r.message).not.toContain(raw.trim());
  });
});
