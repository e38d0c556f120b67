/** Checks inside roster.yaml: unique ids, each RM's home, addresses, and usable calendars. */
import { checkCalendarSpec } from '../../domain/calendar/build';
import type { CalendarSpec } from '../../domain/calendar/types';
import { lookupUsZip } from '../../domain/geo/zip';
import { branchCalendar, rmCalendar } from '../calendars';
import type { PathSegment } from '../config-error';
import type { RosterConfig } from '../schemas/roster';
import { checkKnown, checkUnique } from './context';
import type { CheckContext } from './context';

export function checkRoster(r: RosterConfig, ctx: CheckContext): void {
  const skills = checkUnique(ctx, r.skills, (s) => s, (i) => ['skills', i], 'skill');
  const branches = checkUnique(ctx, r.branches, (b) => b.id, (i) => ['branches', i, 'id'], 'branch id');
  const queues = checkUnique(ctx, r.queues, (q) => q.id, (i) => ['queues', i, 'id'], 'queue id');
  checkUnique(ctx, r.queues, (q) => q.salesforce_queue, (i) => ['queues', i, 'salesforce_queue'], 'Salesforce queue');
  checkUnique(ctx, r.rms, (m) => m.id, (i) => ['rms', i, 'id'], 'RM id');
  checkUnique(ctx, r.rms, (m) => m.salesforce_username.toLowerCase(), (i) => ['rms', i, 'salesforce_username'], 'Salesforce username');

  r.branches.forEach((b, i) => {
    const zip = lookupUsZip(b.address.zip);
    if (!zip.ok) {
      ctx.report({ path: ['branches', i, 'address', 'zip'], code: 'bad_address', message: `"${b.address.zip}": ${zip.message}; nearest-branch routing needs the branch's location`, found: b.address.zip });
    } else if (zip.state !== b.address.state) {
      ctx.report({ path: ['branches', i, 'address', 'state'], code: 'bad_address', message: `ZIP ${b.address.zip} is in ${zip.state}, not ${b.address.state}`, found: b.address.state });
    }
    calendarProblems(ctx, ['branches', i], branchCalendar(r, b));
  });
  r.queues.forEach((q, i) => calendarProblems(ctx, ['queues', i], branchCalendar(r, q)));

  r.rms.forEach((rm, i) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['rms', i, ...rest];
    if ((rm.branch === undefined) === (rm.queue === undefined)) {
      ctx.report({ path: at(), code: 'missing_key', message: 'give the RM a home: either branch (branch staff) or queue (inside sales, contact center), not both' });
    }
    let homeKnown = true;
    if (rm.branch !== undefined) {
      homeKnown = checkKnown(ctx, { path: at('branch'), noun: 'branch', value: rm.branch, known: branches, expected: 'one of the branches in roster.yaml' });
    }
    if (rm.queue !== undefined) {
      homeKnown = checkKnown(ctx, { path: at('queue'), noun: 'queue', value: rm.queue, known: queues, expected: 'one of the queues in roster.yaml' }) && homeKnown;
    }
    rm.skills.forEach((s, k) => checkKnown(ctx, { path: at('skills', k), noun: 'skill', value: s, known: skills, expected: 'one of the skills listed at the top of roster.yaml' }));
    rm.out_of_office.forEach((o, k) => {
      if (o.to < o.from) ctx.report({ path: at('out_of_office', k, 'to'), code: 'bad_value', message: `ends (${o.to}) before it starts (${o.from})` });
    });
    const cal = homeKnown ? rmCalendar(r, rm) : undefined;
    if (cal) calendarProblems(ctx, at(), { ...cal, outOfOffice: [] });
  });
}

/** The calendar domain's own checks, for what the schema cannot see (a week with no open hours). */
function calendarProblems(ctx: CheckContext, base: PathSegment[], spec: CalendarSpec): void {
  const FIELD: Record<string, string> = { timeZone: 'time_zone', hours: 'hours', holidays: 'holidays', extraClosedDates: 'closed_dates', outOfOffice: 'out_of_office' };
  for (const p of checkCalendarSpec(spec)) {
    const head = p.path.split(/[.[]/)[0] ?? '';
    ctx.report({ path: [...base, FIELD[head] ?? head], code: 'bad_calendar', message: p.message });
  }
}
