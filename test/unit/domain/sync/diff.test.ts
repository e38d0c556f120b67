import { diffSnapshots, valueFingerprint } from '../../../../src/domain/sync';
import type { SyncSnapshot } from '../../../../src/domain/sync';
import { ctx, field, T } from './support';

const snap = (fields: Record<string, string | boolean | null>, at = T(0)): SyncSnapshot => ({
  fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, changedAt: at, source: 'hubspot' as const }])),
});

describe('diffSnapshots', () => {
  it('lists the fields whose canonical value changed, including fields that appeared or went', () => {
    const before = snap({ email: 'a@example.com', city: 'Boston', zip: '02110' });
    const after = snap({ email: 'a@example.com', city: 'Cambridge', do_not_call: true });
    expect(diffSnapshots(before, after)).toEqual([
      { field: 'city', before: 'Boston', after: 'Cambridge' },
      { field: 'do_not_call', before: undefined, after: true },
      { field: 'zip', before: '02110', after: undefined },
    ]);
  });

  it('is empty when only timestamps moved: a quiet cycle', () => {
    expect(diffSnapshots(snap({ email: 'a@example.com' }, T(0)), snap({ email: 'a@example.com' }, T(9)))).toEqual([]);
  });

  it('does not count two spellings of one instant as a change', () => {
    expect(diffSnapshots(snap({ tcpa_consent_at: '2025-01-02T03:04:05.000Z' }), snap({ tcpa_consent_at: '2025-01-02T03:04:05Z' }))).toEqual([]);
  });

  it('treats everything as new against no snapshot', () => {
    expect(diffSnapshots(undefined, snap({ email: null }))).toEqual([{ field: 'email', before: undefined, after: null }]);
  });
});

describe('valueFingerprint (for the echo ledger)', () => {
  it('matches what Handoff wrote with what the system reads back in its own form', () => {
    const at = field('tcpa_consent_at');
    expect(valueFingerprint(at, 'salesforce', '2025-01-02T03:04:05.000+0000', ctx)).toBe(valueFingerprint(at, 'salesforce', '2025-01-02T03:04:05.000Z', ctx));
    const optOut = field('email_opt_out');
    expect(valueFingerprint(optOut, 'hubspot', 'TRUE', ctx)).toBe(valueFingerprint(optOut, 'hubspot', 'true', ctx));
    expect(valueFingerprint(field('email'), 'hubspot', '', ctx)).toBe(valueFingerprint(field('email'), 'hubspot', null, ctx));
  });

  it('differs between values, fields and systems', () => {
    const email = field('email');
    const a = valueFingerprint(email, 'hubspot', 'a@example.com', ctx);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(valueFingerprint(email, 'hubspot', 'b@example.com', ctx)).not.toBe(a);
    expect(valueFingerprint(email, 'salesforce', 'a@example.com', ctx)).not.toBe(a);
    expect(valueFingerprint(field('first_name'), 'hubspot', 'a@example.com', ctx)).not.toBe(a);
  });

  it('has none for a value it cannot read', () => {
    expect(valueFingerprint(field('phone'), 'hubspot', 'not a phone', ctx)).toBeUndefined();
  });
});
