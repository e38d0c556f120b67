import fc from 'fast-check';
import {
  applyTextTransforms, fitLength, fromCanonical, sideNormal, titlecase, toCanonical, toE164, transformValue,
} from '../../../../src/domain/sync';
import type { Transform } from '../../../../src/config';
import { ctx, field, variant } from './support';

describe('text transforms', () => {
  it.each([
    [['trim'], '  Ann  ', 'Ann'],
    [['lowercase'], 'ANN@Example.COM', 'ann@example.com'],
    [['uppercase'], 'ca', 'CA'],
    [['trim', 'titlecase'], ' new york ', 'New York'],
    [['titlecase'], 'WINSTON-SALEM', 'Winston-Salem'],
    [['titlecase'], 'st. louis', 'St. Louis'],
    [['titlecase'], "coeur d'alene", "Coeur D'alene"],
  ] as [Transform[], string, string][])('%j turns %j into %j', (chain, input, expected) => {
    expect(applyTextTransforms(input, chain)).toBe(expected);
  });

  it('titlecase leaves letters after an apostrophe alone', () => {
    expect(titlecase("DON'T")).toBe("Don't");
  });

  it('every text chain is idempotent', () => {
    const transform = fc.constantFrom<Transform>('trim', 'lowercase', 'uppercase', 'titlecase');
    fc.assert(
      fc.property(fc.array(transform, { maxLength: 4 }), fc.string({ unit: 'grapheme' }), (chain, s) => {
        const once = applyTextTransforms(s, chain);
        expect(applyTextTransforms(once, chain)).toBe(once);
      }),
    );
  });
});

describe('e164', () => {
  it('writes a US number in E.164 with the mappings country', () => {
    expect(toE164('(415) 555-2671', 'US', 'phone')).toEqual({ value: '+14155552671' });
    expect(transformValue(field('phone'), 'map_to_crm', '415.555.2671', ctx)).toEqual({ value: '+14155552671' });
  });

  it('reports a number it cannot read as a problem naming the field, without the number', () => {
    const r = transformValue(field('phone'), 'map_to_crm', 'call 555-01 after 5', ctx);
    expect(r).toEqual({ problem: expect.objectContaining({ code: 'invalid_phone', field: 'phone', side: 'hubspot' }) });
    const message = 'problem' in r ? r.problem.message : '';
    expect(message).toMatch(/^phone: the HubSpot value is not a phone number/);
    expect(message).not.toMatch(/555/);
  });

  it('is idempotent: an E.164 number reads back as itself', () => {
    const numbers = fc.tuple(fc.constantFrom('212', '415', '312', '617', '303'), fc.integer({ min: 2000000, max: 9999999 }));
    fc.assert(
      fc.property(numbers, ([area, rest]) => {
        const once = toE164(`(${area}) ${rest}`, 'US', 'phone');
        if ('problem' in once) return;
        expect(toE164(once.value, 'US', 'phone')).toEqual(once);
      }),
    );
  });
});

describe('dates and datetimes between HubSpot and Salesforce', () => {
  const at = field('tcpa_consent_at');
  const dob = variant('tcpa_consent_at', { name: 'birthday', type: 'date', transforms: ['date'], hubspot: 'birthday', salesforce: 'Birthday__c' });

  it.each([
    ['an ISO string', '2024-09-11T13:27:39.356Z', '2024-09-11T13:27:39.000Z'],
    ['an epoch-ms string', String(Date.UTC(2024, 8, 11, 13, 27, 39, 356)), '2024-09-11T13:27:39.000Z'],
    ['an ISO string with an offset', '2024-09-11T09:27:39.356-04:00', '2024-09-11T13:27:39.000Z'],
  ])('a HubSpot datetime given as %s goes to Salesforce in UTC, to the second', (_what, hs, sf) => {
    expect(transformValue(at, 'map_to_crm', hs, ctx)).toEqual({ value: sf });
  });

  it("reads Salesforce's +0000 datetimes and writes HubSpot an ISO string", () => {
    expect(transformValue(at, 'crm_to_map', '2024-09-11T13:27:39.000+0000', ctx)).toEqual({ value: '2024-09-11T13:27:39.000Z' });
  });

  it('reports a datetime it cannot read', () => {
    expect(transformValue(at, 'map_to_crm', 'last tuesday', ctx)).toEqual({
      problem: { code: 'invalid_datetime', field: 'tcpa_consent_at', side: 'hubspot', message: 'tcpa_consent_at: the HubSpot value is not a date and time (ISO 8601 or epoch milliseconds)' },
    });
  });

  it.each([
    ['YYYY-MM-DD', '1980-02-29', '1980-02-29'],
    ['epoch ms at midnight UTC', String(Date.UTC(1980, 1, 29)), '1980-02-29'],
  ])('a HubSpot date as %s is a Salesforce YYYY-MM-DD date', (_what, hs, sf) => {
    expect(transformValue(dob, 'map_to_crm', hs, ctx)).toEqual({ value: sf });
  });

  it('writes HubSpot dates as YYYY-MM-DD, or in hubspot_date_format when the property is text', () => {
    expect(transformValue(dob, 'crm_to_map', '1980-02-29', ctx)).toEqual({ value: '1980-02-29' });
    const us = { ...dob, hubspot_date_format: 'MM/dd/yyyy' };
    expect(transformValue(us, 'crm_to_map', '1980-02-29', ctx)).toEqual({ value: '02/29/1980' });
    expect(transformValue(us, 'map_to_crm', '02/29/1980', ctx)).toEqual({ value: '1980-02-29' });
    expect(transformValue(us, 'map_to_crm', '1980-02-30', ctx)).toMatchObject({ problem: { code: 'invalid_date', message: 'birthday: the HubSpot value is not a date in the format MM/dd/yyyy' } });
  });

  it('blank dates clear: "" in HubSpot, null in Salesforce', () => {
    expect(transformValue(at, 'map_to_crm', '', ctx)).toEqual({ value: null });
    expect(transformValue(at, 'crm_to_map', null, ctx)).toEqual({ value: '' });
  });

  it('canonical datetimes and dates are fixed points of both systems', () => {
    const instant = fc.date({ min: new Date('1970-01-02'), max: new Date('2100-01-01'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, (d) => {
        for (const f of [at, dob]) {
          for (const side of ['hubspot', 'salesforce'] as const) {
            const c = toCanonical(f, side, d.toISOString(), ctx);
            if (!('value' in c)) throw new Error('unreadable');
            const out = fromCanonical(f, side, c.value, ctx);
            if (!('value' in out)) throw new Error('unwritable');
            expect(sideNormal(f, side, out.value, ctx)).toEqual({ value: out.value });
          }
        }
      }),
    );
  });
});

describe('checkboxes and numbers', () => {
  const optOut = field('email_opt_out');
  const score = variant('referral_source', { name: 'score', type: 'number', transforms: [], hubspot: 'score', salesforce: 'Score__c' });

  it.each([
    ['true', true], ['FALSE', false], ['', false], [null, false],
  ])('HubSpot %j is Salesforce %j', (hs, sf) => {
    expect(transformValue(optOut, 'map_to_crm', hs, ctx)).toEqual({ value: sf });
  });

  it("writes HubSpot 'true'/'false' strings", () => {
    expect(transformValue(optOut, 'crm_to_map', true, ctx)).toEqual({ value: 'true' });
    expect(transformValue(optOut, 'crm_to_map', false, ctx)).toEqual({ value: 'false' });
  });

  it('reports a checkbox value that is not true or false', () => {
    expect(transformValue(optOut, 'map_to_crm', 'yes', ctx)).toMatchObject({ problem: { code: 'invalid_boolean', field: 'email_opt_out' } });
  });

  it('numbers are strings in HubSpot and numbers in Salesforce', () => {
    expect(transformValue(score, 'map_to_crm', ' 42.5 ', ctx)).toEqual({ value: 42.5 });
    expect(transformValue(score, 'crm_to_map', 42.5, ctx)).toEqual({ value: '42.5' });
    expect(transformValue(score, 'map_to_crm', 'lots', ctx)).toMatchObject({ problem: { code: 'invalid_number', field: 'score' } });
  });
});

describe('picklists', () => {
  it('map catalogue values both ways (products.yaml)', () => {
    expect(transformValue(field('product'), 'map_to_crm', 'credit_card', ctx)).toEqual({ value: 'Credit Card' });
    expect(transformValue(field('product'), 'crm_to_map', 'Credit Card', ctx)).toEqual({ value: 'credit_card' });
    expect(transformValue(field('segment'), 'crm_to_map', 'Small Business', ctx)).toEqual({ value: 'small_business' });
  });

  it('canonical catalogue values are the ids routing uses', () => {
    expect(toCanonical(field('segment'), 'salesforce', 'Small Business', ctx)).toEqual({ value: 'small_business' });
  });

  it('maps a values table both ways, and reads a Salesforce value whatever its case', () => {
    expect(transformValue(field('kind'), 'map_to_crm', 'referral', ctx)).toEqual({ value: 'Referral' });
    expect(transformValue(field('kind'), 'crm_to_map', 'REFERRAL', ctx)).toEqual({ value: 'referral' });
  });

  it('maps many HubSpot sources onto one Salesforce value (prefer_map only)', () => {
    expect(transformValue(field('lead_source'), 'map_to_crm', 'PAID_SOCIAL', ctx)).toEqual({ value: 'Web' });
  });

  it('reports an unknown value with the field and where the values come from', () => {
    expect(transformValue(field('product'), 'map_to_crm', 'timeshare', ctx)).toEqual({
      problem: { code: 'unknown_picklist_value', field: 'product', side: 'hubspot', message: 'product: the HubSpot value is not one of the values in products.yaml' },
    });
    expect(transformValue(field('kind'), 'crm_to_map', 'Walk-in', ctx)).toEqual({
      problem: { code: 'unknown_picklist_value', field: 'kind', side: 'salesforce', message: 'kind: the Salesforce value is not one of the values listed for kind in fields.yaml' },
    });
  });
});

describe('Salesforce field lengths', () => {
  it('cuts free text to the field length with a warning, and the cut value is stable', () => {
    const city = field('city');
    const long = 'llanfairpwllgwyngyll gogerychwyrndrobwll llantysiliogogogoch';
    const r = transformValue(city, 'map_to_crm', long, ctx);
    expect(r).toMatchObject({ value: expect.any(String), warnings: [{ code: 'truncated', field: 'city', side: 'salesforce', message: 'city (City): the value was cut to the 40 characters Salesforce allows' }] });
    const cut = 'value' in r ? String(r.value) : '';
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut).toBe(cut.trim());
    expect(sideNormal(city, 'salesforce', cut, ctx)).toEqual({ value: cut });
  });

  it('refuses to cut values that only mean something whole', () => {
    const email = field('email');
    const r = fitLength(`${'a'.repeat(80)}@example.com`, 80, email);
    expect(r).toEqual({ problem: expect.objectContaining({ code: 'too_long', field: 'email', side: 'salesforce' }) });
  });

  it('takes lengths read from the org over the defaults', () => {
    const small = { ...ctx, salesforceLengths: new Map([['City', 5]]) };
    expect(transformValue(field('city'), 'map_to_crm', 'Boston', small)).toMatchObject({ value: 'Bosto' });
  });
});
