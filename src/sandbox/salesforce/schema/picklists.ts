/**
 * The org's standard picklist values. Lead Status and Opportunity Stage carry extra meaning
 * (converted, closed, won, probability) that lead conversion and derived fields read, so each
 * is one table here.
 */

export const LEAD_STATUSES = [
  { value: 'Open - Not Contacted', isDefault: true, isConverted: false },
  { value: 'Working - Contacted', isDefault: false, isConverted: false },
  { value: 'Closed - Converted', isDefault: false, isConverted: true },
  { value: 'Closed - Not Converted', isDefault: false, isConverted: false },
] as const;

export const DEFAULT_LEAD_STATUS = 'Open - Not Contacted';
export const CONVERTED_LEAD_STATUS = 'Closed - Converted';

/** A bank's opportunity path: the standard open stages plus application, approval and funding. */
export const OPPORTUNITY_STAGES = [
  { value: 'Prospecting', probability: 10, closed: false, won: false, forecast: 'Pipeline' },
  { value: 'Qualification', probability: 20, closed: false, won: false, forecast: 'Pipeline' },
  { value: 'Application Started', probability: 40, closed: false, won: false, forecast: 'Pipeline' },
  { value: 'Approved', probability: 80, closed: false, won: false, forecast: 'Commit' },
  { value: 'Funded', probability: 100, closed: true, won: true, forecast: 'Closed' },
  { value: 'Closed Won', probability: 100, closed: true, won: true, forecast: 'Closed' },
  { value: 'Closed Lost', probability: 0, closed: true, won: false, forecast: 'Omitted' },
] as const;

export const TASK_STATUSES = [
  { value: 'Not Started', closed: false },
  { value: 'In Progress', closed: false },
  { value: 'Completed', closed: true },
  { value: 'Waiting on someone else', closed: false },
  { value: 'Deferred', closed: false },
] as const;

export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;

export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
export const INDUSTRIES = [
  'Agriculture', 'Banking', 'Construction', 'Education', 'Finance', 'Healthcare', 'Hospitality', 'Insurance',
  'Manufacturing', 'Real Estate', 'Retail', 'Technology', 'Transportation', 'Other',
];
export const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];
