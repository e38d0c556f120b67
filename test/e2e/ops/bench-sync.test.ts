/**
 * The sync benchmark runs end to end on a tiny N (no timing is asserted: the figures depend on
 * the machine): every contact is handed off, calls are counted per system, the ceiling states
 * its formula, and the baseline ran.
 */
import { benchSync, ceiling } from '../../../scripts/bench/sync';

it('runs on a tiny N and reports figures of the documented shape', async () => {
  const r = await benchSync({ contacts: 12, baseline: 3, timeoutMs: 120_000 });
  expect(r).toMatchObject({ contacts: 12, ceiling: { tier: 'starter', leadsPerSecond: 500 }, baseline: { contacts: 3, apiCallsPerLead: { hubspot: 2, salesforce: 2 } } });
  expect(r.leadsPerSecond).toBeGreaterThan(0);
  const perLead = r.apiCallsPerLead as { hubspot: number; salesforce: number };
  // At least one batch read and one batch update for the whole burst; far fewer than the baseline's 2 per lead.
  expect(perLead.hubspot).toBeGreaterThanOrEqual(2 / 12);
  expect(perLead.hubspot).toBeLessThan(2);
  expect(perLead.salesforce).toBeGreaterThan(0);
  const latency = r.latencyMs as { p50: number; p95: number };
  expect(latency.p95).toBeGreaterThanOrEqual(latency.p50);
  expect(latency.p50).toBeGreaterThan(0);
});

it('states the ceiling formula from the tier window and batch sizes', () => {
  expect(ceiling('starter').formula).toContain('(100 ÷ 10) ÷ (1/100 batch read + 1/100 batch update) = 500 leads/s');
  expect(ceiling('professional').leadsPerSecond).toBe(950);
});
