/**
 * How engaged a synthetic prospect is, as HubSpot shows it: email clicks, page views, form
 * conversions (HubSpot's tracking properties) and the bank's own dates (rate page viewed,
 * calculator completed, appointment requested, webinar attended). Most people are cold or
 * lukewarm; some are shopping now. The mix puts a realistic share of plain leads over the MQL
 * line of the default scoring.yaml (about a third of them) and leaves the rest below it.
 *
 * Drawn from its own random stream (prospects.ts), so adding or tuning engagement never changes
 * who the prospects are.
 */
import type { Faker } from '@faker-js/faker';

export type EngagementLevel = 'none' | 'cold' | 'warm' | 'hot';

const LEVELS: [EngagementLevel, number][] = [['none', 13], ['cold', 25], ['warm', 30], ['hot', 32]];

const CONVERSIONS = [
  'Contact us', 'Newsletter sign-up', 'Rate alert sign-up', 'First-time homebuyer guide', 'Small business checklist',
  'Retirement planning eBook', 'Webinar registration', 'Branch appointment request',
];

const DAY_MS = 86_400_000;

export function generateEngagement(faker: Faker, now: Date): { level: EngagementLevel; properties: Record<string, string> } {
  const level = faker.helpers.weightedArrayElement(LEVELS.map(([value, weight]) => ({ value, weight })));
  const props: Record<string, string> = {};
  if (level === 'none') return { level, properties: props };
  const chance = (p: number) => faker.number.float({ min: 0, max: 1 }) < p;
  // Minutes give the times a realistic spread within the day.
  const daysAgo = (min: number, max: number) => new Date(now.getTime() - faker.number.float({ min, max }) * DAY_MS).toISOString();
  const count = (min: number, max: number) => String(faker.number.int({ min, max }));
  const recent = level !== 'cold';

  const clicks = recent ? faker.number.int({ min: 1, max: 7 }) : faker.number.int({ min: 0, max: 3 });
  props['hs_email_click'] = String(clicks);
  if (clicks > 0) props['hs_email_last_click_date'] = recent ? daysAgo(1, 25) : daysAgo(40, 200);
  props['hs_analytics_num_page_views'] = recent ? count(4, 45) : count(1, 10);
  props['hs_analytics_last_visit_timestamp'] = recent ? daysAgo(0.2, 10) : daysAgo(20, 150);
  if (recent || chance(0.3)) {
    props['num_conversion_events'] = count(1, recent ? 4 : 1);
    props['recent_conversion_date'] = recent ? daysAgo(1, 30) : daysAgo(45, 300);
    props['recent_conversion_event_name'] = faker.helpers.arrayElement(CONVERSIONS);
  }
  if (level === 'cold') return { level, properties: props };

  const hot = level === 'hot';
  if (chance(hot ? 0.85 : 0.6)) props['last_rate_page_view'] = daysAgo(0.2, 12);
  if (chance(0.25)) props['webinar_attended_date'] = daysAgo(5, 60);
  if (chance(hot ? 0.7 : 0.4)) props['calculator_completed_date'] = daysAgo(0.2, 10);
  if (hot && chance(0.6)) props['appointment_requested_date'] = daysAgo(0.1, 5);
  return { level, properties: props };
}
