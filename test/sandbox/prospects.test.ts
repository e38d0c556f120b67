/** Synthetic bank prospects: realistic, reproducible from a seed, some deliberately broken, some existing customers. */
import { loadMappings } from '../../src/config';
import type { MappingsConfig } from '../../src/config';
import { haversineMiles, lookupUsZip } from '../../src/domain/geo';
import { checkEmail, checkUsZip, normalisePhone } from '../../src/domain/identity';
import { generateProspects } from '../../src/sandbox';
import type { Prospect } from '../../src/sandbox';
import { defaultMappingsDir } from '../../src/paths';
import { sandbox } from './support';

const NOW = new Date('2026-03-02T15:00:00Z');
let mappings: MappingsConfig;
let people: Prospect[];

beforeAll(() => {
  mappings = loadMappings(defaultMappingsDir()).config!;
  people = generateProspects(mappings, { seed: 42, count: 600, now: NOW });
});

const values = (name: string) => people.map((p) => p.properties[name]).filter((v): v is string => v !== undefined);

test('the same seed gives the same people; another seed or another batch gives others', () => {
  expect(generateProspects(mappings, { seed: 42, count: 600, now: NOW })).toEqual(people);
  const other = generateProspects(mappings, { seed: 43, count: 600, now: NOW });
  const nextBatch = generateProspects(mappings, { seed: 42, count: 600, now: NOW, batch: 1 });
  const emails = new Set(values('email'));
  expect(other.filter((p) => emails.has(p.properties['email']!)).length).toBeLessThan(30);
  expect(nextBatch.map((p) => p.properties['firstname'])).not.toEqual(values('firstname'));
});

test('products and segments are the hubspot_values of products.yaml and segments.yaml, and a product is sold to its segment', () => {
  const products = new Map(mappings.products.products.map((p) => [p.hubspot_value, p]));
  const segments = new Map(mappings.segments.segments.map((s) => [s.hubspot_value, s]));
  for (const p of people) {
    const segment = segments.get(p.properties['customer_segment']!);
    const product = products.get(p.properties['product_interest']!);
    expect(segment).toBeDefined();
    expect(product?.segments).toContain(segment!.id);
  }
  expect(new Set(values('customer_segment')).size).toBe(4);
  expect(new Set(values('product_interest')).size).toBeGreaterThanOrEqual(10);
});

test('clean records pass the identity checks: unique emails, dialable US numbers, located ZIPs near a branch', () => {
  const clean = people.filter((p) => p.flaws.length === 0);
  expect(clean.length).toBeGreaterThan(540);
  const emails = clean.map((p) => p.properties['email']!);
  expect(new Set(emails).size).toBe(emails.length);
  const branchPoints = mappings.roster.branches.map((b) => lookupUsZip(b.address.zip)).map((r) => (r.ok ? r.point : null));
  let far = 0;
  for (const p of clean) {
    expect(checkEmail(p.properties['email']!)).toMatchObject({ ok: true });
    for (const phone of [p.properties['phone'], p.properties['mobilephone']]) if (phone) expect(normalisePhone(phone)).toMatchObject({ ok: true, country: 'US' });
    const zip = lookupUsZip(p.properties['zip']!);
    expect(zip).toMatchObject({ ok: true, state: p.properties['state'] });
    const nearest = Math.min(...branchPoints.map((b) => (b && zip.ok ? haversineMiles(b, zip.point) : Infinity)));
    if (nearest > 25) far++;
  }
  // A few live nowhere near a branch, so routing has to cope with them.
  expect(far).toBeGreaterThan(5);
  expect(far).toBeLessThan(clean.length * 0.1);
});

test('a few records carry one malformed email, phone or ZIP, which the identity checks catch', () => {
  const flawed = people.filter((p) => p.flaws.length > 0);
  expect(flawed.length).toBeGreaterThan(8);
  expect(flawed.length).toBeLessThan(50);
  expect(new Set(flawed.flatMap((p) => p.flaws))).toEqual(new Set(['email', 'phone', 'zip']));
  for (const p of flawed) {
    const [flaw] = p.flaws;
    if (flaw === 'email') expect(checkEmail(p.properties['email']!).ok).toBe(false);
    if (flaw === 'phone') expect(normalisePhone(p.properties['phone']!).ok).toBe(false);
    if (flaw === 'zip') expect(checkUsZip(p.properties['zip']!).ok).toBe(false);
  }
});

test('kinds, referral sources, consent and lifecycle stages are all represented', () => {
  const count = (name: string, value: string) => values(name).filter((v) => v === value).length;
  expect(new Set(values('lead_kind'))).toEqual(new Set(['lead', 'referral', 'application']));
  const referrals = people.filter((p) => p.properties['lead_kind'] === 'referral');
  const branchIds = new Set(mappings.roster.branches.map((b) => `branch:${b.id}`));
  for (const r of referrals) expect(branchIds.has(r.properties['referral_source']!) || /^partner:[a-z_]+$/.test(r.properties['referral_source']!)).toBe(true);
  expect(referrals.some((r) => r.properties['referral_source']!.startsWith('branch:'))).toBe(true);
  expect(referrals.some((r) => r.properties['referral_source']!.startsWith('partner:'))).toBe(true);
  expect(people.filter((p) => p.properties['lead_kind'] !== 'referral' && p.properties['referral_source'] !== undefined)).toEqual([]);
  expect(count('hs_email_optout', 'true')).toBeGreaterThan(20);
  expect(count('do_not_call', 'true')).toBeGreaterThan(15);
  expect(count('tcpa_phone_consent', 'true')).toBeGreaterThan(250);
  for (const p of people.filter((x) => x.properties['tcpa_phone_consent'] === 'true')) expect(Date.parse(p.properties['tcpa_consent_date']!)).toBeLessThan(NOW.getTime());
  expect(new Set(values('lifecyclestage'))).toEqual(new Set(['subscriber', 'lead', 'marketingqualifiedlead']));
});

test("mortgage prospects answer readiness.yaml's pre-qualification questions, mostly but not all in a way that passes", () => {
  const mortgage = people.filter((p) => p.properties['product_interest'] === 'mortgage');
  expect(mortgage.length).toBeGreaterThan(20);
  const bands = new Set(['under_50k', '50k_100k', '100k_250k', '250k_plus']);
  for (const p of mortgage) {
    expect(['true', 'false']).toContain(p.properties['documents_ready']);
    expect(bands.has(p.properties['income_band']!)).toBe(true);
  }
  const passing = mortgage.filter((p) => p.properties['documents_ready'] === 'true' && p.properties['income_band'] !== 'under_50k');
  expect(passing.length).toBeGreaterThan(mortgage.length / 2);
  expect(passing.length).toBeLessThan(mortgage.length);
  expect(people.filter((p) => p.properties['product_interest'] !== 'mortgage' && (p.properties['documents_ready'] ?? p.properties['income_band']) !== undefined)).toEqual([]);
});

test('seeded into the sandbox: HubSpot contacts, and existing customers as an Account + Contact owned by their RM, same email', async () => {
  const sb = await sandbox({ seed: 9 });
  try {
    const report = sb.seedProspects(300);
    expect(report.created).toBe(300);
    expect(sb.hubspot.contacts.list()).toHaveLength(300);
    expect(report.existingCustomers).toBeGreaterThan(3);
    for (const p of report.prospects.filter((x) => x.existingCustomer)) {
      const c = sb.salesforce.get('Contact', p.existingCustomer!.contactId)!;
      const owner = sb.roster.byRmId.get(p.existingCustomer!.rmId)!;
      expect(c.Email).toBe(p.email);
      expect(c.OwnerId).toBe(owner.userId);
      expect(sb.salesforce.get('Account', String(c.AccountId))!.OwnerId).toBe(owner.userId);
      expect(owner.rm.active).toBe(true);
    }
    // A second batch brings new people, never an email already used.
    sb.seedProspects(300);
    const emails = sb.hubspot.contacts.list().map((c) => c.properties['email']);
    expect(new Set(emails).size).toBe(600);
  } finally {
    await sb.stop();
  }
});

test('two sandboxes with the same seed hold the same contacts', async () => {
  const snapshot = async (seed: number) => {
    const sb = await sandbox({ seed, prospects: 50 });
    try {
      return sb.hubspot.contacts.list().map((c) => ({ id: c.id, props: c.properties }));
    } finally {
      await sb.stop();
    }
  };
  const a = await snapshot(77);
  expect(await snapshot(77)).toEqual(a);
  expect(await snapshot(78)).not.toEqual(a);
});
