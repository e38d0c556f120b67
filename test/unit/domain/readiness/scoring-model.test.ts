import { scoringFileSchema } from '../../../../src/config/schemas/scoring';
import { describeScore, scoreWithConfig } from '../../../../src/domain/scoring/model';
import { TUESDAY, lead } from '../routing/fixtures';

const DAY = 86_400_000;
const ago = (days: number) => new Date(TUESDAY.getTime() - days * DAY);

const model = scoringFileSchema.parse({
  mql_threshold: 50,
  fit: [
    { name: 'wealth', when: { segment: 'wealth' }, points: 30 },
    { name: 'no_phone', when: { phone: { exists: false } }, points: -10 },
  ],
  behavior: [{ signal: 'email_click', points: 4, half_life_days: 10, max_points: 10 }],
  intent: [{ signal: 'rate_page_view', points: 20, half_life_days: 7 }],
  life_events: [{ event: 'home_purchase', points: 16, half_life_days: 30, products: ['mortgage', 'heloc'] }],
});

const score = (over: Parameters<typeof lead>[0]) => {
  const l = lead(over);
  return scoreWithConfig(l, model, TUESDAY, (n) => (n === 'segment' ? l.segment : l.fields[n]));
};

describe('scoring.yaml applied to a lead', () => {
  it('adds fit points, and takes them away', () => {
    expect(score({ segment: 'wealth' }).byCategory.fit).toBe(30);
    expect(score({ segment: 'wealth', fields: { phone: null } }).byCategory.fit).toBe(20);
  });

  it('halves signal points every half-life, and caps a signal', () => {
    expect(score({ signals: [{ name: 'rate_page_view', at: ago(7) }] }).byCategory.intent).toBe(10);
    expect(score({ signals: [{ name: 'rate_page_view', at: ago(14) }] }).byCategory.intent).toBe(5);
    const clicks = score({ signals: Array.from({ length: 5 }, () => ({ name: 'email_click', at: TUESDAY })) });
    expect(clicks.items).toEqual([{ category: 'behavior', name: 'email_click', points: 10, count: 5, capped: true, latestAt: TUESDAY.toISOString(), sources: ['events'] }]);
  });

  it('counts a life event once, from its latest date, and suggests its products', () => {
    const s = score({ product: 'heloc', signals: [{ name: 'home_purchase', at: ago(60) }, { name: 'home_purchase', at: ago(30) }] });
    expect(s.byCategory.life_event).toBe(8);
    expect(s.lifeEvents).toEqual(['home_purchase']);
    expect(s.suggestedProducts).toEqual(['mortgage']); // the lead's own product is left out
  });

  it('clamps to 0-100 and compares with the MQL threshold', () => {
    const low = score({ fields: { phone: null } });
    expect(low.total).toBe(0);
    const high = score({ segment: 'wealth', signals: Array.from({ length: 6 }, () => ({ name: 'rate_page_view', at: TUESDAY })) });
    expect(high.total).toBe(100);
    expect(high.mql).toBe(true);
    expect(describeScore(score({ segment: 'wealth', signals: [{ name: 'rate_page_view', at: TUESDAY }] }))).toBe('50 (fit 30, behaviour 0, intent 20): MQL at 50');
    expect(describeScore(score({ segment: 'wealth' }))).toBe('30 (fit 30, behaviour 0, intent 0): below the MQL threshold at 50');
  });
});
