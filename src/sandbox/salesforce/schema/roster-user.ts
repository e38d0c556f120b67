import { LICENSES, RM_ROLES } from '../../../config/vocabulary';
import { field as f } from './fields';
import type { FieldDef } from './types';

/**
 * The User fields a bank adds so Salesforce can carry its routing roster: the names the shipped
 * roster.yaml's from_salesforce example reads. The sandbox fills them from the YAML
 * (rms/roster-users.ts), so the daemon runs the same with from_salesforce on or off. Picklists are
 * unrestricted, as an admin often leaves them, so a bad code reaches Handoff's own checks.
 */

const multi = (name: string, label: string, values: readonly string[]): FieldDef => ({
  ...f.picklist(name, label, [...values], { custom: true }),
  type: 'multipicklist',
  length: 4099,
  // Salesforce filters a multi-select picklist with INCLUDES/EXCLUDES only, and never sorts by one.
  sortable: false,
});

const LANGUAGES = ['en', 'es', 'zh', 'hi', 'ja', 'pl', 'ko', 'vi', 'de', 'ar', 'pt', 'fr', 'ru', 'tl', 'it'];

export const ROSTER_USER_FIELDS: FieldDef[] = [
  f.boolean('Handoff_RM__c', 'Handoff RM', { custom: true }),
  f.string('Handoff_Branch__c', 'Handoff Branch', 40, { custom: true }),
  f.string('Handoff_Queue__c', 'Handoff Queue', 40, { custom: true }),
  f.picklist('Handoff_Role__c', 'Handoff Role', [...RM_ROLES], { custom: true }),
  multi('Handoff_Licenses__c', 'Handoff Licenses', LICENSES),
  multi('Handoff_Languages__c', 'Handoff Languages', LANGUAGES),
  // Skills and segments are the bank's own words (roster.yaml, segments.yaml): free text, ';'-separated.
  f.string('Handoff_Skills__c', 'Handoff Skills', 255, { custom: true }),
  f.string('Handoff_Segments__c', 'Handoff Segments', 255, { custom: true }),
  f.double('Handoff_Capacity__c', 'Handoff Capacity', 3, 0, { custom: true }),
  f.date('Handoff_Out_Of_Office_Until__c', 'Handoff Out of Office Until', { custom: true }),
];
