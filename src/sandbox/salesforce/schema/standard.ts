import { KEY_PREFIX } from '../ids';
import { field as f, ownerField, systemFields } from './fields';
import {
  DEFAULT_LEAD_STATUS, INDUSTRIES, LEAD_SOURCES, LEAD_STATUSES, OPPORTUNITY_STAGES, SALUTATIONS, TASK_PRIORITIES,
  TASK_STATUSES,
} from './picklists';
import { ROSTER_USER_FIELDS } from './roster-user';
import type { FieldDef, SObjectDef } from './types';

/**
 * The standard objects the connector and the simulated RMs touch, with the fields, lengths and
 * flags a real org describes. User, Group, QueueSobject, GroupMember, LeadStatus and RecordType
 * are read-only over the emulated API: the sandbox seeds them (addUser, addQueue).
 */

interface ObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  writable: boolean | 'update';
  fields: FieldDef[];
}

const nameOf = (length: number) => f.string('Name', 'Full Name', length, { calculated: true, nameField: true });
const address = (prefix: string, label: string) => [
  f.textarea(`${prefix}Street`, `${label} Street`, 255),
  f.string(`${prefix}City`, `${label} City`, 40),
  f.string(`${prefix}State`, `${label} State/Province`, 80),
  f.string(`${prefix}PostalCode`, `${label} Zip/Postal Code`, 20),
  f.string(`${prefix}Country`, `${label} Country`, 80),
];
const whoWhat = (child: string) => [
  f.reference('WhoId', 'Name ID', ['Contact', 'Lead'], 'Who', { childRelationshipName: child }),
  f.reference('WhatId', 'Related To ID', ['Account', 'Opportunity'], 'What', { childRelationshipName: child }),
  f.reference('AccountId', 'Account ID', ['Account'], 'Account', { readOnly: true }),
];

const lead: ObjectSpec = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  writable: true,
  fields: [
    ownerField(['Group', 'User']),
    f.string('LastName', 'Last Name', 80, { required: true }),
    f.string('FirstName', 'First Name', 40),
    f.string('MiddleName', 'Middle Name', 40),
    f.string('Suffix', 'Suffix', 40),
    f.picklist('Salutation', 'Salutation', SALUTATIONS),
    { ...nameOf(121), nillable: false },
    f.string('Title', 'Title', 128),
    f.string('Company', 'Company', 255, { required: true }),
    ...address('', 'Lead').map((x) => ({ ...x, label: x.label.replace('Lead ', '') })),
    f.double('Latitude', 'Latitude', 18, 15),
    f.double('Longitude', 'Longitude', 18, 15),
    f.phone('Phone', 'Phone'),
    f.phone('MobilePhone', 'Mobile Phone'),
    f.phone('Fax', 'Fax'),
    f.email('Email', 'Email'),
    f.url('Website', 'Website'),
    f.textarea('Description', 'Description', 32000),
    f.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    f.picklist('Status', 'Status', LEAD_STATUSES.map((s) => s.value), {
      defaulted: true,
      defaultValue: DEFAULT_LEAD_STATUS,
      restricted: true,
    }),
    f.picklist('Industry', 'Industry', INDUSTRIES),
    f.picklist('Rating', 'Rating', ['Hot', 'Warm', 'Cold']),
    f.currency('AnnualRevenue', 'Annual Revenue', 18, 0),
    f.int('NumberOfEmployees', 'Employees'),
    f.boolean('HasOptedOutOfEmail', 'Email Opt Out'),
    f.boolean('HasOptedOutOfFax', 'Fax Opt Out'),
    f.boolean('DoNotCall', 'Do Not Call'),
    f.string('EmailBouncedReason', 'Email Bounced Reason', 255),
    f.datetime('EmailBouncedDate', 'Email Bounced Date'),
    f.boolean('IsConverted', 'Converted', { readOnly: true }),
    f.date('ConvertedDate', 'Converted Date', { readOnly: true }),
    f.reference('ConvertedAccountId', 'Converted Account ID', ['Account'], 'ConvertedAccount', { readOnly: true }),
    f.reference('ConvertedContactId', 'Converted Contact ID', ['Contact'], 'ConvertedContact', { readOnly: true }),
    f.reference('ConvertedOpportunityId', 'Converted Opportunity ID', ['Opportunity'], 'ConvertedOpportunity', { readOnly: true }),
    f.boolean('IsUnreadByOwner', 'Unread By Owner'),
    f.reference('MasterRecordId', 'Master Record ID', ['Lead'], 'MasterRecord', { readOnly: true }),
    f.date('LastActivityDate', 'Last Activity', { readOnly: true }),
  ],
};

const task: ObjectSpec = {
  name: 'Task',
  label: 'Task',
  labelPlural: 'Tasks',
  writable: true,
  fields: [
    ownerField(['User']),
    ...whoWhat('Tasks'),
    f.combobox('Subject', 'Subject', 255, ['Call', 'Send Letter', 'Send Quote', 'Other']),
    f.date('ActivityDate', 'Due Date Only'),
    f.picklist('Status', 'Status', TASK_STATUSES.map((s) => s.value), { defaulted: true, defaultValue: 'Not Started', restricted: true }),
    f.picklist('Priority', 'Priority', [...TASK_PRIORITIES], { defaulted: true, defaultValue: 'Normal', restricted: true }),
    f.boolean('IsHighPriority', 'High Priority', { readOnly: true }),
    f.textarea('Description', 'Description', 32000),
    f.picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
    f.picklist('TaskSubtype', 'Task Subtype', ['Task', 'Email', 'Call'], { createOnly: true }),
    f.boolean('IsClosed', 'Closed', { readOnly: true }),
    f.datetime('CompletedDateTime', 'Completed Date/Time', { readOnly: true }),
    f.int('CallDurationInSeconds', 'Call Duration'),
    f.string('CallDisposition', 'Call Result', 255),
    f.picklist('CallType', 'Call Type', ['Internal', 'Inbound', 'Outbound']),
    f.boolean('IsReminderSet', 'Reminder Set'),
    f.datetime('ReminderDateTime', 'Reminder Date/Time'),
  ],
};

const event: ObjectSpec = {
  name: 'Event',
  label: 'Event',
  labelPlural: 'Events',
  writable: true,
  fields: [
    ownerField(['User']),
    ...whoWhat('Events'),
    f.combobox('Subject', 'Subject', 255, ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other']),
    f.string('Location', 'Location', 255),
    f.boolean('IsAllDayEvent', 'All-Day Event'),
    f.datetime('ActivityDateTime', 'Due Date Time'),
    f.date('ActivityDate', 'Due Date Only'),
    f.datetime('StartDateTime', 'Start Date Time'),
    f.datetime('EndDateTime', 'End Date Time'),
    f.int('DurationInMinutes', 'Duration'),
    f.textarea('Description', 'Description', 32000),
    f.picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
    f.picklist('ShowAs', 'Show Time As', ['Busy', 'OutOfOffice', 'Free'], { defaulted: true, defaultValue: 'Busy' }),
    f.picklist('EventSubtype', 'Event Subtype', ['Event'], { createOnly: true }),
  ],
};

const opportunity: ObjectSpec = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  writable: true,
  fields: [
    ownerField(['User']),
    f.reference('AccountId', 'Account ID', ['Account'], 'Account', { childRelationshipName: 'Opportunities' }),
    f.string('Name', 'Name', 120, { required: true, nameField: true }),
    f.textarea('Description', 'Description', 32000),
    f.picklist('StageName', 'Stage', OPPORTUNITY_STAGES.map((s) => s.value), { required: true, restricted: true }),
    f.currency('Amount', 'Amount'),
    f.percent('Probability', 'Probability (%)', 3, 0, { defaulted: true }),
    f.date('CloseDate', 'Close Date', { required: true }),
    f.picklist('Type', 'Opportunity Type', ['New Business', 'Existing Business']),
    f.string('NextStep', 'Next Step', 255),
    f.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    f.boolean('IsClosed', 'Closed', { readOnly: true }),
    f.boolean('IsWon', 'Won', { readOnly: true }),
    f.picklist('ForecastCategoryName', 'Forecast Category', ['Pipeline', 'Best Case', 'Commit', 'Omitted', 'Closed'], {
      defaulted: true,
    }),
    f.date('LastActivityDate', 'Last Activity', { readOnly: true }),
  ],
};

const contact: ObjectSpec = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  writable: true,
  fields: [
    ownerField(['User']),
    f.reference('AccountId', 'Account ID', ['Account'], 'Account', { childRelationshipName: 'Contacts' }),
    f.string('LastName', 'Last Name', 80, { required: true }),
    f.string('FirstName', 'First Name', 40),
    f.picklist('Salutation', 'Salutation', SALUTATIONS),
    { ...nameOf(121), nillable: false },
    f.string('Title', 'Title', 128),
    f.email('Email', 'Email'),
    f.phone('Phone', 'Business Phone'),
    f.phone('MobilePhone', 'Mobile Phone'),
    ...address('Mailing', 'Mailing'),
    f.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    f.textarea('Description', 'Contact Description', 32000),
    f.boolean('HasOptedOutOfEmail', 'Email Opt Out'),
    f.boolean('DoNotCall', 'Do Not Call'),
    f.date('Birthdate', 'Birthdate'),
    f.date('LastActivityDate', 'Last Activity', { readOnly: true }),
  ],
};

const account: ObjectSpec = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  writable: true,
  fields: [
    ownerField(['User']),
    f.string('Name', 'Account Name', 255, { required: true, nameField: true }),
    f.reference('ParentId', 'Parent Account ID', ['Account'], 'Parent', { childRelationshipName: 'ChildAccounts' }),
    f.picklist('Type', 'Account Type', ['Prospect', 'Customer', 'Partner', 'Other']),
    f.picklist('Industry', 'Industry', INDUSTRIES),
    f.phone('Phone', 'Account Phone'),
    f.url('Website', 'Website'),
    ...address('Billing', 'Billing'),
    f.textarea('Description', 'Account Description', 32000),
    f.currency('AnnualRevenue', 'Annual Revenue', 18, 0),
    f.int('NumberOfEmployees', 'Employees'),
    f.date('LastActivityDate', 'Last Activity', { readOnly: true }),
  ],
};

const user: ObjectSpec = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  writable: 'update',
  fields: [
    f.string('Username', 'Username', 80, { required: true, unique: true }),
    f.string('LastName', 'Last Name', 80, { required: true }),
    f.string('FirstName', 'First Name', 40),
    { ...nameOf(121), nillable: false },
    f.string('Alias', 'Alias', 8, { required: true }),
    { ...f.email('Email', 'Email', { required: true }), length: 128 },
    f.boolean('IsActive', 'Active'),
    f.picklist('UserType', 'User Type', ['Standard', 'AutomatedProcess'], { readOnly: true }),
    f.string('Title', 'Title', 80),
    f.string('Department', 'Department', 80),
    f.string('Division', 'Division', 80),
    f.phone('Phone', 'Phone'),
    f.phone('MobilePhone', 'Mobile'),
    f.reference('ManagerId', 'Manager ID', ['User'], 'Manager'),
    f.string('EmployeeNumber', 'Employee Number', 20),
    f.string('FederationIdentifier', 'SAML Federation ID', 512),
    f.picklist('TimeZoneSidKey', 'Time Zone', ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'], {
      defaulted: true,
      defaultValue: 'America/New_York',
    }),
    ...address('', 'User').slice(1).map((x) => ({ ...x, label: x.label.replace('User ', '') })),
    ...ROSTER_USER_FIELDS,
  ],
};

const group: ObjectSpec = {
  name: 'Group',
  label: 'Group',
  labelPlural: 'Groups',
  writable: false,
  fields: [
    f.reference('OwnerId', 'Owner ID', ['User'], 'Owner', { readOnly: true }),
    f.string('Name', 'Name', 40, { required: true, nameField: true }),
    f.string('DeveloperName', 'Developer Name', 80, { required: true }),
    f.picklist('Type', 'Type', ['Regular', 'Role', 'Queue', 'Organization'], { required: true }),
    f.email('Email', 'Email'),
    f.boolean('DoesSendEmailToMembers', 'Send Email to Members'),
  ],
};

const readOnlyObject = (name: string, labelPlural: string, fields: FieldDef[]): ObjectSpec => ({
  name,
  label: name,
  labelPlural,
  writable: false,
  fields: fields.map((x) => ({ ...x, createable: false, updateable: false })),
});

const queueSobject = readOnlyObject('QueueSobject', 'Queue Sobjects', [
  f.reference('QueueId', 'Group ID', ['Group'], 'Queue', { required: true }),
  f.picklist('SobjectType', 'Sobject Type', ['Lead', 'Case', 'Task'], { required: true }),
]);
const groupMember = readOnlyObject('GroupMember', 'Group Members', [
  f.reference('GroupId', 'Group ID', ['Group'], 'Group', { required: true, childRelationshipName: 'GroupMembers' }),
  f.reference('UserOrGroupId', 'User/Group ID', ['User', 'Group'], 'UserOrGroup', { required: true }),
]);
const leadStatus = readOnlyObject('LeadStatus', 'Lead Status Values', [
  f.string('MasterLabel', 'Master Label', 255, { required: true }),
  f.string('ApiName', 'Api Name', 255, { required: true }),
  f.int('SortOrder', 'Sort Order'),
  f.boolean('IsDefault', 'Is Default'),
  f.boolean('IsConverted', 'Is Converted'),
]);
const recordType = readOnlyObject('RecordType', 'Record Types', [
  f.string('Name', 'Record Type Label', 80, { required: true, nameField: true }),
  f.string('DeveloperName', 'Record Type Name', 80, { required: true }),
  f.picklist('SobjectType', 'SObject Type Name', ['Lead', 'Opportunity', 'Account', 'Contact', 'Task', 'Event'], { required: true }),
  f.boolean('IsActive', 'Active'),
  f.string('Description', 'Description', 255),
]);

const SPECS = [lead, task, event, opportunity, contact, account, user, group, queueSobject, groupMember, leadStatus, recordType];

export function standardObjects(): SObjectDef[] {
  return SPECS.map((s) => ({
    name: s.name,
    label: s.label,
    labelPlural: s.labelPlural,
    keyPrefix: KEY_PREFIX[s.name as keyof typeof KEY_PREFIX],
    custom: false,
    createable: s.writable === true,
    updateable: s.writable !== false,
    deletable: s.writable === true,
    queryable: true,
    fields: [...systemFields(), ...s.fields.map((x) => ({ ...x }))],
  }));
}
