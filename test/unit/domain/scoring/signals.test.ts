/**
 * Signals read from a lead's fields (scoring.yaml `from`): counts, caps, decay on an injected
 * clock, unreadable values ignored, never a throw; and a more recent signal never scores less.
 */
import fc from 'fast-check';
import { scoringFileSchema } from '../../../../src/config/schemas/scoring';
import type { FieldValue, LeadView } from '../../../../src/domain/lead';
import { recordSignal, readCount, readInstant, scoreWithConfig } from '../../../../src/domain/scoring';
import type { RecordedSignal } from '../../../../src/domain/scoring';
import { lead } from '../routing/fixtures';

const NOW = new Date('2026-05-08T15:00:00Z');
const DAY = 86_400_000;
const ago = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();

const model = scoringFileSchema.parse({
  mql_threshold: 60,
  fit: [],
  behavior: [
    { signal: 'email_click', points: 3, half_life_days: 30, max_points: 12, from: { field: 'last_email_click', count_field: 'email_clicks' } },
    { signal: 'content_download', points: 5, half_life_days: 45, from: { field: 'last_conversion_at', when: { last_conversion_name: { matches: '[Gg]uide' } } } },
  ],
  intent: [
    { signal: 'rate_page_view', points: 6, half_life_days: 7, max_points: 24, from: { field: 'rate_page_viewed_at' } },
    { signal: 'appointment_requested', points: 40, half_life_days: 7, from: { field: 'appointment_requested_at' } },
  ],
  life_events: [{ event: 'home_purchase', points: 20, half_life_days: 180, products: ['mortgage'], from: { field: 'home_purchase_date', count_field: 'email_clicks' } }],
});

function scoreOf(fields: Record<string, FieldValue | undefined>, signals: LeadView['signals'] = [], now: Date = NOW) {
  const l = lead({ fields, signals });
  return scoreWithConfig(l, model, now, (n) => l.fields[n]);
}
const item = (s: ReturnType<typeof scoreOf>, name: string) => s.items.find((i) => i.name === name);

describe('reading field values', () => {
  it.each<[FieldValue | undefined, string | null]>([
    ['2026-05-01T10:00:00.000Z', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01T10:00:00.000+0000', '2026-05-01T10:00:00.000Z'],
    ['1777629600000', '2026-05-01T10:00:00.000Z'],
    [1777629600000, '2026-05-01T10:00:00.000Z'],
    [undefined, null],
    [null, null],
    ['', null],
    ['   ', null],
    ['yesterday', null],
    ['2026-13-45', null],
    ['0', null], // epoch zero: a default, not a date
    ['1999-12-31', null],
    [true, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ])('instant %p → %p', (raw, expected) => {
    expect(readInstant(raw)?.toISOString() ?? null).toBe(expected);
  });

  it.each<[FieldValue | undefined, number | undefined]>([
    [4, 4], ['4', 4], [' 7 ', 7], ['2.9', 2], [0, 0], [-3, 0], ['-3', undefined], ['many', undefined],
    ['', undefined], [null, undefined], [undefined, undefined], [true, undefined], [1e12, 10_000], [Number.NaN, undefined],
  ])('count %p → %p', (raw, expected) => {
    expect(readCount(raw)).toBe(expected);
  });
});

describe('signals from fields', () => {
  it.each<[string, Record<string, FieldValue | undefined>, string, number | undefined, number | undefined]>([
    // name, fields, signal, points, count
    ['one click today', { last_email_click: ago(0), email_clicks: 1 }, 'email_click', 3, 1],
    ['three clicks today', { last_email_click: ago(0), email_clicks: '3' }, 'email_click', 9, 3],
    ['ten clicks are capped at max_points', { last_email_click: ago(0), email_clicks: 10 }, 'email_click', 12, 10],
    ['two clicks a half-life ago', { last_email_click: ago(30), email_clicks: 2 }, 'email_click', 3, 2],
    ['a date without a count is once', { last_email_click: ago(0) }, 'email_click', 3, 1],
    ['an unreadable count is once', { last_email_click: ago(0), email_clicks: 'lots' }, 'email_click', 3, 1],
    ['a count of 0 is none, whatever the date', { last_email_click: ago(0), email_clicks: 0 }, 'email_click', undefined, undefined],
    ['a count without a date is none', { email_clicks: 5 }, 'email_click', undefined, undefined],
    ['a garbled date is none', { last_email_click: 'last Tuesday', email_clicks: 5 }, 'email_click', undefined, undefined],
    ['a blank date is none', { last_email_click: '', email_clicks: 5 }, 'email_click', undefined, undefined],
    ['a rate page two half-lives ago', { rate_page_viewed_at: ago(14) }, 'rate_page_view', 1.5, 1],
    ['a date in the future counts in full', { appointment_requested_at: ago(-3) }, 'appointment_requested', 40, 1],
    ['when holds', { last_conversion_at: ago(0), last_conversion_name: 'Mortgage Guide 2026' }, 'content_download', 5, 1],
    ['when does not hold', { last_conversion_at: ago(0), last_conversion_name: 'Contact us' }, 'content_download', undefined, undefined],
    ['when on a missing field', { last_conversion_at: ago(0) }, 'content_download', undefined, undefined],
    ['a life event counts once, whatever the count', { home_purchase_date: ago(0), email_clicks: 4 }, 'home_purchase', 20, 1],
  ])('%s', (_name, fields, signal, points, count) => {
    const s = item(scoreOf(fields), signal);
    expect(s?.points).toBe(points);
    expect(s?.count).toBe(count);
  });

  it('explains where a signal was read and when it last happened', () => {
    const s = scoreOf({ last_email_click: ago(2), email_clicks: 2 }, [{ name: 'email_click', at: new Date(ago(1)) }]);
    expect(item(s, 'email_click')).toEqual({ category: 'behavior', name: 'email_click', points: 8.66, count: 3, latestAt: ago(1), sources: ['events', 'field:last_email_click'] });
  });

  it('adds recorded signals and field signals, and the appointment request crosses the MQL line on its own with fit', () => {
    const fit = scoringFileSchema.parse({ ...model, fit: [{ name: 'consumer', when: { segment: 'consumer' }, points: 25 }] });
    const l = lead({ fields: { appointment_requested_at: ago(1) } });
    const s = scoreWithConfig(l, fit, NOW, (n) => (n === 'segment' ? l.segment : l.fields[n]));
    expect(s.byCategory).toEqual({ fit: 25, behavior: 0, intent: 36.23, life_event: 0 });
    expect(s.mql).toBe(true);
  });

  it('fades with the injected clock', () => {
    const fields = { appointment_requested_at: '2026-05-01T15:00:00.000Z' };
    expect(item(scoreOf(fields, [], new Date('2026-05-01T15:00:00Z')), 'appointment_requested')?.points).toBe(40);
    expect(item(scoreOf(fields, [], new Date('2026-05-08T15:00:00Z')), 'appointment_requested')?.points).toBe(20);
    expect(item(scoreOf(fields, [], new Date('2026-05-22T15:00:00Z')), 'appointment_requested')?.points).toBe(5);
  });

  const anyValue: fc.Arbitrary<FieldValue | undefined> = fc.oneof(
    fc.constant(undefined), fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string(),
    fc.date({ min: new Date('1960-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.nat().map(String),
  );

  it('never throws and stays within 0-100 whatever the fields hold', () => {
    fc.assert(
      fc.property(fc.record({ last_email_click: anyValue, email_clicks: anyValue, rate_page_viewed_at: anyValue, appointment_requested_at: anyValue, last_conversion_at: anyValue, last_conversion_name: anyValue, home_purchase_date: anyValue }), (fields) => {
        const s = scoreOf(fields);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(100);
        expect(Number.isFinite(s.total)).toBe(true);
      }),
    );
  });

  it('a more recent signal never scores less (recorded or read from a field)', () => {
    const instant = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2027-01-01') });
    const names = fc.constantFrom('email_click', 'rate_page_view', 'appointment_requested', 'home_purchase');
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: names, at: instant }), { maxLength: 6 }),
        names,
        instant,
        fc.nat(400 * DAY),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (others, name, at, later, clicks) => {
          const base = others.map((o) => ({ name: o.name, at: new Date(o.at) }));
          const recorded = (t: number) => scoreOf({}, [...base, { name, at: new Date(t) }]).total;
          expect(recorded(at + later)).toBeGreaterThanOrEqual(recorded(at));
          const field = name === 'email_click' ? 'last_email_click' : name === 'rate_page_view' ? 'rate_page_viewed_at' : name === 'home_purchase' ? 'home_purchase_date' : 'appointment_requested_at';
          const read = (t: number) => scoreOf({ [field]: new Date(t).toISOString(), email_clicks: clicks }, base).total;
          expect(read(at + later)).toBeGreaterThanOrEqual(read(at));
        },
      ),
    );
  });
});

describe('recording a signal on a lead (events API)', () => {
  const list: RecordedSignal[] = [
    { name: 'email_click', at: ago(10), id: 'crm:1' },
    { name: 'branch_visit', at: ago(2), id: 'crm:2' },
  ];

  it.each<[string, { name: string; id: string; occurredAt: string | undefined }, string[] | null]>([
    ['a new event goes in time order', { name: 'callback_requested', id: 'crm:3', occurredAt: ago(5) }, ['crm:1', 'crm:3', 'crm:2']],
    ['the newest goes last', { name: 'callback_requested', id: 'crm:3', occurredAt: ago(0) }, ['crm:1', 'crm:2', 'crm:3']],
    ['an event already recorded is not recorded again', { name: 'branch_visit', id: 'crm:2', occurredAt: ago(1) }, null],
  ])('%s', (_name, signal, ids) => {
    expect(recordSignal(list, signal, NOW)?.map((s) => s.id) ?? null).toEqual(ids);
  });

  it('takes a time ahead of the clock, or an unreadable one, as now', () => {
    expect(recordSignal([], { name: 'branch_visit', id: 'a', occurredAt: ago(-30) }, NOW)).toEqual([{ name: 'branch_visit', at: NOW.toISOString(), id: 'a' }]);
    expect(recordSignal([], { name: 'branch_visit', id: 'a', occurredAt: 'soon' }, NOW)?.[0]?.at).toBe(NOW.toISOString());
    expect(recordSignal([], { name: 'branch_visit', id: 'a', occurredAt: undefined }, NOW)?.[0]?.at).toBe(NOW.toISOString());
  });

  it('keeps the newest up to the cap', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ name: 'email_click', at: ago(10 - i), id: `e:${i}` }));
    expect(recordSignal(many, { name: 'branch_visit', id: 'new', occurredAt: ago(0) }, NOW, 3)?.map((s) => s.id)).toEqual(['e:3', 'e:4', 'new']);
    expect(recordSignal(many, { name: 'branch_visit', id: 'old', occurredAt: ago(100) }, NOW, 5)?.map((s) => s.id)).toEqual(['e:0', 'e:1', 'e:2', 'e:3', 'e:4']);
  });
});
