import { buildCalendar, checkCalendarSpec, type CalendarSpec } from '../../../../src/domain/calendar';
import { HandoffError } from '../../../../src/errors';
import { weekdays } from './fixtures';

const good: CalendarSpec = { timeZone: 'America/Chicago', hours: weekdays, holidays: { country: 'US', state: 'IL' } };

describe('checkCalendarSpec', () => {
  it('accepts a sound calendar', () => {
    expect(checkCalendarSpec(good)).toEqual([]);
  });

  it('collects every problem with a path and a message', () => {
    const bad = {
      timeZone: 'Eastern',
      hours: { mon: [['9:00', '17:00']], tue: [['17:00', '09:00']], fun: [['09:00', '17:00']], wed: [['24:00', '24:00']] },
      holidays: { country: 'US', state: 'XX' },
      extraClosedDates: ['2026-02-30', 'soon'],
      outOfOffice: [{ from: '2026-05-12', to: '2026-05-11' }, { from: 'later', to: '2026-05-11' }],
    } as unknown as CalendarSpec;
    expect(checkCalendarSpec(bad)).toMatchInlineSnapshot(`
[
  {
    "message": ""Eastern" is not an IANA time zone (e.g. America/New_York)",
    "path": "timeZone",
  },
  {
    "message": "expected ["HH:MM", "HH:MM"] in 24-hour time, e.g. ["09:00", "17:00"]",
    "path": "hours.mon[0]",
  },
  {
    "message": "closes at 09:00, not after it opens at 17:00; a window cannot cross midnight (split it in two days)",
    "path": "hours.tue[0]",
  },
  {
    "message": ""fun" is not a weekday; use mon, tue, wed, thu, fri, sat, sun",
    "path": "hours.fun",
  },
  {
    "message": "expected ["HH:MM", "HH:MM"] in 24-hour time, e.g. ["09:00", "17:00"]",
    "path": "hours.wed[0]",
  },
  {
    "message": "no holiday calendar is known for "US-XX"",
    "path": "holidays",
  },
  {
    "message": "expected a date YYYY-MM-DD",
    "path": "extraClosedDates[0]",
  },
  {
    "message": "expected a date YYYY-MM-DD",
    "path": "extraClosedDates[1]",
  },
]
`);
  });

  it('says so when a calendar has no opening hours at all', () => {
    expect(checkCalendarSpec({ ...good, hours: { sat: [] } })).toEqual([
      { path: 'hours', message: 'no opening hours: a business-time SLA on this calendar would never come due' },
    ]);
  });

  it('checks out-of-office spans once the zone is valid', () => {
    const spec: CalendarSpec = {
      ...good,
      outOfOffice: [{ from: '2026-05-12', to: '2026-05-11' }, { from: 'later', to: '2026-05-11' }],
    };
    expect(checkCalendarSpec(spec)).toEqual([
      { path: 'outOfOffice[0]', message: 'ends before it starts' },
      { path: 'outOfOffice[1].from', message: 'expected a date YYYY-MM-DD or an ISO date-time' },
    ]);
    // A one-day span given as dates is the whole day, so from == to is fine.
    expect(checkCalendarSpec({ ...good, outOfOffice: [{ from: '2026-05-11', to: '2026-05-11' }] })).toEqual([]);
  });
});

describe('buildCalendar', () => {
  it('refuses a spec with problems in one error that lists them', () => {
    let caught: unknown;
    try {
      buildCalendar({ ...good, timeZone: 'Mars/Olympus' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HandoffError);
    expect((caught as HandoffError).code).toBe('CALENDAR_INVALID');
    expect((caught as HandoffError).message).toBe(
      'Business calendar is not usable: timeZone: "Mars/Olympus" is not an IANA time zone (e.g. America/New_York)',
    );
  });

  it('exposes the open intervals of a day in epoch ms', () => {
    const cal = buildCalendar(good);
    expect(cal.openIntervalsOn('2026-05-08').map(([s, e]) => [new Date(s).toISOString(), new Date(e).toISOString()])).toEqual([
      ['2026-05-08T14:00:00.000Z', '2026-05-08T22:00:00.000Z'],
    ]);
    expect(cal.openIntervalsOn('2026-05-09')).toEqual([]);
  });

  it('merges overlapping windows of one day', () => {
    const cal = buildCalendar({ ...good, hours: { fri: [['09:00', '13:00'], ['12:00', '17:00']] } });
    expect(cal.openIntervalsOn('2026-05-08')).toHaveLength(1);
  });
});
