/**
 * Engagement on synthetic prospects: HubSpot's tracking properties and the bank's own dates, drawn
 * from their own seeded stream, readable by the emulator, and warm enough that a realistic share
 * of plain leads crosses the default MQL line while most stay below it.
 */
import { loadMappings } from '../../src/config';
import type { MappingsConfig } from '../../src/config';
import { ManualClock } from '../../src/domain/clock';
import { leadFacts } from '../../src/domain/facts';
import { NO_CONSENT } from '../../src/domain/lead';
import type { FieldValue, LeadView } from '../../src/domain/lead';
import { reconcileRecord, syncContext } from '../../src/domain/sync';
import { defaultMappingsDir } from '../../src/paths';
import { generateProspects } from '../../src/sandbox';
import type { Prospect } from '../../src/sandbox';
import { createHubSpotEmulator } from '../../src/sandbox/hubspot';

const NOW = new Date('2026-03-02T15:00:00Z');
let mappings: MappingsConfig;

beforeAll(() => {
  mappings = loadMappings(defaultMappingsDir()).config!;
});

const ENGAGEMENT = ['hs_email_click', 'hs_email_last_click_date', 'hs_analytics_num_page_views', 'hs_analytics_last_visit_timestamp', 'num_conversion_events', 'recent_conversion_date', 'recent_conversion_event_name', 'last_rate_page_view', 'calculator_completed_date', 'appointment_requested_date', 'webinar_attended_date'];

/** The lead as the engine would see it an hour after the contact was read. */
function plainLeadScore(p: Prospect): { kind: string; mql: boolean } {
  const snap = reconcileRecord({ before: null, contact: { id: '1', properties: p.properties, updatedAt: NOW.getTime() }, lead: null }, syncContext(mappings)).snapshot;
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(snap.fields)) fields[k] = v.value;
  const text = (v: FieldValue | undefined) => (typeof v === 'string' ? v : null);
  const view: LeadView = {
    id: 'L', state: 'captured', kind: text(fields.kind) ?? 'lead', segment: text(fields.segment), product: text(fields.product), fields,
    consent: NO_CONSENT, signals: [], owner: null, attempt: 0, ownersSoFar: [], recycleCount: 0,
    existingCustomer: p.existingCustomerOf !== undefined, existingOwnerId: null, timestamps: { createdAt: NOW },
  };
  return { kind: view.kind, mql: leadFacts(view, mappings, new Date(NOW.getTime() + 3_600_000)).score()?.mql ?? false };
}

test('engagement is reproducible from the seed, with dates in the past and whole counts', () => {
  const a = generateProspects(mappings, { seed: 5, count: 200, now: NOW });
  expect(generateProspects(mappings, { seed: 5, count: 200, now: NOW })).toEqual(a);
  const other = generateProspects(mappings, { seed: 6, count: 200, now: NOW });
  expect(other.map((p) => p.properties['hs_analytics_num_page_views'])).not.toEqual(a.map((p) => p.properties['hs_analytics_num_page_views']));
  // Every engagement date lies before now; counts are whole numbers.
  for (const p of a) {
    for (const k of ['hs_email_last_click_date', 'hs_analytics_last_visit_timestamp', 'recent_conversion_date', 'last_rate_page_view', 'calculator_completed_date', 'appointment_requested_date', 'webinar_attended_date']) {
      if (p.properties[k] !== undefined) expect(Date.parse(p.properties[k]!)).toBeLessThan(NOW.getTime());
    }
    for (const k of ['hs_email_click', 'hs_analytics_num_page_views', 'num_conversion_events']) if (p.properties[k] !== undefined) expect(p.properties[k]).toMatch(/^\d+$/);
  }
  expect(new Set(a.map((p) => p.engagement))).toEqual(new Set(['none', 'cold', 'warm', 'hot']));
});

test.each([1, 7, 42])('seed %d: a third to a half of plain leads are marketing-qualified by their engagement', (seed) => {
  const people = generateProspects(mappings, { seed, count: 300, now: NOW });
  const plain = people.map(plainLeadScore).filter((s) => s.kind === 'lead');
  const share = plain.filter((s) => s.mql).length / plain.length;
  expect(share).toBeGreaterThanOrEqual(0.3);
  expect(share).toBeLessThanOrEqual(0.5);
  // Without their engagement, only the rare wealthy existing customer in a high-value product would be.
  const cold = people.map((p) => ({ ...p, properties: Object.fromEntries(Object.entries(p.properties).filter(([k]) => !ENGAGEMENT.includes(k))) }));
  expect(cold.map(plainLeadScore).filter((s) => s.kind === 'lead' && s.mql).length / plain.length).toBeLessThan(0.05);
});

test('the emulator holds the values; HubSpot’s tracking properties are read-only to the API', () => {
  const emu = createHubSpotEmulator({ clock: new ManualClock(NOW.toISOString()) });
  const hot = generateProspects(mappings, { seed: 42, count: 100, now: NOW }).find((p) => p.engagement === 'hot' && p.properties['last_rate_page_view'])!;
  const c = emu.createContact(hot.properties);
  for (const k of ENGAGEMENT) if (hot.properties[k] !== undefined) expect(c.properties[k]).toBeDefined();
  expect(emu.properties.get('hs_email_click')?.modificationMetadata.readOnlyValue).toBe(true);
  expect(emu.properties.get('last_rate_page_view')?.modificationMetadata.readOnlyValue).toBe(false);
});
