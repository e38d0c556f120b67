/**
 * Who owns an existing customer: the Account's owner when a roster RM, else the Contact's owner
 * when a roster RM, else nobody (still a customer); among several Contacts with one email, the
 * same answer whatever order Salesforce returns them in. And when a stored match is asked again.
 */
import fc from 'fast-check';
import type { ContactByEmail } from '../../../src/connectors/salesforce';
import { customerMatch, needsCheck, ownerRmOf } from '../../../src/engine/pipeline/customers';

const RMS: Record<string, string> = { '005RM0000000001AAA': 'sofia_alvarez', '005RM0000000002AAA': 'yuki_tanaka' };
const rmIdOfUser = (u: string): string | undefined => RMS[u];
const SOFIA = '005RM0000000001AAA';
const YUKI = '005RM0000000002AAA';
const ADMIN = '005AD0000000001AAA';
const NOW = new Date('2025-03-04T15:00:00.000Z');
const HASH = 'a'.repeat(64);

const contact = (id: string, owner: string, accountOwner: string | null): ContactByEmail => ({
  contactId: id,
  email: 'pat@example.com',
  accountId: accountOwner ? `001${id.slice(3)}` : null,
  contactOwnerId: owner,
  accountOwnerId: accountOwner,
});

describe('ownerRmOf', () => {
  it.each([
    ['the Account owner when an RM', contact('0031', YUKI, SOFIA), 'sofia_alvarez'],
    ['the Contact owner when the Account owner is not an RM', contact('0031', YUKI, ADMIN), 'yuki_tanaka'],
    ['the Contact owner when there is no Account', contact('0031', YUKI, null), 'yuki_tanaka'],
    ['nobody when neither owner is an RM', contact('0031', ADMIN, ADMIN), null],
  ])('%s', (_name, c, rm) => {
    expect(ownerRmOf(c, rmIdOfUser)).toBe(rm);
  });
});

describe('customerMatch', () => {
  it('no Contact: checked, not a customer', () => {
    expect(customerMatch([], rmIdOfUser, NOW, HASH)).toEqual({ contactId: null, accountId: null, ownerRmId: null, checkedAt: NOW.toISOString(), emailHash: HASH });
  });

  it('an owner outside the roster: a customer with no portfolio RM', () => {
    expect(customerMatch([contact('0031', ADMIN, ADMIN)], rmIdOfUser, NOW, HASH)).toMatchObject({ contactId: '0031', accountId: '0011', ownerRmId: null });
  });

  it('prefers a Contact whose Account an RM owns, then one an RM owns, then the lowest Id', () => {
    const none = contact('0030', ADMIN, ADMIN);
    const byContact = contact('0031', YUKI, null);
    const byAccount = contact('0039', ADMIN, SOFIA);
    expect(customerMatch([none, byContact, byAccount], rmIdOfUser, NOW, HASH)).toMatchObject({ contactId: '0039', ownerRmId: 'sofia_alvarez' });
    expect(customerMatch([none, byContact], rmIdOfUser, NOW, HASH)).toMatchObject({ contactId: '0031', ownerRmId: 'yuki_tanaka' });
    expect(customerMatch([contact('0035', ADMIN, null), none], rmIdOfUser, NOW, HASH)).toMatchObject({ contactId: '0030', ownerRmId: null });
  });

  it('gives the same answer in any order', () => {
    const pool = [contact('0030', ADMIN, ADMIN), contact('0031', YUKI, null), contact('0032', SOFIA, ADMIN), contact('0033', ADMIN, YUKI), contact('0034', ADMIN, SOFIA)];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), fc.nat(), (subset, seed) => {
        const shuffled = [...subset].sort((a, b) => ((a.contactId.charCodeAt(3) * 31 + seed) % 7) - ((b.contactId.charCodeAt(3) * 31 + seed) % 7));
        expect(customerMatch(shuffled, rmIdOfUser, NOW, HASH)).toEqual(customerMatch(subset, rmIdOfUser, NOW, HASH));
      }),
    );
  });
});

describe('needsCheck', () => {
  const DAY = 24 * 3600_000;
  const match = (checkedAt: string, emailHash: string | null = HASH) => ({ contactId: null, accountId: null, ownerRmId: null, checkedAt, ...(emailHash ? { emailHash } : {}) });
  it.each([
    ['never checked', undefined, true],
    ['checked an hour ago', match('2025-03-04T14:00:00.000Z'), false],
    ['checked just under a day ago', match(new Date(NOW.getTime() - DAY + 1).toISOString()), false],
    ['checked a day ago', match(new Date(NOW.getTime() - DAY).toISOString()), true],
    ['checked for another email', match('2025-03-04T14:00:00.000Z', 'b'.repeat(64)), true],
    ['checked before emails were recorded', match('2025-03-04T14:00:00.000Z', null), true],
    ['an unreadable time', match('yesterday'), true],
    ['a time in the future', match('2025-03-05T14:00:00.000Z'), true],
  ])('%s', (_name, m, expected) => {
    expect(needsCheck(m, HASH, NOW, DAY)).toBe(expected);
  });
});
