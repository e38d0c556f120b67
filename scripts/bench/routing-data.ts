/**
 * A synthetic bank for the routing benchmark, from a seed: branches on real US ZIPs, RMs with
 * roles, licences, languages, capacities, part-time hours and leave, a rule set shaped like the
 * shipped one, and a stream of leads. Same seed, same bank.
 */
import { codes } from 'zipcodes';
import type { MappingsConfig } from '../../src/config/mappings-config';
import type { Branch, Queue, Rm } from '../../src/config/schemas/roster';
import { ruleSchema } from '../../src/config/schemas/routing';
import { NO_CONSENT } from '../../src/domain/lead';
import type { LeadView } from '../../src/domain/lead';

/** mulberry32: small, fast and good enough to shuffle a synthetic bank. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONE: Record<string, string> = {
  CT: 'America/New_York', DE: 'America/New_York', DC: 'America/New_York', FL: 'America/New_York', GA: 'America/New_York', ME: 'America/New_York',
  MD: 'America/New_York', MA: 'America/New_York', MI: 'America/New_York', NH: 'America/New_York', NJ: 'America/New_York', NY: 'America/New_York',
  NC: 'America/New_York', OH: 'America/New_York', PA: 'America/New_York', RI: 'America/New_York', SC: 'America/New_York', VT: 'America/New_York',
  VA: 'America/New_York', WV: 'America/New_York', IN: 'America/New_York', KY: 'America/New_York',
  AL: 'America/Chicago', AR: 'America/Chicago', IL: 'America/Chicago', IA: 'America/Chicago', KS: 'America/Chicago', LA: 'America/Chicago',
  MN: 'America/Chicago', MS: 'America/Chicago', MO: 'America/Chicago', NE: 'America/Chicago', ND: 'America/Chicago', OK: 'America/Chicago',
  SD: 'America/Chicago', TN: 'America/Chicago', TX: 'America/Chicago', WI: 'America/Chicago',
  CO: 'America/Denver', ID: 'America/Denver', MT: 'America/Denver', NM: 'America/Denver', UT: 'America/Denver', WY: 'America/Denver',
  AZ: 'America/Phoenix', CA: 'America/Los_Angeles', NV: 'America/Los_Angeles', OR: 'America/Los_Angeles', WA: 'America/Los_Angeles',
  AK: 'America/Anchorage', HI: 'Pacific/Honolulu',
};

const day = [['09:00', '17:00']] as [string, string][];
const weekdays = { mon: day, tue: day, wed: day, thu: day, fri: day };
const PRODUCTS: [string, string, number][] = [
  ['checking', 'consumer', 25], ['savings', 'consumer', 10], ['credit_card', 'consumer', 10], ['auto_loan', 'consumer', 5],
  ['mortgage', 'consumer', 15], ['heloc', 'consumer', 5], ['wealth_management', 'wealth', 10], ['life_insurance', 'consumer', 5],
  ['treasury_management', 'commercial', 5], ['checking', 'small_business', 10],
];

export interface SyntheticBank {
  config: MappingsConfig;
  leads: LeadView[];
  openLeadCounts: Record<string, number>;
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

export function syntheticBank(base: MappingsConfig, opts: { rms: number; branches: number; leads: number; seed: number }): SyntheticBank {
  const r = rng(opts.seed);
  const zips = Object.values(codes).filter((c) => c.country === 'US' && ZONE[c.state] && !(c.latitude === 0 && c.longitude === 0)).sort((a, b) => (a.zip < b.zip ? -1 : 1));
  const branches: Branch[] = [];
  const used = new Set<string>();
  while (branches.length < opts.branches) {
    const z = pick(r, zips);
    if (used.has(z.zip)) continue;
    used.add(z.zip);
    const i = branches.length;
    branches.push({
      id: `br${i}`, name: `Branch ${i}`,
      address: { street: `${i} Main Street`, city: z.city, state: z.state as Branch['address']['state'], zip: z.zip },
      time_zone: ZONE[z.state] as string,
      hours: i % 4 === 0 ? { ...weekdays, sat: [['09:00', '12:00']] } : weekdays,
      holidays: { country: 'US' }, closed_dates: [],
    });
  }
  const queues: Queue[] = [...base.roster.queues];
  const insideSales = Math.max(1, Math.round(opts.rms / 100));
  const rms: Rm[] = [];
  for (let i = 0; i < opts.rms; i++) {
    const inQueue = i < insideSales;
    const b = branches[i % branches.length] as Branch;
    const role = inQueue ? 'inside_sales' : pick(r, ['banker', 'banker', 'banker', 'loan_officer', 'advisor', 'rm'] as const);
    const licenses = role === 'loan_officer' || (role === 'inside_sales' && r() < 0.3) ? ['NMLS'] : role === 'advisor' ? ['SERIES_7', ...(r() < 0.5 ? ['SERIES_66'] : []), `INSURANCE_${b.address.state}`] : [];
    const leave = r() < 0.05 ? [{ from: '2026-03-09', to: '2026-03-13' }] : [];
    rms.push({
      id: `rm${i}`, name: `RM ${i}`, salesforce_username: `rm${i}@bank.example`,
      ...(inQueue ? { queue: 'inside_sales' } : { branch: b.id }),
      role, licenses, skills: role === 'rm' ? ['treasury_management'] : [],
      languages: r() < 0.2 ? ['en', 'es'] : r() < 0.1 ? ['en', 'zh'] : ['en'],
      segments: role === 'rm' ? ['commercial', 'small_business'] : role === 'advisor' ? ['wealth', 'consumer'] : ['consumer', 'small_business'],
      capacity: 10 + Math.floor(r() * 20),
      ...(r() < 0.1 ? { hours: { mon: day, tue: day, wed: [['09:00', '13:00']] as [string, string][] } } : {}),
      out_of_office: leave, active: r() > 0.02,
    });
  }
  const rule = (x: Record<string, unknown>) => ruleSchema.parse(x);
  const config: MappingsConfig = {
    ...base,
    roster: { ...base.roster, skills: ['treasury_management'], branches, queues, rms },
    routing: {
      ...base.routing,
      rules: [
        rule({ name: 'existing_customer_to_owner', when: { existing_customer: true }, pool: { existing_owner: true } }),
        rule({ name: 'third_attempt', when: { attempt: { gte: 3 } }, pool: { queue: 'contact_center' } }),
        rule({ name: 'partner_referrals', when: { kind: 'referral', referral_source: { matches: '^partner:' } }, pool: { queue: 'contact_center' } }),
        rule({ name: 'branch_referrals', when: { kind: 'referral', referral_source: { matches: '^branch:' } }, pool: { referral_branch: true } }),
        rule({ name: 'commercial', when: { segment: 'commercial' }, pool: { role: 'rm', segment: 'commercial', nearest_branches: { radius_miles: 100, max: 2 } }, strategy: 'least_loaded' }),
        rule({ name: 'wealth', when: { product: 'wealth_management' }, pool: { role: 'advisor', licensed_for_product: true, nearest_branches: { radius_miles: 50, max: 3 } }, strategy: 'least_loaded' }),
        rule({ name: 'life_insurance', when: { product: 'life_insurance' }, pool: { role: 'advisor', licensed_for_product: true, nearest_branches: { radius_miles: 100, max: 5 } } }),
        rule({ name: 'mortgage_language', when: { product: ['mortgage', 'heloc'], language: { exists: true, ne: 'en' } }, pool: { role: 'loan_officer', licensed_for_product: true, match_language: true, nearest_branches: { radius_miles: 100, max: 5 } }, strategy: 'least_loaded' }),
        rule({ name: 'mortgage', when: { product: ['mortgage', 'heloc'] }, pool: { role: 'loan_officer', licensed_for_product: true, nearest_branches: { radius_miles: 50, max: 3 } }, strategy: 'weighted', weights: { rm3: 2 } }),
        rule({ name: 'mortgage_remote', when: { product: ['mortgage', 'heloc'] }, pool: { role: 'inside_sales', licensed_for_product: true }, strategy: 'least_loaded' }),
        rule({ name: 'small_business', when: { segment: 'small_business' }, pool: { role: 'banker', nearest_branches: { radius_miles: 25, max: 3 } } }),
        rule({ name: 'hot_consumer', when: { segment: 'consumer', score: { gte: 70 } }, pool: { role: 'banker', nearest_branches: { radius_miles: 15, max: 2 } } }),
        rule({ name: 'consumer', when: { segment: 'consumer' }, pool: { role: 'inside_sales' }, strategy: 'least_loaded' }),
      ],
    },
  };
  const weights = PRODUCTS.reduce((s, p) => s + p[2], 0);
  const leads: LeadView[] = [];
  for (let i = 0; i < opts.leads; i++) {
    let x = r() * weights;
    const [product, segment] = PRODUCTS.find((p) => (x -= p[2]) < 0) ?? (PRODUCTS[0] as [string, string, number]);
    const near = r() < 0.7 ? (pick(r, branches).address.zip) : pick(r, zips).zip;
    const existing = r() < 0.15 ? pick(r, rms).id : null;
    const kind = r() < 0.1 ? 'referral' : 'lead';
    leads.push({
      id: `L${i}`, state: 'ready', kind, segment, product,
      fields: {
        zip: near, email: `lead${i}@example.com`, last_name: `Lead ${i}`,
        ...(r() < 0.15 ? { language: pick(r, ['es', 'zh', 'vi']) } : {}),
        ...(kind === 'referral' ? { referral_source: r() < 0.5 ? `branch:${pick(r, branches).id}` : 'partner:acme' } : {}),
      },
      consent: { ...NO_CONSENT }, signals: r() < 0.3 ? [{ name: 'appointment_requested', at: new Date('2026-03-10T12:00:00Z') }, { name: 'callback_requested', at: new Date('2026-03-10T12:00:00Z') }] : [],
      owner: null, attempt: 0, ownersSoFar: [], recycleCount: 0,
      existingCustomer: existing !== null, existingOwnerId: existing,
      timestamps: { createdAt: new Date('2026-03-01T00:00:00Z') },
    });
  }
  const openLeadCounts: Record<string, number> = {};
  for (const m of rms) openLeadCounts[m.id] = Math.floor(r() * m.capacity);
  return { config, leads, openLeadCounts };
}
