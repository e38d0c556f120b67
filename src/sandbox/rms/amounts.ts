/**
 * Opportunity amounts a bank would book per product (loan principal, deposit balance, assets
 * under management, coverage, treasury balances). Products the default catalogue does not name
 * fall back to their family, then to a small generic range.
 */
import type { Product, ProductsConfig } from '../../config';
import type { Rng } from '../random';

type Range = readonly [number, number];

const BY_PRODUCT: Record<string, Range> = {
  checking: [2_000, 40_000],
  savings: [5_000, 150_000],
  cd: [10_000, 250_000],
  credit_card: [2_000, 25_000],
  auto_loan: [12_000, 65_000],
  personal_loan: [3_000, 40_000],
  heloc: [25_000, 250_000],
  mortgage: [180_000, 950_000],
  wealth_management: [250_000, 3_000_000],
  life_insurance: [100_000, 1_500_000],
  treasury_management: [100_000, 5_000_000],
};

const BY_FAMILY: Record<string, Range> = {
  deposits: [5_000, 100_000],
  card: [2_000, 25_000],
  lending: [5_000, 100_000],
  mortgage: [180_000, 950_000],
  wealth: [250_000, 3_000_000],
  insurance: [100_000, 1_500_000],
  treasury: [100_000, 5_000_000],
};

const GENERIC: Range = [5_000, 50_000];

/** The product a Lead's Product_Interest__c value names, if the catalogue has it. */
export function productOfLead(catalog: ProductsConfig, salesforceValue: unknown): Product | undefined {
  return typeof salesforceValue === 'string' ? catalog.products.find((p) => p.salesforce_value === salesforceValue) : undefined;
}

/** A booked amount for the product, rounded the way bankers quote it. */
export function drawAmount(rng: Rng, product: Product | undefined): number {
  const [lo, hi] = (product && (BY_PRODUCT[product.id] ?? BY_FAMILY[product.family])) ?? GENERIC;
  const raw = rng.between(lo, hi);
  const step = raw >= 100_000 ? 5_000 : raw >= 10_000 ? 500 : 100;
  return Math.max(step, Math.round(raw / step) * step);
}
