import { datetimeToMs, formatDate, formatDatetime } from '../datetime';
import { sfError, type SfError } from '../errors';
import type { Org } from '../org';
import { OPPORTUNITY_STAGES, TASK_STATUSES } from '../schema/picklists';
import type { SfRecord } from '../store';

/**
 * Fields Salesforce computes from others, and the per-object rules that are not plain field
 * flags (an Event needs a duration or an end). Runs on the assembled record before it is stored;
 * mutates `row` and returns errors, if any.
 */
export function applyDerived(
  type: string,
  row: SfRecord,
  prev: SfRecord | undefined,
  touched: Set<string>,
  org: Org,
): SfError[] {
  switch (type) {
    case 'Lead':
    case 'Contact':
    case 'User':
      row.Name = [row.FirstName, row.LastName].filter((x) => typeof x === 'string' && x !== '').join(' ');
      return [];
    case 'Task':
      return deriveTask(row, prev, org);
    case 'Event':
      return deriveEvent(row, touched, org);
    case 'Opportunity':
      return deriveOpportunity(row, prev, touched);
    default:
      return [];
  }
}

/** Task and Event AccountId follows What (an Account, or an Opportunity's Account) or else a Contact Who. */
function activityAccount(row: SfRecord, org: Org): string | null {
  const what = typeof row.WhatId === 'string' ? org.store.lookup(row.WhatId) : undefined;
  if (what?.type === 'Account') return String(what.row.Id);
  if (what?.type === 'Opportunity') return (what.row.AccountId as string | null) ?? null;
  const who = typeof row.WhoId === 'string' ? org.store.lookup(row.WhoId) : undefined;
  if (who?.type === 'Contact') return (who.row.AccountId as string | null) ?? null;
  return null;
}

function deriveTask(row: SfRecord, prev: SfRecord | undefined, org: Org): SfError[] {
  const closed = TASK_STATUSES.some((s) => s.value === row.Status && s.closed);
  row.IsClosed = closed;
  row.IsHighPriority = row.Priority === 'High';
  if (closed && !prev?.IsClosed) row.CompletedDateTime = formatDatetime(org.now());
  if (!closed) row.CompletedDateTime = null;
  row.TaskSubtype ??= 'Task';
  row.AccountId = activityAccount(row, org);
  return [];
}

function deriveEvent(row: SfRecord, touched: Set<string>, org: Org): SfError[] {
  row.AccountId = activityAccount(row, org);
  row.EventSubtype ??= 'Event';
  if (row.IsAllDayEvent === true) {
    const date = (row.ActivityDate as string | null) ?? (typeof row.StartDateTime === 'string' ? formatDate(datetimeToMs(row.StartDateTime)) : null);
    if (!date) return [sfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [ActivityDate]', ['ActivityDate'])];
    row.ActivityDate = date;
    const start = Date.parse(`${date}T00:00:00Z`);
    row.StartDateTime = row.ActivityDateTime = formatDatetime(start);
    row.DurationInMinutes = 1440;
    row.EndDateTime = formatDatetime(start + 1440 * 60_000);
    return [];
  }
  const startRaw = (touched.has('ActivityDateTime') && !touched.has('StartDateTime')
    ? row.ActivityDateTime
    : row.StartDateTime ?? row.ActivityDateTime) as string | null;
  if (!startRaw) return [sfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [StartDateTime]', ['StartDateTime'])];
  const start = datetimeToMs(startRaw);
  let minutes = typeof row.DurationInMinutes === 'number' ? row.DurationInMinutes : null;
  // A new end sets the duration; otherwise the duration holds and the end moves with the start.
  const endWins = touched.has('EndDateTime') || (minutes === null && typeof row.EndDateTime === 'string');
  if (endWins && typeof row.EndDateTime === 'string') {
    const end = datetimeToMs(row.EndDateTime);
    if (end < start) {
      return [sfError('FIELD_INTEGRITY_EXCEPTION', 'End Date Time: End time must be after start time', ['EndDateTime'])];
    }
    minutes = Math.round((end - start) / 60_000);
  }
  if (minutes === null) {
    return [sfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', ['DurationInMinutes'])];
  }
  if (minutes < 0 || minutes > 14 * 1440) {
    return [sfError('FIELD_INTEGRITY_EXCEPTION', 'Duration: Event duration cannot be negative or longer than 14 days', ['DurationInMinutes'])];
  }
  row.StartDateTime = row.ActivityDateTime = formatDatetime(start);
  row.DurationInMinutes = minutes;
  row.EndDateTime = formatDatetime(start + minutes * 60_000);
  row.ActivityDate = formatDate(start);
  return [];
}

function deriveOpportunity(row: SfRecord, prev: SfRecord | undefined, touched: Set<string>): SfError[] {
  const stage = OPPORTUNITY_STAGES.find((s) => s.value === row.StageName);
  if (!stage) return [];
  row.IsClosed = stage.closed;
  row.IsWon = stage.won;
  // Probability and forecast category follow the stage unless the same write set them.
  const stageMoved = !prev || prev.StageName !== row.StageName;
  if ((stageMoved && !touched.has('Probability')) || row.Probability === null || row.Probability === undefined) {
    row.Probability = stage.probability;
  }
  if ((stageMoved && !touched.has('ForecastCategoryName')) || !row.ForecastCategoryName) {
    row.ForecastCategoryName = stage.forecast;
  }
  return [];
}
