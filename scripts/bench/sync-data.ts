/**
 * Contacts for the sync benchmark: every one passes readiness (valid email, a dialable number in
 * the 555-01xx block kept for fiction, a ZIP at a roster branch, an application, which needs no
 * MQL score, and for a mortgage the pre-qualification answers), in a mix that routes to branch
 * bankers, loan officers, inside sales and queues.
 */
const PLACES = [
  { zip: '10017', city: 'New York', state: 'NY', area: '212' },
  { zip: '60603', city: 'Chicago', state: 'IL', area: '312' },
  { zip: '80202', city: 'Denver', state: 'CO', area: '303' },
  { zip: '90071', city: 'Los Angeles', state: 'CA', area: '213' },
];

const KINDS: Record<string, string>[] = [
  { customer_segment: 'consumer', product_interest: 'checking' },
  { customer_segment: 'small_business', product_interest: 'savings' },
  { customer_segment: 'consumer', product_interest: 'mortgage', documents_ready: 'true', income_band: '100k_250k' },
  { customer_segment: 'consumer', product_interest: 'savings' },
];

export function benchContact(i: number): Record<string, string> {
  const p = PLACES[i % PLACES.length]!;
  return {
    email: `bench${i}@mail.example.com`,
    firstname: `Pat${i}`,
    lastname: `Bench${i}`,
    phone: `+1${p.area}55501${String(i % 100).padStart(2, '0')}`,
    address: `${100 + (i % 900)} Main Street`,
    city: p.city,
    state: p.state,
    zip: p.zip,
    lead_kind: 'application',
    hs_analytics_source: 'ORGANIC_SEARCH',
    lifecyclestage: 'lead',
    ...KINDS[Math.floor(i / PLACES.length) % KINDS.length],
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
