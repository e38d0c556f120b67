import fc from 'fast-check';
import {
  addBusinessDuration,
  buildCalendar,
  businessMinutesBetween,
  dueAt,
  isOpen,
  type BusinessCalendar,
} from '../../../../src/domain/calendar';
import { alwaysOpen, bankCalendar } from './fixtures';

const calendars: [string, BusinessCalendar][] = [
  ['NY bank, Fed holidays', bankCalendar('America/New_York')],
  ['Phoenix bank', bankCalendar('America/Phoenix')],
  ['LA bank with state holidays and an RM away', bankCalendar('America/Los_Angeles', {
    holidays: { country: 'US', state: 'CA' },
    outOfOffice: [{ from: '2026-03-02', to: '2026-03-13' }, { from: '2026-11-02T10:00', to: '2026-11-02T15:30' }],
  })],
  ['Chicago branch, lunch break and Saturday mornings', buildCalendar({
    timeZone: 'America/Chicago',
    hours: {
      mon: [['08:30', '12:00'], ['13:00', '17:30']], tue: [['08:30', '12:00'], ['13:00', '17:30']],
      wed: [['08:30', '12:00'], ['13:00', '17:30']], thu: [['08:30', '12:00'], ['13:00', '19:00']],
      fri: [['08:30', '18:00']], sat: [['09:00', '12:00']],
    },
    holidays: { country: 'US' },
  })],
  ['Denver contact center, around the clock', alwaysOpen('America/Denver')],
  ['overnight shift across the DST hours', buildCalendar({
    timeZone: 'America/New_York',
    hours: { sat: [['22:00', '24:00']], sun: [['00:00', '03:30']] },
    holidays: null,
  })],
];

// Starts spread over several years so DST changes, holidays and year ends are all exercised.
const start = fc.date({ min: new Date('2025-10-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
const minutes = fc.integer({ min: 0, max: 4000 });
const params = { numRuns: 200 };

describe.each(calendars)('business time properties: %s', (_name, cal) => {
  it('the due time is never before the start and spends exactly the requested open minutes', () => {
    fc.assert(
      fc.property(start, minutes, (s, m) => {
        const due = addBusinessDuration(cal, s, m);
        expect(due.getTime()).toBeGreaterThanOrEqual(s.getTime());
        expect(businessMinutesBetween(cal, s, due)).toBe(m);
      }),
      params,
    );
  });

  it('the due time falls inside opening hours or exactly at a closing boundary', () => {
    fc.assert(
      fc.property(start, minutes, (s, m) => {
        const due = addBusinessDuration(cal, s, m);
        if (m === 0) expect(isOpen(cal, due)).toBe(true);
        // Open just before the due instant: the last minute counted was an open one, so no
        // closed stretch is tacked on after the work is done.
        else expect(isOpen(cal, new Date(due.getTime() - 1))).toBe(true);
      }),
      params,
    );
  });

  it('is monotonic in the minutes', () => {
    fc.assert(
      fc.property(start, minutes, minutes, (s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addBusinessDuration(cal, s, lo).getTime()).toBeLessThanOrEqual(addBusinessDuration(cal, s, hi).getTime());
      }),
      params,
    );
  });

  it('the instant clock is start + minutes whatever the calendar', () => {
    fc.assert(
      fc.property(start, minutes, (s, m) => {
        expect(dueAt({ clock: 'instant', minutes: m }, cal, s).getTime()).toBe(s.getTime() + m * 60_000);
        expect(dueAt({ clock: 'business', minutes: m }, cal, s)).toEqual(addBusinessDuration(cal, s, m));
      }),
      params,
    );
  });
});
