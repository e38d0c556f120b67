/**
 * What survives of an API error message: the code, the field names and the wording, never the
 * value the system refused. The messages are the real shapes (API-FACTS B3/B4 and A2, and bodies
 * quoted in public integrations' issues), with made-up values.
 */
import fc from 'fast-check';
import { WITHHELD, formatSafeError, hubspotErrorText, salesforceErrorText } from '../../../src/connectors/error-text';

describe('salesforceErrorText', () => {
  it.each([
    ['INVALID_EMAIL_ADDRESS', 'Email: invalid email address: jane.doe@mail', ['Email'], 'Email: invalid email address'],
    ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'Membership Level: bad value for restricted picklist field: Gold Plus', ['Membership_Level__c'], 'Membership Level: bad value for restricted picklist field'],
    ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'bad value for restricted picklist field: Foo', [], 'bad value for restricted picklist field'],
    ['STRING_TOO_LONG', 'Referral source: data value too large: partner:keystone_realty (max length=16)', ['Referral_Source__c'], 'Referral source: data value too large (max length=16)'],
    ['INVALID_TYPE_ON_FIELD_IN_RECORD', 'Product Family: value not of required type: Autoklav', ['Family'], 'Product Family: value not of required type'],
    ['NUMBER_OUTSIDE_VALID_RANGE', 'Annual Revenue: value outside of valid range on numeric field: 1.0E20', ['AnnualRevenue'], 'Annual Revenue: value outside of valid range on numeric field'],
    ['MALFORMED_ID', 'Owner ID: id value of incorrect type: 005-not-an-id', ['OwnerId'], 'Owner ID: id value of incorrect type'],
    ['JSON_PARSER_ERROR', 'Cannot deserialize instance of double from VALUE_STRING value twelve thousand or request may be missing a required field at [line:1, column:42]', [], 'Cannot deserialize instance of double from VALUE_STRING value'],
    ['REQUIRED_FIELD_MISSING', 'Required fields are missing: [Company]', ['Company'], 'Required fields are missing: [Company]'],
    ['DUPLICATE_VALUE', 'duplicate value found: HubSpot_Contact_Id__c duplicates value on record with id: 00Q5e00000AbCdE', [], 'duplicate value found: HubSpot_Contact_Id__c duplicates value on record with id: 00Q5e00000AbCdE'],
    ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header', [], 'Record rolled back because not all records were valid and the request was using AllOrNone header'],
    ['UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record or 1 records: 00Q5e00000AbCdE', [], 'unable to obtain exclusive access to this record'],
    ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', [], 'TotalRequests Limit exceeded.'],
    ['INVALID_SESSION_ID', 'Session expired or invalid', [], 'Session expired or invalid'],
    ['INVALID_FIELD', "No such column 'Return_Reason__c' on sobject of type Lead", [], "No such column 'Return_Reason__c' on sobject of type Lead"],
    // An admin's validation rule says whatever it was written to say: withheld.
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Jane Doe already has an open mortgage application at Midtown', [], WITHHELD],
    ['DUPLICATES_DETECTED', 'Use one of these records?', [], WITHHELD],
    // A code not seen before, and a known wording behind something that is not a label.
    ['SOME_NEW_CODE', 'Phone: the value 212 555 0101 is not allowed', ['Phone'], WITHHELD],
    ['INVALID_EMAIL_ADDRESS', 'jane@x.example: invalid email address: jane@x', ['Email'], WITHHELD],
    ['UNKNOWN_EXCEPTION', '', [], 'no message'],
  ])('%s %j → %j', (code, message, fields, kept) => {
    expect(salesforceErrorText({ code, message, fields })).toEqual({ code, fields, message: kept });
  });

  it('keeps only field names that look like API names', () => {
    expect(salesforceErrorText({ code: 'X', message: 'Required fields are missing: [Company]', fields: ['Company', 'jane@x.example', 7, 'Last Name'] }).fields).toEqual(['Company']);
  });
});

describe('hubspotErrorText', () => {
  const invalid = (entries: object[]) => `Property values were not valid: ${JSON.stringify(entries)}`;
  it.each([
    [
      'an invalid email (batch upsert, 207 item)',
      { category: 'VALIDATION_ERROR', message: invalid([{ isValid: false, message: 'Email address jane@x is invalid', error: 'INVALID_EMAIL', name: 'email', localizedErrorMessage: 'Email address jane@x is invalid' }]), errors: [{ message: 'Email address jane@x is invalid', code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }] },
      { code: 'VALIDATION_ERROR', fields: ['email'], message: 'Property values were not valid: email INVALID_EMAIL' },
    ],
    [
      'two properties, one an option that does not exist',
      { category: 'VALIDATION_ERROR', message: invalid([{ isValid: false, message: 'Gold Plus was not one of the allowed options: [label: "Lead"\nvalue: "lead"]', error: 'INVALID_OPTION', name: 'customer_tier' }, { isValid: false, message: '12x was not a valid long.', error: 'INVALID_LONG', name: 'annualrevenue' }]) },
      { code: 'VALIDATION_ERROR', fields: ['customer_tier', 'annualrevenue'], message: 'Property values were not valid: customer_tier INVALID_OPTION, annualrevenue INVALID_LONG' },
    ],
    [
      'the same, cut off mid-way by a proxy or a log line',
      { category: 'VALIDATION_ERROR', message: 'Property values were not valid: [{"isValid":false,"message":"NAM Only was not one of the allowed options: [Procurement, Hide, Decision Maker, Left, Climate Risk, EU, Effic', errors: [] },
      { code: 'VALIDATION_ERROR', fields: [], message: 'Property values were not valid' },
    ],
    [
      'the details in `errors` only',
      { category: 'VALIDATION_ERROR', message: 'Property values were not valid', errors: [{ message: '2026 Sponsor was not one of the allowed options', code: 'INVALID_OPTION', context: { propertyName: ['tags'] } }] },
      { code: 'VALIDATION_ERROR', fields: ['tags'], message: 'Property values were not valid: tags INVALID_OPTION' },
    ],
    [
      'a batch read of ids that do not exist',
      { category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.', context: { ids: ['nobody@example.com'] } },
      { code: 'OBJECT_NOT_FOUND', fields: [], message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.' },
    ],
    [
      'duplicate ids in a batch',
      { category: 'VALIDATION_ERROR', message: 'Duplicate IDs found in batch input: [jane@x.example, 12877907025]. IDs must be unique' },
      { code: 'VALIDATION_ERROR', fields: [], message: 'Duplicate IDs found in batch input. IDs must be unique' },
    ],
    ['a 429', { message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT' }, { code: 'UNKNOWN', fields: [], message: 'You have reached your ten_secondly_rolling limit.' }],
    ['a conflict', { category: 'CONFLICT', message: 'Contact already exists. Existing ID: 512' }, { code: 'CONFLICT', fields: [], message: 'Contact already exists. Existing ID: 512' }],
    [
      'a 401',
      { category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview' },
      { code: 'INVALID_AUTHENTICATION', fields: [], message: 'Authentication credentials not found.' },
    ],
    ['the old contacts API', { category: 'VALIDATION_ERROR', message: 'invalid email: jane@ymail.con' }, { code: 'VALIDATION_ERROR', fields: [], message: WITHHELD }],
    ['an unknown message with a detail code', { category: 'VALIDATION_ERROR', message: 'Pat Doe cannot be saved', errors: [{ message: 'Pat Doe', code: 'INVALID_VALUE' }] }, { code: 'VALIDATION_ERROR', fields: [], message: `${WITHHELD} (INVALID_VALUE)` }],
  ])('%s', (_what, body, kept) => {
    expect(hubspotErrorText(body)).toEqual(kept);
  });
});

describe('no value survives (property)', () => {
  // A value that cannot be part of any wording kept: letters, digits and the punctuation of emails and phones.
  const value = fc.stringMatching(/^[A-Za-z0-9 @.+()-]{1,30}$/).map((s) => `Zq${s}Qz`);
  const SALESFORCE = [
    (v: string) => ['INVALID_EMAIL_ADDRESS', `Email: invalid email address: ${v}`],
    (v: string) => ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Lead Source: bad value for restricted picklist field: ${v}`],
    (v: string) => ['STRING_TOO_LONG', `Company: data value too large: ${v} (max length=40)`],
    (v: string) => ['INVALID_TYPE_ON_FIELD_IN_RECORD', `Birthdate: value not of required type: ${v}`],
    (v: string) => ['JSON_PARSER_ERROR', `Cannot deserialize instance of date from VALUE_STRING value ${v} or request may be missing a required field`],
    (v: string) => ['FIELD_CUSTOM_VALIDATION_EXCEPTION', `${v} is already a customer`],
    (v: string) => ['ANYTHING', `${v}`],
  ];
  const HUBSPOT = [
    (v: string) => ({ category: 'VALIDATION_ERROR', message: `Property values were not valid: ${JSON.stringify([{ isValid: false, message: `Email address ${v} is invalid`, error: 'INVALID_EMAIL', name: 'email' }])}`, errors: [{ message: `Email address ${v} is invalid`, code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }] }),
    (v: string) => ({ category: 'VALIDATION_ERROR', message: `Property values were not valid: [{"isValid":false,"message":"${v} was not one of the allowed options: [a, b`, errors: [] }),
    (v: string) => ({ category: 'VALIDATION_ERROR', message: `Duplicate IDs found in batch input: [${v}]. IDs must be unique` }),
    (v: string) => ({ category: 'VALIDATION_ERROR', message: `invalid email: ${v}` }),
  ];

  it('in any Salesforce shape, known or not', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(...SALESFORCE), (v, make) => {
        const [code, message] = make(v);
        expect(formatSafeError(salesforceErrorText({ code: code!, message, fields: ['Email'] }))).not.toContain(v);
      }),
    );
  });

  it('in any HubSpot shape, known or not', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(...HUBSPOT), (v, make) => {
        expect(formatSafeError(hubspotErrorText(make(v)))).not.toContain(v);
      }),
    );
  });
});
