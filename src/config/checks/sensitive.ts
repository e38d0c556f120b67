/**
 * Names that look like data a marketing system must never hold: SSN, tax ids, account and card
 * numbers, dates of birth. Names are split into words first (camelCase, snake_case, __c), so
 * "PersonBirthdate" and "tax_id__c" are caught while "marketing_tier" (…tin…) is not.
 */

const RULES: { kind: string; pattern: RegExp }[] = [
  { kind: 'a Social Security number', pattern: /_(ssn|social_security(_number|_no|_num)?|ss_number)_/ },
  { kind: 'a tax id (TIN/EIN)', pattern: /_(tax_?id|tax_id(entification)?_(number|no|num)|tin|itin|ein|fein|taxpayer_id)_/ },
  { kind: 'an account number', pattern: /_(account|acct|bank_account|routing)_?(number|num|no|nbr)_/ },
  { kind: 'a card number', pattern: /_((credit|debit)_?card|card|cc)_?(number|num|no|nbr)_|_pan_/ },
  { kind: 'a date of birth', pattern: /_(date_of_birth|dob|birth_?date|birthday)_/ },
];

function words(name: string): string {
  const spaced = name
    .replace(/__c$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  return `_${spaced.replace(/^_+|_+$/g, '')}_`;
}

/** What sensitive data a field name suggests, e.g. "a date of birth", or undefined. */
export function sensitiveKind(name: string): string | undefined {
  const w = words(name);
  return RULES.find((r) => r.pattern.test(w))?.kind;
}
