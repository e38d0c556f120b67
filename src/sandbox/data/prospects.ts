/**
 * Synthetic bank prospects as HubSpot contact properties, from a seed: the same seed, batch and
 * catalogue always give the same people. Products and segments come from products.yaml and
 * segments.yaml (their hubspot_value), places from the roster's branches. A pure function: the
 * emulators are written by seed.ts.
 */
import { Faker, base, en, en_US } from '@faker-js/faker';
import type { ProductsConfig, RosterConfig, SegmentsConfig } from '../../config';
import { deriveSeed } from '../random';
import { generateEngagement } from './engagement';
import type { EngagementLevel } from './engagement';
import { brokenEmail, brokenPhone, brokenZip, uniqueEmail } from './people';
import type { PhoneStyle, Place } from './places';
import { areaCodesFor, farAwayPlaces, formatPhone, placesNear } from './places';

export interface ProspectCatalog {
  roster: RosterConfig;
  products: ProductsConfig;
  segments: SegmentsConfig;
}

export interface GenerateOptions {
  seed: number;
  count: number;
  /** Which generation of this seed (0 first): each batch brings different people. */
  batch?: number;
  /** Consent dates are placed before this instant. */
  now: Date;
  /** Share of prospects with one deliberately malformed email, phone or ZIP. Default 0.04. */
  badShare?: number;
  /** Share who already bank with us (a Salesforce Account + Contact owned by an RM). Default 0.05. */
  existingCustomerShare?: number;
  /** Email addresses already in use (lower-case); new ones avoid them. */
  taken?: ReadonlySet<string>;
}

export type Flaw = 'email' | 'phone' | 'zip';
export type ContactSource = 'FORM' | 'IMPORT' | 'CRM_UI';

export interface Prospect {
  /** HubSpot contact properties, all strings. */
  properties: Record<string, string>;
  /** How the contact reached HubSpot (the webhook's changeSource). */
  source: ContactSource;
  /** The deliberately malformed fields, if any. */
  flaws: Flaw[];
  /** Roster id of the RM who owns this existing customer in Salesforce. */
  existingCustomerOf?: string;
  /** How engaged the person is (engagement.ts); their properties show it. */
  engagement: EngagementLevel;
}

const SEGMENT_WEIGHTS: Record<string, number> = { consumer: 60, small_business: 20, wealth: 12, commercial: 8 };
const PARTNERS = ['keystone_realty', 'summit_auto_group', 'harbor_title', 'northstar_builders', 'cpa_alliance'];
const ANALYTICS_SOURCES: [string, number][] = [
  ['ORGANIC_SEARCH', 30], ['PAID_SEARCH', 20], ['EMAIL_MARKETING', 15], ['SOCIAL_MEDIA', 10], ['REFERRALS', 10], ['OTHER_CAMPAIGNS', 5], ['OFFLINE', 5], ['DIRECT_TRAFFIC', 5],
];
const LANGUAGES: [string, number][] = [['', 55], ['en', 25], ['es', 12], ['zh-cn', 3], ['ko', 2], ['vi', 2], ['pl', 1]];
const PHONE_STYLES: [PhoneStyle, number][] = [['national', 40], ['dashes', 25], ['e164', 10], ['digits', 15], ['spaced', 10]];
const DAY_MS = 86_400_000;

function newFaker(seed: number): Faker {
  const f = new Faker({ locale: [en_US, en, base] });
  f.seed(seed);
  return f;
}

export function generateProspects(catalog: ProspectCatalog, opts: GenerateOptions): Prospect[] {
  const faker = newFaker(deriveSeed(opts.seed, 'prospects', opts.batch ?? 0));
  // Its own stream: engagement can change without changing who the prospects are.
  const engagementFaker = newFaker(deriveSeed(opts.seed, 'engagement', opts.batch ?? 0));
  const w = <T>(entries: readonly (readonly [T, number])[]): T => faker.helpers.weightedArrayElement(entries.map(([value, weight]) => ({ value, weight })));
  const chance = (p: number) => faker.number.float({ min: 0, max: 1 }) < p;
  const taken = new Set(opts.taken ?? []);
  const branches = catalog.roster.branches;
  const far = farAwayPlaces();
  const segments = catalog.segments.segments.map((s) => [s, SEGMENT_WEIGHTS[s.id] ?? 5] as const);
  const activeRms = catalog.roster.rms.filter((r) => r.active);
  // A stream of its own: these answers never shift the other generated values.
  const prequal = newFaker(deriveSeed(opts.seed, 'prospects:prequal', opts.batch ?? 0));
  const out: Prospect[] = [];

  for (let i = 0; i < opts.count; i++) {
    const segment = w(segments);
    const products = catalog.products.products.filter((p) => p.segments.includes(segment.id));
    const product = products.length > 0 ? faker.helpers.arrayElement(products) : undefined;
    const business = segment.id === 'small_business' || segment.id === 'commercial';
    const sex = faker.helpers.arrayElement(['female', 'male'] as const);
    const first = faker.person.firstName(sex);
    const last = faker.person.lastName();
    const company = business ? faker.company.name() : undefined;

    const home = chance(0.04) && far.length > 0 ? faker.helpers.arrayElement(far) : nearBranch(faker, branches);
    const props: Record<string, string> = {
      firstname: first,
      lastname: last,
      email: uniqueEmail(faker, first, last, company, taken),
      address: faker.location.streetAddress(),
      city: home.city,
      state: home.state,
      zip: home.zip,
      customer_segment: segment.hubspot_value,
      lifecyclestage: w([['subscriber', 30], ['lead', 35], ['marketingqualifiedlead', 35]]),
      hs_analytics_source: w(ANALYTICS_SOURCES),
    };
    if (product) props['product_interest'] = product.hubspot_value;
    if (company) props['company'] = company;
    const phone = () => formatPhone(faker.helpers.arrayElement(areaCodesFor(home.state)), `01${String(faker.number.int({ min: 0, max: 99 })).padStart(2, '0')}`, w(PHONE_STYLES));
    if (chance(0.75)) props['phone'] = phone();
    if (chance(0.4)) props['mobilephone'] = phone();
    const language = w(LANGUAGES);
    if (language) props['hs_language'] = language;

    const kind = w([['lead', 70], ['referral', 20], ['application', 10]] as const);
    props['lead_kind'] = kind;
    let source: ContactSource = 'FORM';
    if (kind === 'referral') {
      const fromBranch = chance(0.6);
      props['referral_source'] = fromBranch ? `branch:${home.branchId ?? faker.helpers.arrayElement(branches).id}` : `partner:${faker.helpers.arrayElement(PARTNERS)}`;
      source = fromBranch ? 'CRM_UI' : 'IMPORT';
    }

    // Consent: opt-outs are rare, TCPA consent about half, and consent dates lie in the past.
    if (chance(0.08)) props['hs_email_optout'] = 'true';
    if (chance(0.06)) props['do_not_call'] = 'true';
    if (chance(0.55)) {
      props['tcpa_phone_consent'] = 'true';
      props['tcpa_consent_date'] = new Date(opts.now.getTime() - faker.number.int({ min: 1, max: 400 }) * DAY_MS).toISOString();
    } else if (chance(0.3)) {
      props['tcpa_phone_consent'] = 'false';
    }
    if (product?.id === 'mortgage') Object.assign(props, prequalAnswers(prequal));

    const flaws: Flaw[] = [];
    if (chance(opts.badShare ?? 0.04)) {
      const flaw = faker.helpers.arrayElement(['email', 'phone', 'zip'] as const);
      flaws.push(flaw);
      if (flaw === 'email') props['email'] = brokenEmail(faker, props['email'] ?? '');
      if (flaw === 'phone') props['phone'] = brokenPhone(faker);
      if (flaw === 'zip') props['zip'] = brokenZip(faker);
    }

    const engagement = generateEngagement(engagementFaker, opts.now);
    Object.assign(props, engagement.properties);
    const prospect: Prospect = { properties: props, source, flaws, engagement: engagement.level };
    // Existing customers: someone serving the segment owns them, preferably from the nearest branch.
    if (flaws.length === 0 && chance(opts.existingCustomerShare ?? 0.05)) {
      const serving = activeRms.filter((r) => r.segments.includes(segment.id));
      const local = serving.filter((r) => r.branch !== undefined && r.branch === home.branchId);
      const pool = local.length > 0 ? local : serving;
      if (pool.length > 0) prospect.existingCustomerOf = faker.helpers.arrayElement(pool).id;
    }
    out.push(prospect);
  }
  return out;
}

const INCOME_BANDS: [string, number][] = [['under_50k', 15], ['50k_100k', 35], ['100k_250k', 35], ['250k_plus', 15]];

/** What a mortgage form asks before a loan officer calls (readiness.yaml's mortgage_prequal): most are ready, some not. */
function prequalAnswers(faker: Faker): Record<string, string> {
  return {
    documents_ready: faker.number.float({ min: 0, max: 1 }) < 0.8 ? 'true' : 'false',
    income_band: faker.helpers.weightedArrayElement(INCOME_BANDS.map(([value, weight]) => ({ value, weight }))),
  };
}

function nearBranch(faker: Faker, branches: RosterConfig['branches']): Place {
  const branch = faker.helpers.arrayElement(branches);
  const places = placesNear(branch);
  return places.length > 0 ? faker.helpers.arrayElement(places) : { zip: branch.address.zip, city: branch.address.city, state: branch.address.state, branchId: branch.id };
}
