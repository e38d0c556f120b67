/**
 * fast-check generators for random rosters and leads, on top of the shipped catalogue, SLA and
 * scoring files: real ZIPs in several time zones, RMs with random roles, licences, languages,
 * capacities, part-time hours and leave.
 */
import fc from 'fast-check';
import type { MappingsConfig } from '../../../../src/config/mappings-config';
import type { Branch, Rm } from '../../../../src/config/schemas/roster';
import type { LeadView } from '../../../../src/domain/lead';
import { config, lead, rule } from './fixtures';

export const SITES = [
  { zip: '10017', state: 'NY', zone: 'America/New_York' },
  { zip: '11201', state: 'NY', zone: 'America/New_York' },
  { zip: '02110', state: 'MA', zone: 'America/New_York' },
  { zip: '60603', state: 'IL', zone: 'America/Chicago' },
  { zip: '60201', state: 'IL', zone: 'America/Chicago' },
  { zip: '80202', state: 'CO', zone: 'America/Denver' },
  { zip: '85004', state: 'AZ', zone: 'America/Phoenix' },
  { zip: '90071', state: 'CA', zone: 'America/Los_Angeles' },
  { zip: '91101', state: 'CA', zone: 'America/Los_Angeles' },
  { zip: '98101', state: 'WA', zone: 'America/Los_Angeles' },
] as const;

const nineToFive = [['09:00', '17:00']] as [string, string][];
const weekdays = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive };

function branch(i: number): Branch {
  const site = SITES[i % SITES.length]!;
  return {
    id: `b${i}`,
    name: `Branch ${i}`,
    address: { street: '1 Main Street', city: 'Town', state: site.state as Branch['address']['state'], zip: site.zip },
    time_zone: site.zone,
    hours: i % 3 === 0 ? { ...weekdays, sat: [['09:00', '13:00']] } : weekdays,
    holidays: { country: 'US', state: site.state },
    closed_dates: [],
  };
}

const LICENCES = ['NMLS', 'SERIES_7', 'SERIES_66', 'INSURANCE_NY', 'INSURANCE_IL', 'INSURANCE_CA'];
const ROLES = ['rm', 'banker', 'loan_officer', 'advisor', 'inside_sales'] as const;

const rmArb = (i: number, branches: number) =>
  fc.record({
    branch: fc.integer({ min: 0, max: branches - 1 }),
    role: fc.constantFrom(...ROLES),
    licenses: fc.subarray(LICENCES),
    languages: fc.subarray(['es', 'zh']),
    segments: fc.subarray(['consumer', 'small_business', 'commercial', 'wealth'], { minLength: 1 }),
    capacity: fc.integer({ min: 1, max: 4 }),
    active: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    partTime: fc.boolean(),
    leave: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  }).map(
    (r): Rm => ({
      id: `rm${String(i).padStart(2, '0')}`,
      name: `RM ${i}`,
      salesforce_username: `rm${i}@bank.example`,
      branch: `b${r.branch}`,
      role: r.role,
      licenses: r.licenses,
      skills: [],
      languages: ['en', ...r.languages],
      segments: r.segments,
      capacity: r.capacity,
      ...(r.partTime ? { hours: { mon: nineToFive, tue: nineToFive, wed: [['09:00', '13:00']] as [string, string][] } } : {}),
      // Leave somewhere in March 2026 (the leads arrive then), a few days long.
      out_of_office: r.leave === undefined ? [] : [{ from: `2026-03-${String(1 + r.leave).padStart(2, '0')}`, to: `2026-03-${String(4 + r.leave).padStart(2, '0')}` }],
      active: r.active,
    }),
  );

export const rosterArb = fc.integer({ min: 2, max: 8 }).chain((branches) =>
  fc.integer({ min: 1, max: 24 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rmArb(i, branches))).map((rms) => ({ branches, rms }))),
);

/** The generic rule set the properties route through: relationship, licensed products, proximity, anyone. */
export function randomConfig(branches: number, rms: Rm[], strategy: 'round_robin' | 'weighted' | 'least_loaded' = 'round_robin'): MappingsConfig {
  return {
    ...config,
    roster: { ...config.roster, branches: Array.from({ length: branches }, (_, i) => branch(i)), rms, skills: [] },
    routing: {
      ...config.routing,
      rules: [
        rule({ name: 'relationship', when: { existing_customer: true }, pool: { existing_owner: true } }),
        rule({ name: 'home_loans', when: { product: ['mortgage', 'heloc'] }, pool: { role: ['loan_officer', 'inside_sales'], licensed_for_product: true, nearest_branches: { radius_miles: 300, max: 4 } }, strategy }),
        rule({ name: 'advice', when: { product: ['wealth_management', 'life_insurance'] }, pool: { role: 'advisor', licensed_for_product: true }, strategy }),
        rule({ name: 'nearby', pool: { nearest_branches: { radius_miles: 200, max: 3 } }, strategy: 'least_loaded' }),
        rule({ name: 'anyone', pool: { segment: ['consumer', 'small_business', 'commercial', 'wealth'] }, strategy }),
      ],
    },
  };
}

/** A lead somewhere in the footprint (or far from it), any product, maybe a known customer. */
export const leadArb = (rmIds: readonly string[]) =>
  fc
    .record({
      product: fc.constantFrom(...config.products.products.map((p) => p.id)),
      segment: fc.constantFrom('consumer', 'small_business', 'commercial', 'wealth'),
      site: fc.constantFrom(...SITES.map((s) => s.zip), '59001', '99501'),
      language: fc.option(fc.constantFrom('en', 'es', 'zh'), { nil: undefined }),
      owner: fc.option(fc.constantFrom(...rmIds), { nil: undefined }),
      attempt: fc.integer({ min: 0, max: 2 }),
    })
    .map(
      (l): LeadView =>
        lead({
          product: l.product,
          segment: l.segment,
          attempt: l.attempt,
          existingCustomer: l.owner !== undefined,
          existingOwnerId: l.owner ?? null,
          fields: { zip: l.site, state: null, ...(l.language ? { language: l.language } : {}) },
        }),
    );

/** Any instant in March 2026: nights, weekends, the DST change on the 8th, RMs' leave. */
export const nowArb = fc.integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-03-31T23:59:00Z') }).map((ms) => new Date(ms - (ms % 60_000)));
