/**
 * Names, email addresses and the deliberately broken values of synthetic prospects. Addresses use
 * the domains RFC 2606 reserves (example.com/.net/.org), so no real mailbox is ever named.
 * The broken values are the kind real web forms collect: HubSpot stores them (its own email check
 * is loose), Handoff's identity checks must catch them.
 */
import type { Faker } from '@faker-js/faker';

const CONSUMER_DOMAINS: readonly (readonly [string, number])[] = [
  ['mail.example.com', 30],
  ['inbox.example.net', 20],
  ['example.org', 15],
  ['home.example.com', 10],
  ['post.example.net', 10],
  ['example.com', 15],
];

/** Lower-case ASCII letters only: "O'Brien" → obrien, "Tomás" → tomas, "Reynolds-Miller" → reynoldsmiller. */
export function emailWord(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function weighted<T>(faker: Faker, entries: readonly (readonly [T, number])[]): T {
  return faker.helpers.weightedArrayElement(entries.map(([value, weight]) => ({ value, weight })));
}

/** A company's web domain under .example: "Lind Inc" → lind-inc.example. */
export function companyDomain(company: string): string {
  const slug = company
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'company'}.example`;
}

/**
 * A plausible address for the person, unique among `taken` (compared lower-case): the usual
 * first.last patterns, then digits when the plain forms are used up.
 */
export function uniqueEmail(faker: Faker, first: string, last: string, company: string | undefined, taken: Set<string>): string {
  const f = emailWord(first) || 'contact';
  const l = emailWord(last) || 'person';
  const domain = company ? companyDomain(company) : weighted(faker, CONSUMER_DOMAINS);
  const locals = company
    ? [`${f}.${l}`, `${f[0]}${l}`, `${f}`]
    : [weighted(faker, [[`${f}.${l}`, 40], [`${f}${l}`, 20], [`${f[0]}${l}`, 15], [`${f}_${l}`, 10], [`${l}.${f}`, 15]])];
  for (const local of locals) {
    const email = `${local}@${domain}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
  for (let n = faker.number.int({ min: 2, max: 99 }); ; n++) {
    const email = `${locals[0]}${n}@${domain}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}

/** Accepted by HubSpot's email check, refused by Handoff's (doubled dot, one-letter or numeric top-level label, typo'd domain). */
export function brokenEmail(faker: Faker, email: string): string {
  const [local = 'someone', domain = 'example.com'] = email.split('@');
  return faker.helpers.arrayElement([
    `${local.replace('.', '..')}${local.includes('.') ? '' : '..x'}@${domain}`,
    `${local}@${domain.replace(/\.[a-z]+$/, '.c')}`,
    `${local}@${domain.replace(/\.[a-z]+$/, '.c0m')}`,
    `${local}@-${domain}`,
  ]);
}

/** Numbers nobody can dial: too short, an area code starting with 0/1, all zeros. */
export function brokenPhone(faker: Faker): string {
  return faker.helpers.arrayElement(['555-0142', '(123) 456-7890', '000-000-0000', '+1 212 555 01', '12345']);
}

/** A ZIP with the wrong shape, or one the ZIP database does not know. */
export function brokenZip(faker: Faker): string {
  return faker.helpers.arrayElement(['1234', '9021', 'ABCDE', '00000', '123456']);
}
