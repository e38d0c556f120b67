import {
  addBusinessDuration,
  buildCalendar,
  businessMinutesBetween,
  dueAt,
  isOpen,
  nextOpening,
} from '../../../../src/domain/calendar';
import { alwaysOpen, bankCalendar, local, wall } from './fixtures';

const NY = 'America/New_York';

describe('addBusinessDuration on a New York bank calendar (Mon–Fri 09:00–17:00, Fed holidays)', () => {
  const cal = bankCalendar(NY);
  it.each([
    ['Friday 4pm + 2h is Monday 10am', '2026-05-08T16:00', 120, 'Mon 2026-05-11T10:00 EDT'],
    ['finishing at closing stays at closing', '2026-05-08T16:00', 60, 'Fri 2026-05-08T17:00 EDT'],
    ['zero minutes at an open instant is that instant', '2026-05-08T11:15', 0, 'Fri 2026-05-08T11:15 EDT'],
    ['zero minutes when closed is the next opening', '2026-05-08T17:00', 0, 'Mon 2026-05-11T09:00 EDT'],
    ['a start before opening counts from opening', '2026-03-10T07:30', 90, 'Tue 2026-03-10T10:30 EDT'],
    ['a start after closing counts from next morning', '2026-03-10T18:00', 60, 'Wed 2026-03-11T10:00 EDT'],
    ['a Saturday start counts from Monday', '2026-03-14T12:00', 30, 'Mon 2026-03-16T09:30 EDT'],
    ['several days of open time', '2026-05-04T09:00', 3 * 480 + 30, 'Thu 2026-05-07T09:30 EDT'],
    ['Thanksgiving is skipped, the day after is open', '2026-11-25T16:00', 120, 'Fri 2026-11-27T10:00 EST'],
    ['July 4 on a Sunday is observed Monday', '2027-07-02T16:00', 120, 'Tue 2027-07-06T10:00 EDT'],
    ['July 4 on a Saturday: the Fed stays open on Friday', '2026-07-02T16:00', 120, 'Fri 2026-07-03T10:00 EDT'],
    ['Christmas on a Saturday: open on the Friday before', '2021-12-23T16:00', 120, 'Fri 2021-12-24T10:00 EST'],
    ['New Year on a Saturday: open on 31 December', '2021-12-30T16:00', 120, 'Fri 2021-12-31T10:00 EST'],
    ['Juneteenth on a Friday is closed', '2026-06-18T16:00', 120, 'Mon 2026-06-22T10:00 EDT'],
    ['MLK day is closed', '2026-01-16T16:00', 120, 'Tue 2026-01-20T10:00 EST'],
  ])('%s', (_name, start, minutes, expected) => {
    expect(wall(NY, addBusinessDuration(cal, local(NY, start), minutes))).toBe(expected);
  });

  it('under the OPM rule a Saturday holiday closes the Friday before, across the year end too', () => {
    const opm = bankCalendar(NY, { holidays: { country: 'US', saturdayRule: 'previous_friday' } });
    expect(wall(NY, addBusinessDuration(opm, local(NY, '2026-07-02T16:00'), 120))).toBe('Mon 2026-07-06T10:00 EDT');
    expect(wall(NY, addBusinessDuration(opm, local(NY, '2021-12-30T16:00'), 120))).toBe('Mon 2022-01-03T10:00 EST');
  });

  it('adds state public holidays only when a state is named', () => {
    const withState = bankCalendar(NY, { holidays: { country: 'US', state: 'NY' } });
    // Lincoln's Birthday, a New York State holiday, is a Thursday in 2026.
    expect(isOpen(cal, local(NY, '2026-02-12T10:00'))).toBe(true);
    expect(isOpen(withState, local(NY, '2026-02-12T10:00'))).toBe(false);
    expect(withState.closureOn('2026-02-12')).toBe("Lincoln's Birthday");
    expect(cal.closureOn('2026-11-26')).toBe('Thanksgiving Day');
    expect(cal.closureOn('2026-11-27')).toBeNull();
  });

  it('honours lunch breaks, closed dates and out-of-office spans', () => {
    const split = buildCalendar({
      timeZone: NY,
      hours: { mon: [['09:00', '12:00'], ['13:00', '17:00']] },
      holidays: null,
    });
    expect(wall(NY, addBusinessDuration(split, local(NY, '2026-03-16T11:30'), 60))).toBe('Mon 2026-03-16T13:30 EDT');

    const closed = bankCalendar(NY, { extraClosedDates: ['2026-05-11'] });
    expect(wall(NY, addBusinessDuration(closed, local(NY, '2026-05-08T16:00'), 120))).toBe('Tue 2026-05-12T10:00 EDT');
    expect(closed.closureOn('2026-05-11')).toBe('closed date');

    const awayDays = bankCalendar(NY, { outOfOffice: [{ from: '2026-05-11', to: '2026-05-12' }] });
    expect(wall(NY, addBusinessDuration(awayDays, local(NY, '2026-05-08T16:00'), 120))).toBe('Wed 2026-05-13T10:00 EDT');

    const awayMorning = bankCalendar(NY, { outOfOffice: [{ from: '2026-05-11T09:00', to: '2026-05-11T12:00' }] });
    expect(wall(NY, addBusinessDuration(awayMorning, local(NY, '2026-05-08T16:00'), 120))).toBe('Mon 2026-05-11T13:00 EDT');
    const awayUtc = bankCalendar(NY, { outOfOffice: [{ from: new Date('2026-05-11T13:00:00Z'), to: '2026-05-11T16:00:00Z' }] });
    expect(wall(NY, addBusinessDuration(awayUtc, local(NY, '2026-05-08T16:00'), 120))).toBe('Mon 2026-05-11T13:00 EDT');
  });
});

describe('across DST changes', () => {
  // Friday 16:00 + 2 business hours, the weekend the clocks change. The due time is Monday
  // 10:00 local; the UTC instants show the change was applied (or not, in Phoenix).
  it.each([
    ['America/New_York', '2026-03-06T21:00:00.000Z', '2026-03-09T14:00:00.000Z'],
    ['America/Chicago', '2026-03-06T22:00:00.000Z', '2026-03-09T15:00:00.000Z'],
    ['America/Denver', '2026-03-06T23:00:00.000Z', '2026-03-09T16:00:00.000Z'],
    ['America/Phoenix', '2026-03-06T23:00:00.000Z', '2026-03-09T17:00:00.000Z'],
    ['America/Los_Angeles', '2026-03-07T00:00:00.000Z', '2026-03-09T17:00:00.000Z'],
  ])('spring forward in %s', (zone, startUtc, dueUtc) => {
    const start = local(zone, '2026-03-06T16:00');
    expect(start.toISOString()).toBe(startUtc);
    expect(addBusinessDuration(bankCalendar(zone), start, 120).toISOString()).toBe(dueUtc);
  });

  it.each([
    ['America/New_York', '2026-10-30T20:00:00.000Z', '2026-11-02T15:00:00.000Z'],
    ['America/Chicago', '2026-10-30T21:00:00.000Z', '2026-11-02T16:00:00.000Z'],
    ['America/Denver', '2026-10-30T22:00:00.000Z', '2026-11-02T17:00:00.000Z'],
    ['America/Phoenix', '2026-10-30T23:00:00.000Z', '2026-11-02T17:00:00.000Z'],
    ['America/Los_Angeles', '2026-10-30T23:00:00.000Z', '2026-11-02T18:00:00.000Z'],
  ])('fall back in %s', (zone, startUtc, dueUtc) => {
    const start = local(zone, '2026-10-30T16:00');
    expect(start.toISOString()).toBe(startUtc);
    expect(addBusinessDuration(bankCalendar(zone), start, 120).toISOString()).toBe(dueUtc);
  });

  it.each([
    ['America/New_York', 120, 240],
    ['America/Chicago', 120, 240],
    ['America/Denver', 120, 240],
    ['America/Phoenix', 180, 180],
    ['America/Los_Angeles', 120, 240],
  ])('a 01:00–04:00 window on the changeover Sunday in %s lasts as long as the clocks say', (zone, spring, fall) => {
    const cal = buildCalendar({ timeZone: zone, hours: { sun: [['01:00', '04:00']] }, holidays: null });
    expect(businessMinutesBetween(cal, local(zone, '2026-03-08T00:00'), local(zone, '2026-03-09T00:00'))).toBe(spring);
    expect(businessMinutesBetween(cal, local(zone, '2026-11-01T00:00'), local(zone, '2026-11-02T00:00'))).toBe(fall);
  });

  it('a 24/7 calendar counts real elapsed time through the changeover night', () => {
    const cal = alwaysOpen(NY);
    const spring = addBusinessDuration(cal, local(NY, '2026-03-07T23:00'), 240);
    expect(wall(NY, spring)).toBe('Sun 2026-03-08T04:00 EDT');
    const fall = addBusinessDuration(cal, local(NY, '2026-10-31T23:00'), 240);
    expect(fall.toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(wall(NY, fall)).toBe('Sun 2026-11-01T02:00 EST');
  });
});

describe('isOpen, nextOpening, businessMinutesBetween, dueAt', () => {
  const cal = bankCalendar(NY);
  it('answers open and closed instants, closing time being closed', () => {
    expect(isOpen(cal, local(NY, '2026-05-08T09:00'))).toBe(true);
    expect(isOpen(cal, local(NY, '2026-05-08T16:59'))).toBe(true);
    expect(isOpen(cal, local(NY, '2026-05-08T17:00'))).toBe(false);
    expect(isOpen(cal, local(NY, '2026-05-09T12:00'))).toBe(false);
    expect(isOpen(cal, local(NY, '2026-11-26T12:00'))).toBe(false);
  });

  it('finds the next opening over weekends and holidays', () => {
    expect(wall(NY, nextOpening(cal, local(NY, '2026-05-08T12:00')))).toBe('Fri 2026-05-08T12:00 EDT');
    expect(wall(NY, nextOpening(cal, local(NY, '2026-11-25T17:30')))).toBe('Fri 2026-11-27T09:00 EST');
    expect(wall(NY, nextOpening(cal, local(NY, '2027-07-03T08:00')))).toBe('Tue 2027-07-06T09:00 EDT');
  });

  it('counts open minutes between two instants in either order', () => {
    const a = local(NY, '2026-05-08T16:00');
    const b = local(NY, '2026-05-11T10:00');
    expect(businessMinutesBetween(cal, a, b)).toBe(120);
    expect(businessMinutesBetween(cal, b, a)).toBe(-120);
    expect(businessMinutesBetween(cal, a, a)).toBe(0);
    expect(businessMinutesBetween(cal, local(NY, '2026-11-23T00:00'), local(NY, '2026-11-30T00:00'))).toBe(4 * 480);
  });

  it('dues on the business or the instant clock', () => {
    const start = local(NY, '2026-05-08T16:00');
    expect(wall(NY, dueAt({ clock: 'business', minutes: 120 }, cal, start))).toBe('Mon 2026-05-11T10:00 EDT');
    expect(dueAt({ clock: 'instant', minutes: 120 }, cal, start).toISOString()).toBe('2026-05-08T22:00:00.000Z');
    expect(() => dueAt({ clock: 'instant', minutes: -1 }, cal, start)).toThrow(RangeError);
  });

  it('reports a calendar that never opens instead of looping', () => {
    const away = bankCalendar(NY, { outOfOffice: [{ from: '2026-01-01', to: '2099-12-31' }] });
    expect(() => addBusinessDuration(away, local(NY, '2026-05-08T16:00'), 1)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NEVER_OPEN' }),
    );
  });
});
